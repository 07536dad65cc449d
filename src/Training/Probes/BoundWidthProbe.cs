using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Probes;

/// <summary>
/// The paper's claim (a), measured: builds the model twice with the same seed, once with the default
/// initialization (what vanilla trials start from) and once with IBP initialization (what fast trials start
/// from), pushes the same real batch and its eps box through each with <see cref="Network.Evaluate"/>, and
/// records the mean interval radius after every layer through the pass's layer observer.
/// </summary>
public static class BoundWidthProbe
{
    /// <param name="model">A model of the zoo.</param>
    /// <param name="data">The probe batch is the first <paramref name="samples"/> images of this set.</param>
    /// <param name="eps">Radius of the input box in raw pixel units.</param>
    /// <param name="seed">The trial seed whose initial weights are measured.</param>
    public static BoundWidthProfile Measure(
        string model, ImageDataset data, double eps, int samples, int seed, BatchNormStatistics batchNorm, Device device)
    {
        if (eps <= 0 || eps > 1)
        {
            throw new ArgumentException($"eps {eps} is out of range: the probe needs a box, so eps must be in (0, 1].");
        }

        if (samples < 2 || samples > data.Count)
        {
            throw new ArgumentException($"samples {samples} is out of range: use 2 to {data.Count} ({data.Name} has {data.Count} training images; BatchNorm needs two).");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = data.Batch(0, samples, device);
        var (images, labels) = (batch.Images, batch.Labels);
        var box = InputBox.Around(images, eps, data.Normalization);
        var inputRadius = MeanRadius(box);
        var standard = Walk(model, data, ibpInitialization: false, seed, batchNorm, device, images, labels, box);
        var ibp = Walk(model, data, ibpInitialization: true, seed, batchNorm, device, images, labels, box);
        var layers = standard.Zip(ibp, (s, i) => new LayerBoundWidth(
            s.Depth, s.Name, s.Kind, s.OutputShape, s.IsClassifier,
            s.Radius, i.Radius, s.Radius / inputRadius, i.Radius / inputRadius)).ToList();
        return new BoundWidthProfile(model, data.Name, eps, samples, seed, batchNorm, inputRadius, layers);
    }

    private sealed record Observation(int Depth, string Name, string Kind, long[] OutputShape, bool IsClassifier, double Radius, IntervalBounds Bounds);

    private static List<Observation> Walk(
        string model, ImageDataset data, bool ibpInitialization, int seed, BatchNormStatistics batchNorm, Device device,
        Tensor images, Tensor labels, IntervalBounds box)
    {
        using var network = ModelZoo.Create(model, data.Shape, data.Classes);
        TrialInitialization.Apply(network, ibpInitialization, seed);
        network.to(device);
        network.train(batchNorm == BatchNormStatistics.Batch);
        var names = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in network.named_modules())
        {
            names[module] = name;
        }

        var observations = new List<Observation>();
        var context = new PropagationContext
        {
            // Every layer's own bounds, a convolution's too, not only the BatchNorm it would be folded into.
            FoldBatchNorm = BatchNormFolding.Never,
            LayerObserver = (layer, output) =>
            {
                // A sequence's output is its last child's, already recorded; the clean-only classifier step
                // of Evaluate has no bounds (the margins are computed with C folded in instead).
                if (layer is SequentialLayer || output.Bounds is not { } bounds)
                {
                    return;
                }

                observations.Add(new Observation(
                    observations.Count + 1, names[layer], Kind(layer), bounds.Radius.shape[1..],
                    ReferenceEquals(layer, network.Classifier), MeanRadius(bounds), bounds));
            },
        };
        network.Evaluate(images, box, labels, context);
        // The logits' interval: the classifier applied to the last hidden layer's bounds.
        network.Classifier.Propagate(new Activation(null, observations[^1].Bounds), context);
        return observations;
    }

    private static double MeanRadius(IntervalBounds bounds) => bounds.Radius.to_type(ScalarType.Float64).mean().item<double>();

    private static string Kind(BoundedLayer layer) => layer switch
    {
        Conv2dLayer conv => $"Conv2d {conv.KernelSize}x{conv.KernelSize}" + (conv.Stride > 1 ? $" s{conv.Stride}" : string.Empty),
        LinearLayer => "Linear",
        BatchNormLayer => "BatchNorm",
        ReluLayer => "ReLU",
        FlattenLayer => "Flatten",
        ResidualLayer => "Residual add",
        _ => layer.GetName().Replace("Layer", string.Empty, StringComparison.Ordinal),
    };
}
