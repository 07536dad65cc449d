using System.CommandLine;
using System.Globalization;
using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training;
using Certsweep.Training.Bounds;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Evaluation;
using Certsweep.Training.Loop;
using TorchSharp;

namespace Certsweep.Client.Local;

/// <summary><c>certsweep eval</c>: clean error and the verified error of every asked bound kind (IBP, CROWN-IBP, full
/// CROWN; docs/method.md §8) of a checkpoint or PyTorch file on a test set, side by side, and optionally each image's
/// certificates (<see cref="PerImageCertificates"/>).</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A certsweep checkpoint, or a PyTorch state_dict (.pt, with --model and --dataset)." };
        var dataset = new Option<string?>("--dataset") { Description = $"Test set: {string.Join(", ", DatasetCatalog.Names)} (default: the checkpoint's)." };
        var eps = new Option<double?>("--eps") { Description = "Eps in raw pixel units [0, 1] (default: the checkpoint's training eps)." };
        var model = new Option<string?>("--model") { Description = "Model of a PyTorch file (a checkpoint names its own)." };
        var bound = new Option<string[]>("--bound")
        {
            Description = $"Bound kinds to certify with, side by side: {string.Join(", ", BoundKinds.Names)} (repeat the option or give a comma list; default ibp).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["ibp"],
        };
        var perImage = new Option<string?>("--per-image") { Description = "Write every image's certificates to this CSV file (index, label, prediction, per bound: certified, worst margin lower bound)." };
        var dataRoot = new Option<string?>("--data-root") { Description = $"Directory holding data sets (default ${DatasetCatalog.DataRootVariable} or ./data)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test samples." };
        var batchSize = new Option<int>("--batch-size") { Description = "Evaluation batch size (CROWN's memory grows with it; full CROWN bounds one image at a time within a batch).", DefaultValueFactory = _ => 256 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("eval", "Clean and verified error (IBP, CROWN-IBP, CROWN) of a checkpoint or a PyTorch file on a data set's test split.")
        {
            file, dataset, eps, model, bound, perImage, dataRoot, testLimit, batchSize, device,
        };
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            try
            {
                if (parse.GetValue(batchSize) < 1 || parse.GetValue(testLimit) is < 1)
                {
                    return terminal.Fail(new CliError(ExitCodes.InvalidInput, "--batch-size and --test-limit must be at least 1."));
                }

                if (Kinds(parse.GetValue(bound)!) is not { } kinds)
                {
                    return terminal.Fail(new CliError(ExitCodes.InvalidInput,
                        $"--bound {Echo.Escape(string.Join(",", parse.GetValue(bound)!))} is not allowed; allowed: one or more of {string.Join(", ", BoundKinds.Names)}, each once."));
                }

                var target = DeviceSelection.Parse(parse.GetValue(device)!);
                using var saved = SavedNetwork.Load(parse.GetValue(file)!, parse.GetValue(model), parse.GetValue(dataset), target);
                var radius = parse.GetValue(eps) ?? saved.TrainedEps;
                if (radius is not { } r || r < 0 || r > 1)
                {
                    return terminal.Fail(new CliError(ExitCodes.InvalidInput, radius is null
                        ? "pass --eps (raw pixel units, e.g. 0.0313725 for 8/255); a PyTorch file does not record one."
                        : $"--eps {radius.Value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: 0 <= eps <= 1."));
                }

                using var test = DatasetCatalog.LoadTest(saved.Dataset.Name, parse.GetValue(dataRoot), parse.GetValue(testLimit));
                var report = CertifiedEvaluator.Run(saved.Network, test, r, kinds, target, parse.GetValue(batchSize));
                if (parse.GetValue(perImage) is { } path)
                {
                    PerImageCertificates.Write(path, report);
                }

                var clean = report.Totals[0];
                if (terminal.Format == OutputFormat.Json)
                {
                    terminal.WriteJson(new EvalResult(parse.GetValue(file)!, saved.Network.Architecture, test.Name, r, clean.Samples, clean.CleanError, target.type.ToString().ToLowerInvariant(),
                        report.Totals.Select(t => new EvalBound(t.Kind.Name(), t.VerifiedError, t.Samples - t.NotVerified, t.Seconds)).ToList(), parse.GetValue(perImage)));
                    return ExitCodes.Success;
                }

                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{saved.Network.Architecture} on {test.Name} test ({clean.Samples} samples) at eps {r:0.######} ({target.type}): clean error {100 * clean.CleanError:F2}%"));
                foreach (var totals in report.Totals)
                {
                    terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {totals.Kind.Name(),-9} verified error {100 * totals.VerifiedError:F2}% ({totals.Seconds:F1}s)"));
                }

                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                return terminal.Fail(new CliError(ExitCodes.InvalidInput, e.Message));
            }
            catch (Exception e) when (e is CheckpointException or DatasetException or IOException or UnauthorizedAccessException)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable, e.Message));
            }
        });
        return command;
    }

    /// <summary>The bound kinds named (repeated options and comma lists alike), each once; null when a name is
    /// unknown or repeated.</summary>
    private static IReadOnlyList<BoundKind>? Kinds(IEnumerable<string> written)
    {
        var names = written.SelectMany(w => w.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (names.Count == 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Count || names.Any(n => !BoundKinds.Names.Contains(n, StringComparer.Ordinal)))
        {
            return null;
        }

        return names.Select(BoundKinds.Parse).ToList();
    }
}
