using Certsweep.Training.Bounds;

namespace Certsweep.Training.Layers;

/// <summary>
/// A residual sum <c>main(x) + shortcut(x)</c>; the shortcut is the identity when absent. Interval rule
/// (docs/method.md §1): centres add, radii add. CROWN rule (docs/method.md §8): the bound
/// goes back through both branches to the block input, where the coefficients add and the offsets the
/// branches added add. The main path's layers are registered at this level and the
/// shortcut under <c>shortcutName</c> ("shortcut" in the reference's ResNeXt blocks, "downsample" in its
/// wide ResNet blocks), so state-dictionary keys match the reference's.
/// </summary>
public sealed class ResidualLayer : BoundedLayer
{
    private readonly List<BoundedLayer> _main = new();

    public ResidualLayer(IEnumerable<(string Name, BoundedLayer Layer)> main, BoundedLayer? shortcut, string shortcutName = "shortcut")
        : base(nameof(ResidualLayer))
    {
        foreach (var (childName, layer) in main)
        {
            register_module(childName, layer);
            _main.Add(layer);
        }

        Shortcut = shortcut;
        if (shortcut is not null)
        {
            register_module(shortcutName, shortcut);
        }
    }

    public IReadOnlyList<BoundedLayer> Main => _main;

    public BoundedLayer? Shortcut { get; }

    /// <summary>
    /// Children are registered explicitly in the constructor under the reference's names. TorchSharp's
    /// reflection-based registration (run when this layer joins a parent) would register the
    /// <see cref="Shortcut"/> property's backing field a second time, adding keys the reference lacks.
    /// </summary>
    protected override void RegisterComponents()
    {
    }

    protected override Activation PropagateCore(Activation input, PropagationContext context)
    {
        var main = PropagateInOrder(_main, input, context);
        var skip = Shortcut is null ? input : Shortcut.Propagate(input, context);
        return new(
            main.Clean is null ? null : main.Clean + skip.Clean!,
            main.Bounds is null ? null : new(main.Bounds.Centre + skip.Bounds!.Centre, main.Bounds.Radius + skip.Bounds.Radius));
    }

    internal override LinearBound Backward(LinearBound output, BackwardPass pass)
    {
        var main = BackwardInOrder(_main, output, pass);
        var skip = Shortcut is null ? output : Shortcut.Backward(output, pass);
        // Both branches carry the offset gathered above the block; it counts once.
        var sum = new LinearBound(main.Coefficients + skip.Coefficients, main.Offset + skip.Offset - output.Offset);
        main.DisposeExcept(output);
        if (!ReferenceEquals(skip, output))
        {
            skip.DisposeExcept(output);
        }

        return sum;
    }

    /// <summary>The main path is swept from the block input (tightening its ReLUs), the shortcut too; the
    /// block's backward map then joins both branches at the block input before going on.</summary>
    internal override SweepPosition Sweep(SweepPosition input, CrownTightening tightening)
    {
        var main = SweepInOrder(_main, input, tightening);
        var skip = Shortcut is null ? input.Bounds : Shortcut.Sweep(input, tightening).Bounds;
        return new(new(main.Bounds.Centre + skip.Centre, main.Bounds.Radius + skip.Radius), IntervalExactness.Relaxed, ToInputThrough(input, tightening.Pass));
    }
}
