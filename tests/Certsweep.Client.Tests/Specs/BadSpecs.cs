using Certsweep.Client.Specs;

namespace Certsweep.Client.Tests.Specs;

/// <summary>The catalogue of invalid specs every layer is tested with (parser API, CLI process, JSON Schema).</summary>
public static class BadSpecs
{
    private const SpecFormat Yaml = SpecFormat.Yaml;
    private const SpecFormat Json = SpecFormat.Json;

    public static IReadOnlyList<BadSpec> All { get; } =
    [
        new("unknown dataset", Yaml, """
            dataset: imagenet
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            """, "dataset", "imagenet", SchemaRejects: true),
        new("unknown model", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {model: [cnn, resnet50], warmup: 5}
            """, "axes.model[1]", "resnet50", SchemaRejects: true),
        new("negative lambda", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [0.5, -0.5], warmup: 5}
            """, "axes.lambda[1]", "-0.5", SchemaRejects: true),
        new("non-numeric lambda", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [abc], warmup: 5}
            """, "axes.lambda[0]", "abc", SchemaRejects: true),
        new("lambda quoted as a string in JSON", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "axes": {"lambda": ["0.5"], "warmup": 5}}
            """, "axes.lambda[0]", "0.5", SchemaRejects: true),
        new("warmup longer than the run", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: [5, 30]}
            """, "axes.warmup[1]", "30", SchemaRejects: false),
        new("warmup start pushes the ramp past the last epoch", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              warmup: [{length: 5, start: 8}]
            """, "axes.warmup[0]", "5", SchemaRejects: false),
        new("empty axis", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {model: [], warmup: 5}
            """, "axes.model", "[]", SchemaRejects: true),
        new("eps above 1", Yaml, """
            dataset: mnist
            eps: 1.5
            epochs: 10
            axes: {warmup: 5}
            """, "eps", "1.5", SchemaRejects: true),
        new("eps zero in JSON", Json, """
            {"dataset": "mnist", "eps": 0, "epochs": 10, "axes": {"warmup": 5}}
            """, "eps", "0", SchemaRejects: true),
        new("eps fraction above 1", Yaml, """
            dataset: cifar10
            eps: 300/255
            epochs: 10
            axes: {warmup: 5}
            """, "eps", "300/255", SchemaRejects: false),
        new("grid larger than the configured limit", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [0.1, 0.2, 0.5], seed: [1, 2, 3, 4], warmup: 5}
            """, "axes", "a grid of 12 trials", SchemaRejects: false, MaxTrials: 10),
        new("random search larger than the configured limit", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: {distribution: uniform, min: 0, max: 1}, warmup: 5}
            search: {kind: random, trials: 50}
            """, "search.trials", "50", SchemaRejects: false, MaxTrials: 10),
        new("unknown top-level key", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            learning_rate: 0.001
            axes: {warmup: 5}
            """, "learning_rate", "learning_rate", SchemaRejects: true),
        new("misspelt axis key", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lamda: [0.5], warmup: 5}
            """, "axes.lamda", "lamda", SchemaRejects: true),
        new("camelCase key in JSON", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "batchSize": 64, "axes": {"warmup": 5}}
            """, "batchSize", "batchSize", SchemaRejects: true),
        new("malformed YAML: unclosed list", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: [0.1, 0.5
              warmup: 5
            """, "axes.lambda", "lambda: [0.1, 0.5", SchemaRejects: false),
        new("malformed YAML: bad indentation", Yaml, """
            dataset: mnist
            eps: 0.1
              epochs: 10
            """, "eps", "epochs: 10", SchemaRejects: false),
        new("malformed JSON: trailing comma", Json, """
            {
              "dataset": "mnist",
              "eps": 0.1,
              "epochs": 10,
              "axes": {"lambda": [0.1, 0.5,], "warmup": 5}
            }
            """, "axes.lambda", "\"lambda\": [0.1, 0.5,]", SchemaRejects: false),
        new("malformed JSON: missing closing brace", Json, """
            {
              "dataset": "mnist",
              "eps": 0.1,
              "epochs": 10
            """, "epochs", "\"epochs\": 10", SchemaRejects: false),
        new("distribution under grid search", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: uniform, min: 0.1, max: 1}
              warmup: 5
            """, "axes.lambda", "uniform", SchemaRejects: true),
        new("random search without a trial count", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: uniform, min: 0.1, max: 1}
              warmup: 5
            search: {kind: random, seed: 3}
            """, "search.trials", "nothing", SchemaRejects: true),
        new("trial count under grid search", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            search: {trials: 5}
            """, "search.trials", "5", SchemaRejects: true),
        new("log_uniform with min 0", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: log_uniform, min: 0, max: 1}
              warmup: 5
            search: {kind: random, trials: 4}
            """, "axes.lambda.min", "0", SchemaRejects: true),
        new("distribution max below min", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: uniform, min: 1, max: 0.5}
              warmup: 5
            search: {kind: random, trials: 4}
            """, "axes.lambda.max", "0.5", SchemaRejects: false),
        new("random search asking for more trials than its axes hold", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [0.1, 0.5], warmup: [3, 5], seed: [1, 2]}
            search: {kind: random, trials: 10}
            """, "search.trials", "10", SchemaRejects: false),
        new("unknown distribution", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: normal, min: 0.1, max: 1}
              warmup: 5
            search: {kind: random, trials: 4}
            """, "axes.lambda.distribution", "normal", SchemaRejects: true),
        new("unknown search kind", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [0.1, 0.5], warmup: 5}
            search: {kind: bayes, trials: 4}
            """, "search.kind", "bayes", SchemaRejects: true),
        new("tpe with fewer trials than its start-up", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: log_uniform, min: 0.05, max: 2}
              warmup: 5
            search: {kind: tpe, trials: 5, startup: 8}
            """, "search.trials", "5", SchemaRejects: false),
        new("tpe with nothing to search", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            search: {kind: tpe, trials: 20}
            """, "axes", "only axes of one value", SchemaRejects: false),
        new("start-up under random search", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              lambda: {distribution: uniform, min: 0.1, max: 1}
              warmup: 5
            search: {kind: random, trials: 4, startup: 2}
            """, "search.startup", "2", SchemaRejects: false),
        new("unknown scheduler kind", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            scheduler: {kind: hyperband}
            """, "scheduler.kind", "hyperband", SchemaRejects: true),
        new("scheduler reduction factor below 2", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            scheduler: {kind: asha, reduction_factor: 1}
            """, "scheduler.reduction_factor", "1", SchemaRejects: true),
        new("scheduler metric that is not an objective", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            objectives: verified_error
            scheduler: {kind: median, metric: clean_error}
            """, "scheduler.metric", "clean_error", SchemaRejects: false),
        new("repeated objective", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            objectives: [verified_error, verified_error]
            """, "objectives[1]", "verified_error", SchemaRejects: true),
        new("unknown objective", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "axes": {"warmup": 5}, "objectives": ["verified_error", "pgd_error"]}
            """, "objectives[1]", "pgd_error", SchemaRejects: true),
        new("validation split as large as the training set", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            selection: {split: validation, size: 60000}
            """, "selection.size", "60000", SchemaRejects: false),
        new("unknown selection split", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            selection: {split: train}
            """, "selection.split", "train", SchemaRejects: true),
        new("bad method", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {method: [fast, crown], warmup: 5}
            """, "axes.method[1]", "crown", SchemaRejects: true),
        new("unknown key in a method item", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              method: [fast, {init: ibp, regularizer: relu}]
              warmup: 5
            """, "axes.method[1].regularizer", "regularizer", SchemaRejects: true),
        new("method item value a component does not allow", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              method: [vanilla, fast, crown-ibp, {init: ibp, bn: batch}]
              warmup: 5
            """, "axes.method[3].bn", "batch", SchemaRejects: true),
        new("empty method item", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "axes": {"method": ["fast", {}], "warmup": 5}}
            """, "axes.method[1]", "{}", SchemaRejects: true),
        new("preset name inside a method item", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              method: [{method: fast, bn: mean}]
              warmup: 5
            """, "axes.method[0].method", "method", SchemaRejects: true),
        new("method item component that is also an axis", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              method: [fast, {init: ibp, bn: mean}]
              bn: [full, mean]
              warmup: 5
            """, "axes.method[1].bn", "mean", SchemaRejects: false),
        new("method items that give the same trials", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              method: [vanilla, fast, {init: ibp}]
              warmup: 5
            """, "axes.method[2]", "{init: ibp}", SchemaRejects: false),
        new("crown-ibp method item with warmup 0", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            schedule: {kind: linear}
            axes:
              method: [fast, crown-ibp]
              warmup: 0
            """, "axes.method[1]", "crown-ibp", SchemaRejects: false),
        new("non-integer seed", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {seed: [1, 1.5], warmup: 5}
            """, "axes.seed[1]", "1.5", SchemaRejects: true),
        new("duplicate key in YAML", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            eps: 0.3
            """, "eps", "eps", SchemaRejects: false),
        new("duplicate key in JSON", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "axes": {"warmup": 5, "warmup": 6}}
            """, "axes.warmup", "warmup", SchemaRejects: false),
        new("epochs as a word", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: ten
            """, "epochs", "ten", SchemaRejects: true),
        new("epochs as a JSON string", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": "10", "axes": {"warmup": 5}}
            """, "epochs", "10", SchemaRejects: true),
        new("schedule as a list", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            schedule: [smoothed, 2]
            axes: {warmup: 5}
            """, "schedule", "a list", SchemaRejects: true),
        new("unknown schedule kind", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            schedule: {kind: cosine}
            axes: {warmup: 5}
            """, "schedule.kind", "cosine", SchemaRejects: true),
        new("required key missing", Yaml, """
            dataset: mnist
            epochs: 10
            axes: {warmup: 5}
            """, "eps", "nothing", SchemaRejects: true),
        new("empty file", Yaml, "# only a comment\n", "spec", "an empty file", SchemaRejects: false),
        new("a list instead of a mapping", Yaml, """
            - dataset: mnist
            - eps: 0.1
            """, "spec", "a list", SchemaRejects: true),
        new("batch size 1", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            batch_size: 1
            axes: {warmup: 5}
            """, "batch_size", "1", SchemaRejects: true),
        new("gradient accumulation leaves one sample per micro-batch", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            batch_size: 4
            grad_acc: 4
            axes: {warmup: 5}
            """, "grad_acc", "4", SchemaRejects: false),
        new("repeated axis value", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [0.5, 0.2, 0.5], warmup: 5}
            """, "axes.lambda[2]", "0.5", SchemaRejects: true),
        new("warmup setting without length", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              warmup: [{start: 2}]
            """, "axes.warmup[0].length", "nothing", SchemaRejects: true),
        new("warmup start 0", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes:
              warmup: [{length: 5, start: 0}]
            """, "axes.warmup[0].start", "0", SchemaRejects: true),
        new("negative learning rate", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            lr: -0.001
            axes: {warmup: 5}
            """, "lr", "-0.001", SchemaRejects: true),
        new("fractional lr milestone", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            lr_milestones: [5.5]
            axes: {warmup: 5}
            """, "lr_milestones[0]", "5.5", SchemaRejects: true),
        new("lr milestones out of order", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            lr_milestones: [8, 5]
            axes: {warmup: 5}
            """, "lr_milestones", "[8, 5]", SchemaRejects: false),
        new("repeated lr milestone", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "lr_milestones": [6, 6], "axes": {"warmup": 5}}
            """, "lr_milestones", "[6, 6]", SchemaRejects: true),
        new("lr milestone past the last epoch", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            lr_milestones: [5, 12]
            axes: {warmup: 5}
            """, "lr_milestones", "[5, 12]", SchemaRejects: false),
        new("early stopping with zero patience", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {warmup: 5}
            early_stopping: {patience: 0}
            """, "early_stopping.patience", "0", SchemaRejects: true),
        new("negative max concurrency", Json, """
            {"dataset": "mnist", "eps": 0.1, "epochs": 10, "axes": {"warmup": 5}, "max_concurrency": -1}
            """, "max_concurrency", "-1", SchemaRejects: true),
        new("NaN lambda", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [.nan], warmup: 5}
            """, "axes.lambda[0]", ".nan", SchemaRejects: false),
        new("two YAML documents", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            ---
            dataset: cifar10
            """, "spec", "a second document", SchemaRejects: false),
        new("custom YAML tag", Yaml, """
            dataset: !dataset mnist
            eps: 0.1
            epochs: 10
            """, "dataset", "mnist", SchemaRejects: false),
        new("alias of an undefined anchor", Yaml, """
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {model: *models, warmup: 5}
            """, "axes.model", "*models", SchemaRejects: false),
    ];

    public static TheoryData<BadSpec> Cases() => new(All);

    public static TheoryData<BadSpec> SchemaCases() => new(All.Where(c => c.SchemaRejects));
}
