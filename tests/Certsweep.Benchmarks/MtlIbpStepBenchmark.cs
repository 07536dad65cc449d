using System.Diagnostics;
using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training;
using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static Certsweep.Benchmarks.Timing;
using static TorchSharp.torch;

namespace Certsweep.Benchmarks;

/// <summary>
/// <c>mtl-ibp-step</c>: one MTL-IBP training step with the single-step and with the eight-step attack, and one PGD
/// evaluation of a batch (10 steps, 1 restart), against one IBP training step at full eps (the trainer's own
/// <see cref="TrainingStep"/>) and one IBP evaluation of the same batch, on the same network and batch; the median of
/// several after warmup iterations, taken in turn so that load on the machine hits all alike.
/// </summary>
public sealed class MtlIbpStepBenchmark : IBenchmark
{
    public string Description => "MTL-IBP steps and a PGD evaluation vs an IBP step (cnn, 1x28x28, batch 256)";

    public int Run(IReadOnlyList<string> arguments)
    {
        if (BenchmarkOptions.Parse(arguments, new Dictionary<string, string>
        {
            ["--model"] = CnnSevenLayerBn.Name, ["--batch"] = "256", ["--warmup"] = "1", ["--iterations"] = "5",
            ["--eps"] = "0.1", ["--alpha"] = "0.5", ["--pgd-steps"] = "10", ["--device"] = "cpu", ["--threads"] = "0",
        }) is not { } settings)
        {
            return 2;
        }

        var model = settings["--model"];
        var batch = settings.Int("--batch");
        var warmup = settings.Int("--warmup");
        var iterations = settings.Int("--iterations");
        var eps = settings.Double("--eps");
        var alpha = settings.Double("--alpha");
        var device = DeviceSelection.Parse(settings["--device"]);
        if (settings.Int("--threads") > 0)
        {
            set_num_threads(settings.Int("--threads"));
        }

        if (device.type == DeviceType.CPU)
        {
            // As IbpTrainer does for every CPU trial.
            CpuTensorHeap.KeepFreedMemory();
        }

        var input = MnistFormatDataset.Shape;
        const int classes = 10;
        var normalization = Normalization.Identity(1);
        var options = new TrainingOptions
        {
            Trial = TrialConfig.Of(
                Parameters.Dataset.Set(KnownDatasets.Mnist), Parameters.Model.Set(model), Parameters.Eps.Set(eps), Parameters.Epochs.Set(70),
                Parameters.BatchSize.Set(batch), Parameters.Method.Set("fast")),
        };
        using var network = ModelZoo.Create(model, input, classes);
        using (var generator = new Generator(1))
        {
            DefaultInitialization.Apply(network, generator);
            IbpInitialization.Apply(network, generator);
        }

        network.to(device).train();
        using var optimizer = optim.Adam(network.parameters(), lr: options.Get(Parameters.LearningRate));
        var ibpStep = new TrainingStep(network, optimizer, new CertifiedObjective(network, normalization, options), accumulation: 1, options.Get(Parameters.GradNorm));
        var ibpEvaluation = new CertifiedObjective(network, normalization, options);
        var singleStep = new MtlIbpLoss(alpha, MtlIbpAttack.SingleStep);
        var eightStep = new MtlIbpLoss(alpha, MtlIbpAttack.EightStep);
        var pgd = new PgdAttack(new PgdOptions { Steps = settings.Int("--pgd-steps"), StepSize = 0.25, Restarts = 1 });

        using var data = new Generator(2);
        using var images = rand(input.BatchShape(batch), generator: data).to(device);
        using var labels = randint(classes, new long[] { batch }, generator: data).to(device);
        using var attackRandom = new Generator(3);

        void MtlIbpStep(MtlIbpLoss loss)
        {
            using (ScalarGarbage.Enter())
            {
                optimizer.zero_grad();
                var terms = loss.Compute(network, images, labels, eps, normalization, attackRandom, new PropagationContext());
                terms.Loss.backward();
                nn.utils.clip_grad_norm_(network.parameters(), options.Get(Parameters.GradNorm));
                optimizer.step();
                _ = terms.Loss.item<float>();
            }

            ScalarGarbage.CollectBetweenSteps();
        }

        // Both evaluations as a test pass runs them: eval mode, no gradients, training mode again afterwards.
        void Evaluation(Action evaluate)
        {
            using (ScalarGarbage.Enter())
            {
                network.eval();
                using (no_grad())
                {
                    evaluate();
                }

                network.train();
            }

            ScalarGarbage.CollectBetweenSteps();
        }

        Console.WriteLine(
            $"mtl-ibp-step: model {model} ({network.ParameterCount():N0} parameters), input {input}, batch {batch}, eps {eps.ToString(CultureInfo.InvariantCulture)}, " +
            $"alpha {alpha.ToString(CultureInfo.InvariantCulture)}, device {device.type}, {get_num_threads()} threads, {warmup} warmup + {iterations} timed iterations each, " +
            $"{Environment.ProcessorCount} logical CPUs ({CpuModel()}), .NET {Environment.Version}");

        var process = Process.GetCurrentProcess();
        (double Wall, double Cpu) Time(Action action)
        {
            using var scope = NewDisposeScope();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            if (device.type == DeviceType.CUDA)
            {
                cuda.synchronize(device);
            }

            var wall = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            return (wall, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        var runs = new List<(string Name, Action Step, List<double> Wall, List<double> Cpu)>
        {
            ("IBP step (full eps)", () => ibpStep.Run(images, labels, eps, regularize: false, 1, 1), new(), new()),
            ("MTL-IBP step, 1-step attack", () => MtlIbpStep(singleStep), new(), new()),
            ("MTL-IBP step, 8-step attack", () => MtlIbpStep(eightStep), new(), new()),
            ("IBP evaluation (test batch)", () => Evaluation(() => ibpEvaluation.Evaluate(images, labels, eps, regularize: false)), new(), new()),
            ($"PGD evaluation ({pgd.Options.Steps} steps, 1 restart)", () => Evaluation(() =>
                PgdError.Count(network, images, labels, InputBox.Around(images, eps, normalization), pgd, attackRandom)), new(), new()),
        };

        for (var i = 0; i < warmup + iterations; i++)
        {
            foreach (var run in runs)
            {
                var (wall, cpu) = Time(run.Step);
                if (i >= warmup)
                {
                    run.Wall.Add(wall);
                    run.Cpu.Add(cpu);
                }
            }
        }

        Console.WriteLine($"  {"step",-36} {"wall median",12} {"wall min",10} {"CPU median",12} {"CPU min",10}   (ms; CPU = all threads)");
        foreach (var (name, _, wall, cpu) in runs)
        {
            Console.WriteLine($"  {name,-36} {Median(wall),12:F1} {wall.Min(),10:F1} {Median(cpu),12:F1} {cpu.Min(),10:F1}");
        }

        foreach (var run in runs.Skip(1))
        {
            // Against the IBP step timed in the same round: steadier than a ratio of medians when the load changes.
            var paired = run.Wall.Zip(runs[0].Wall, (value, ibp) => value / ibp).ToList();
            Console.WriteLine($"  ratio {run.Name} / IBP step: wall median {Median(run.Wall) / Median(runs[0].Wall):F2}x, median of paired rounds {Median(paired):F2}x, CPU median {Median(run.Cpu) / Median(runs[0].Cpu):F2}x");
        }

        return 0;
    }
}
