using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using static TorchSharp.torch;

namespace Certsweep.Training.Models;

/// <summary>
/// A classifier: named layers in order (the names are the reference model's state-dictionary keys), the
/// last one a Linear classifier into which the specification matrix is folded for margin bounds.
/// </summary>
public sealed class Network : SequentialLayer
{
    public Network(string architecture, ImageShape input, int classes, IEnumerable<(string Name, BoundedLayer Layer)> layers)
        : base(architecture, layers)
    {
        Architecture = architecture;
        Input = input;
        Classes = classes;
        Classifier = Layers[^1] as LinearLayer
            ?? throw new ArgumentException($"The last layer of {architecture} must be a Linear classifier.");
        if (Classifier.OutFeatures != classes)
        {
            throw new ArgumentException($"The classifier of {architecture} has {Classifier.OutFeatures} outputs, not {classes}.");
        }
    }

    public string Architecture { get; }

    public ImageShape Input { get; }

    public int Classes { get; }

    public LinearLayer Classifier { get; }

    /// <summary>
    /// One joint pass: clean logits when <paramref name="images"/> is given, margin lower bounds for
    /// <paramref name="labels"/> when <paramref name="box"/> is given.
    /// </summary>
    public NetworkOutput Evaluate(Tensor? images, IntervalBounds? box, Tensor? labels, PropagationContext context)
    {
        var features = PropagateInOrder(Layers.Take(Layers.Count - 1).ToList(), new Activation(images, box), context);
        var logits = features.Clean is null ? null : Classifier.Propagate(new Activation(features.Clean, null), context).Clean;
        Tensor? margins = null;
        if (features.Bounds is not null)
        {
            context.RecordInput(Classifier, features);
            margins = MarginBounds.Lower(
                features.Bounds,
                Classifier.Weight,
                Classifier.Bias,
                labels ?? throw new ArgumentNullException(nameof(labels), "Margin bounds need the labels."));
        }

        return new NetworkOutput(logits, margins);
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Sets how every BatchNorm layer normalizes, in every pass and bound rule (docs/method.md,
    /// "BatchNorm variants"). <see cref="BatchNormVariant.Default"/> is the standard layer.</summary>
    public void Use(BatchNormVariant variant)
    {
        foreach (var norm in modules().OfType<BatchNormLayer>())
        {
            norm.Variant = variant;
        }
    }

    /// <summary>
    /// CROWN's starting bound (docs/method.md §8): the specification matrix C, rows
    /// <c>e_y - e_j</c> for j != y in ascending j, as coefficients on the logits, [B, K-1, K], offset 0. The
    /// classifier's backward rule then folds it in: <c>A = C W</c>, <c>b = C bias</c>.
    /// </summary>
    internal LinearBound Specification(Tensor labels)
    {
        var batch = labels.shape[0];
        var dtype = Classifier.Weight.dtype;
        var identity = eye(Classes, dtype: dtype, device: labels.device);
        var rows = identity.index_select(0, labels).unsqueeze(1) - identity.unsqueeze(0);
        var others = nn.functional.one_hot(labels, Classes).logical_not().unsqueeze(2).expand_as(rows);
        var specification = rows.masked_select(others).view(batch, Classes - 1, Classes);
        return new LinearBound(specification, zeros(new[] { batch, (long)Classes - 1 }, dtype, labels.device));
    }
}
