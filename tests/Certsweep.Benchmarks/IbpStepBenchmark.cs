using System.Diagnostics;
using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static Certsweep.Benchmarks.Timing;
using static TorchSharp.torch;

namespace Certsweep.Benchmarks;

/// <summary>
/// <c>ibp-step</c>: the time of one IBP training step, during the warmup (fast method, eps > 0, warmup regularizers
/// on) and after it (full eps, the robust loss alone, as most of a run's epochs), against one natural training step
/// of the same network, both through the trainer's own <see cref="TrainingStep"/>,
/// after warmup iterations; the median of several, taken alternately so that load on the machine hits both
/// alike. A third row times a natural step of the same architecture built from TorchSharp's stock modules,
/// to show the trainer's natural step is a fair baseline.
/// </summary>
public sealed class IbpStepBenchmark : IBenchmark
{
    public string Description => "one IBP training step vs one natural step (cnn, 1x28x28, batch 256)";

    public int Run(IReadOnlyList<string> arguments)
    {
        if (BenchmarkOptions.Parse(arguments, new Dictionary<string, string>
        {
            ["--model"] = CnnSevenLayerBn.Name, ["--batch"] = "256", ["--warmup"] = "2", ["--iterations"] = "7",
            ["--eps"] = "0.2", ["--device"] = "cpu", ["--threads"] = "0",
        }) is not { } settings)
        {
            return 2;
        }

        var model = settings["--model"];
        var batch = settings.Int("--batch");
        var warmup = settings.Int("--warmup");
        var iterations = settings.Int("--iterations");
        var eps = settings.Double("--eps");
        var device = Certsweep.Training.DeviceSelection.Parse(settings["--device"]);
        if (settings.Int("--threads") > 0)
        {
            set_num_threads(settings.Int("--threads"));
        }

        if (device.type == DeviceType.CPU)
        {
            // As IbpTrainer does for every CPU trial.
            Certsweep.Training.CpuTensorHeap.KeepFreedMemory();
        }

        var input = MnistFormatDataset.Shape;
        const int classes = 10;
        var options = new TrainingOptions
        {
            Trial = TrialConfig.Of(
                Parameters.Dataset.Set(KnownDatasets.Mnist), Parameters.Model.Set(model), Parameters.Eps.Set(0.4), Parameters.Epochs.Set(70),
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
        var objective = new CertifiedObjective(network, Normalization.Identity(1), options);
        var step = new TrainingStep(network, optimizer, objective, accumulation: 1, options.Get(Parameters.GradNorm));
        // The stock-module baseline exists for the reference architecture only.
        using var stock = model == CnnSevenLayerBn.Name ? StockNetwork(input, classes).to(device) : null;
        stock?.train();
        using var stockOptimizer = stock is null ? null : optim.Adam(stock.parameters(), lr: options.Get(Parameters.LearningRate));

        using var data = new Generator(2);
        using var images = rand(input.BatchShape(batch), generator: data).to(device);
        using var labels = randint(classes, new long[] { batch }, generator: data).to(device);

        Console.WriteLine(
            $"ibp-step: model {model} ({network.ParameterCount():N0} parameters), input {input}, batch {batch}, eps {eps.ToString(CultureInfo.InvariantCulture)}, " +
            $"device {device.type}, {get_num_threads()} threads, {warmup} warmup + {iterations} timed iterations each, " +
            $"{Environment.ProcessorCount} logical CPUs ({CpuModel()}), .NET {Environment.Version}");

        var process = System.Diagnostics.Process.GetCurrentProcess();
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
            ("natural step (trainer)", () => step.Run(images, labels, 0, regularize: false, 1, 1), new(), new()),
            ("IBP step (fast, regularized)", () => step.Run(images, labels, eps, regularize: true, 1, 1), new(), new()),
            ("IBP step (full eps, no reg.)", () => step.Run(images, labels, options.Get(Parameters.Eps), regularize: false, 1, 1), new(), new()),
        };
        if (stock is not null)
        {
            runs.Add(("natural step (stock modules)", () => StockStep(stock, stockOptimizer!, images, labels, options.Get(Parameters.GradNorm)), new(), new()));
        }

        // Alternating the kinds spreads any load from other processes over all of them alike.
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

        Console.WriteLine($"  {"step",-30} {"wall median",12} {"wall min",10} {"CPU median",12} {"CPU min",10}   (ms; CPU = all threads)");
        foreach (var (name, _, wall, cpu) in runs)
        {
            Console.WriteLine($"  {name,-30} {Median(wall),12:F1} {wall.Min(),10:F1} {Median(cpu),12:F1} {cpu.Min(),10:F1}");
        }

        foreach (var ibp in runs.Skip(1).Take(2))
        {
            // Each IBP step against the natural step timed just before it: steadier than a ratio of medians
            // when the load on the machine changes during the run.
            var paired = ibp.Wall.Zip(runs[0].Wall, (i, natural) => i / natural).ToList();
            Console.WriteLine($"  ratio {ibp.Name} / natural (trainer): wall median {Median(ibp.Wall) / Median(runs[0].Wall):F2}x, median of paired steps {Median(paired):F2}x, CPU median {Median(ibp.Cpu) / Median(runs[0].Cpu):F2}x");
            if (runs.Count > 3)
            {
                Console.WriteLine($"  ratio {ibp.Name} / natural (stock):   wall median {Median(ibp.Wall) / Median(runs[3].Wall):F2}x, CPU median {Median(ibp.Cpu) / Median(runs[3].Cpu):F2}x");
            }
        }

        return 0;
    }

    /// <summary>CNN-7 with BN from TorchSharp's own modules (conv3x3 64, 64, 128/2, 128, 128; Linear 512; Linear 10).</summary>
    private static nn.Module<Tensor, Tensor> StockNetwork(ImageShape input, int classes)
    {
        var side = (input.Size - 1) / 2 + 1;
        return nn.Sequential(
            nn.Conv2d(input.Channels, 64, 3, padding: 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 64, 3, padding: 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 128, 3, stride: 2, padding: 1), nn.BatchNorm2d(128), nn.ReLU(),
            nn.Conv2d(128, 128, 3, padding: 1), nn.BatchNorm2d(128), nn.ReLU(),
            nn.Conv2d(128, 128, 3, padding: 1), nn.BatchNorm2d(128), nn.ReLU(),
            nn.Flatten(),
            nn.Linear(side * side * 128, 512), nn.BatchNorm1d(512), nn.ReLU(),
            nn.Linear(512, classes));
    }

    private static void StockStep(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, Tensor images, Tensor labels, double clipNorm)
    {
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(network.call(images), labels);
        loss.backward();
        nn.utils.clip_grad_norm_(network.parameters(), clipNorm);
        optimizer.step();
        _ = loss.item<float>();
    }
}
