using System.Diagnostics;
using System.Globalization;
using Certsweep.Training;
using Certsweep.Training.Bounds;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Evaluation;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Benchmarks;

/// <summary>
/// <c>crown-certify</c>: images per second and peak resident memory of certification with one bound kind through
/// <see cref="CertifiedEvaluator"/>, on random images normalized as CIFAR-10. The network is IBP-initialized with
/// its BatchNorm running statistics set by clean training-mode passes over random images (so eval mode normalizes
/// as after training), or loaded from a PyTorch file with <c>--weights</c>. Run one kind per process: the peak
/// resident size (VmHWM) is the process's.
/// Options: --model cnn --size 32 --channels 3 --images 2 --batch-size 2 --bound crown --eps 0.00784
/// --device cpu --threads 0 --max-elements 67108864 --weights PATH.
/// </summary>
public sealed class CrownCertificationBenchmark : IBenchmark
{
    public string Description => "images/s and peak RSS of certification with ibp, crown-ibp or crown (cnn, 3x32x32)";

    public int Run(IReadOnlyList<string> arguments)
    {
        if (BenchmarkOptions.Parse(arguments, new Dictionary<string, string>
        {
            ["--model"] = CnnSevenLayerBn.Name, ["--size"] = "32", ["--channels"] = "3", ["--images"] = "2", ["--batch-size"] = "2",
            ["--bound"] = "crown", ["--eps"] = (2.0 / 255).ToString("R", CultureInfo.InvariantCulture), ["--device"] = "cpu", ["--threads"] = "0",
            ["--max-elements"] = CrownMarginBounds.DefaultMaxCoefficientElements.ToString(CultureInfo.InvariantCulture), ["--weights"] = string.Empty,
        }) is not { } settings)
        {
            return 2;
        }

        var kind = BoundKinds.Parse(settings["--bound"]);
        var eps = settings.Double("--eps");
        var device = DeviceSelection.Parse(settings["--device"]);
        if (settings.Int("--threads") > 0)
        {
            set_num_threads(settings.Int("--threads"));
        }

        var shape = new ImageShape(settings.Int("--channels"), settings.Int("--size"));
        var cifar = DatasetCatalog.Describe(DatasetCatalog.Cifar10).Normalization;
        var normalization = shape.Channels == cifar.Channels ? cifar : Normalization.Identity(shape.Channels);
        using var generator = new Generator(7);
        using var data = new ImageDataset("random", shape, 10, normalization,
            randint(0, 256, shape.BatchShape(settings.Int("--images")), ScalarType.Byte, generator: generator),
            randint(0, 10, new long[] { settings.Int("--images") }, ScalarType.Int64, generator: generator));
        using var network = ModelZoo.Create(settings["--model"], shape, 10);
        if (settings["--weights"].Length > 0)
        {
            PyTorchStateDict.Load(network, settings["--weights"]);
        }
        else
        {
            Prepare(network, shape, generator);
        }

        network.to(device);
        var unstable = UnstableShare(network, data, eps, device);
        var residentBefore = PeakResidentMiB();
        var clock = Stopwatch.StartNew();
        var report = CertifiedEvaluator.Run(network, data, eps, new[] { kind }, device, settings.Int("--batch-size"), maxCoefficientElements: long.Parse(settings["--max-elements"], CultureInfo.InvariantCulture));
        var seconds = clock.Elapsed.TotalSeconds;
        var totals = report.Totals[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crown-certify: {settings["--model"]} {shape}, bound {kind.Name()}, eps {eps:G4}, {data.Count} images, batch {settings["--batch-size"]}, device {device}, {get_num_threads()} threads, max {settings["--max-elements"]} coefficients per chunk"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"unstable ReLU share (IBP) {unstable:P1}; {seconds:F1} s, {data.Count / seconds:G3} images/s; peak RSS {PeakResidentMiB():F0} MiB (before bounds {residentBefore:F0} MiB); verified {totals.Samples - totals.NotVerified}/{totals.Samples}; worst margin bounds {string.Join(" ", report.Images.Select(i => i.Bounds[0].WorstMarginLower.ToString("G4", CultureInfo.InvariantCulture)))}"));
        return 0;
    }

    /// <summary>IBP initialization; running statistics from ten clean training-mode passes (momentum 0.1).</summary>
    private static void Prepare(Network network, ImageShape shape, Generator generator)
    {
        DefaultInitialization.Apply(network, generator);
        IbpInitialization.Apply(network, generator);
        network.train();
        using var noGrad = no_grad();
        for (var pass = 0; pass < 20; pass++)
        {
            using var scope = NewDisposeScope();
            network.Evaluate(randn(shape.BatchShape(32), generator: generator), null, null, new PropagationContext());
        }

        network.eval();
    }

    private static double UnstableShare(Network network, ImageDataset data, double eps, Device device)
    {
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = data.Batch(0, data.Count, device);
        var context = new PropagationContext();
        network.Evaluate(batch.Images, InputBox.Around(batch.Images, eps, data.Normalization), batch.Labels, context);
        var unstable = context.ReluInputs.Sum(b => b.Lower.lt(0).logical_and(b.Upper.gt(0)).sum().ToInt64());
        return (double)unstable / context.ReluInputs.Sum(b => b.Centre.numel());
    }

    /// <summary>The process's peak resident set size (VmHWM), in MiB.</summary>
    private static double PeakResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
