using Certsweep.Training.Bounds;

namespace Certsweep.Training.Layers;

/// <summary>Named layers applied in order; the names become state-dictionary prefixes. CROWN goes back
/// through them last to first.</summary>
public class SequentialLayer : BoundedLayer
{
    private readonly List<BoundedLayer> _layers = new();

    public SequentialLayer(IEnumerable<(string Name, BoundedLayer Layer)> layers) : this(nameof(SequentialLayer), layers)
    {
    }

    protected SequentialLayer(string name, IEnumerable<(string Name, BoundedLayer Layer)> layers) : base(name)
    {
        foreach (var (childName, layer) in layers)
        {
            register_module(childName, layer);
            _layers.Add(layer);
        }
    }

    /// <summary>Names the layers "0", "1", ... as PyTorch's nn.Sequential does.</summary>
    public static IEnumerable<(string Name, BoundedLayer Layer)> Numbered(params BoundedLayer[] layers) =>
        layers.Select((layer, index) => (index.ToString(System.Globalization.CultureInfo.InvariantCulture), layer));

    public IReadOnlyList<BoundedLayer> Layers => _layers;

    protected override Activation PropagateCore(Activation input, PropagationContext context) =>
        PropagateInOrder(_layers, input, context);

    internal override LinearBound Backward(LinearBound output, BackwardPass pass) => BackwardInOrder(_layers, output, pass);

    /// <summary>Each layer decides for itself.</summary>
    internal override bool TakesPatches => true;

    internal override SweepPosition Sweep(SweepPosition input, CrownTightening tightening) => SweepInOrder(_layers, input, tightening);
}
