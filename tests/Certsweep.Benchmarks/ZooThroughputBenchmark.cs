using System.Diagnostics;
using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Training;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Benchmarks;

/// <summary>
/// Images per second of IBP training for each 32x32 model of the zoo: the real trainer (prefetching,
/// CIFAR-10 normalization and crop/flip augmentation) on random 3x32x32 images, the fast method during the
/// warmup (eps ramping, regularizers on). The first batches are warmup and not timed.
/// Options: --models a,b  --batch-size N (128)  --warmup N (1)  --steps N (3)  --device D (auto)  --threads N.
/// </summary>
public sealed class ZooThroughputBenchmark : IBenchmark
{
    private static readonly string[] DefaultModels = { CnnSevenLayerBn.Name, WideResNet.Name, ResNeXt.Name, CnnFourLayerBn.Name };

    public string Description => "images/s of IBP training (fast method, warmup) for each 32x32 model at batch 128";

    public int Run(IReadOnlyList<string> arguments)
    {
        var options = Parse(arguments);
        var models = options.TryGetValue("models", out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : DefaultModels;
        var batchSize = Number(options, "batch-size", 128);
        var warmup = Number(options, "warmup", 1);
        var steps = Number(options, "steps", 3);
        var device = DeviceSelection.Parse(options.GetValueOrDefault("device", "auto"));
        if (options.TryGetValue("threads", out var threads))
        {
            set_num_threads(int.Parse(threads, CultureInfo.InvariantCulture));
        }

        if (device.type == DeviceType.CUDA)
        {
            backends.cuda.matmul.allow_tf32 = true;
            backends.cudnn.allow_tf32 = true;
        }

        var cifar = DatasetCatalog.Describe(DatasetCatalog.Cifar10);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"zoo-throughput: IBP training, fast method during warmup, {cifar.Shape}, batch {batchSize}, {warmup} warmup + {steps} timed steps per model, device {device}, {get_num_threads()} CPU threads"));
        Console.WriteLine($"{"model",-16} {"parameters",12} {"s/step",9} {"images/s",9}");
        foreach (var model in models)
        {
            var (parameters, seconds) = Measure(model, cifar, batchSize, warmup, steps, device);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model,-16} {parameters,12:N0} {seconds / steps,9:F3} {steps * batchSize / seconds,9:F1}"));
        }

        return 0;
    }

    private static (long Parameters, double Seconds) Measure(string model, DatasetInfo cifar, int batchSize, int warmup, int steps, Device device)
    {
        var batches = warmup + steps;
        using var data = RandomImages(cifar, batches * batchSize);
        var directory = Path.Combine(Path.GetTempPath(), "certsweep-zoo-throughput-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new TrainingOptions
            {
                Trial = TrialConfig.Of(
                    Parameters.Dataset.Set(cifar.Name),
                    Parameters.Model.Set(model),
                    Parameters.Method.Set("fast"),
                    Parameters.Eps.Set(8.0 / 255),
                    Parameters.ScheduleStart.Set(1),
                    Parameters.Warmup.Set(1),
                    Parameters.Epochs.Set(1),
                    Parameters.LrMilestones.Set([]),
                    Parameters.BatchSize.Set(batchSize)),
                TestBatchSize = 2,
            };
            var timer = new StepTimer(warmup, batches);
            using var trainer = new IbpTrainer(options, data, device, directory, timer);
            trainer.Run();
            return (trainer.Network.ParameterCount(), timer.Seconds);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static DataSplit RandomImages(DatasetInfo info, int count)
    {
        using var generator = new Generator(1);
        ImageDataset Split(int n) => new(info.Name, info.Shape, info.Classes, info.Normalization,
            randint(0, 256, info.Shape.BatchShape(n), ScalarType.Byte, generator: generator),
            randint(0, info.Classes, new long[] { n }, ScalarType.Int64, generator: generator),
            n > 2 ? info.TrainAugmentation : null);
        return new DataSplit(Split(count), Split(2));
    }

    /// <summary>Times the batches after the warmup ones, batch end to batch end.</summary>
    private sealed class StepTimer(int warmup, int last) : ITrainingObserver
    {
        private readonly Stopwatch _clock = new();

        public double Seconds => _clock.Elapsed.TotalSeconds;

        public void OnEpoch(EpochReport report)
        {
        }

        public void OnBatch(BatchProgress progress)
        {
            if (progress.Batch == warmup)
            {
                _clock.Start();
            }
            else if (progress.Batch == last)
            {
                _clock.Stop();
            }
        }
    }

    private static Dictionary<string, string> Parse(IReadOnlyList<string> arguments)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < arguments.Count; i += 2)
        {
            result[arguments[i].TrimStart('-')] = arguments[i + 1];
        }

        return result;
    }

    private static int Number(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
