using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Layers;

/// <summary>Fully connected layer, weight [out, in] as in PyTorch's nn.Linear.</summary>
public sealed class LinearLayer : AffineLayer
{
    public LinearLayer(long inFeatures, long outFeatures, bool hasBias = true)
        : base(nameof(LinearLayer), new[] { outFeatures, inFeatures }, outFeatures, hasBias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    public override long FanIn => InFeatures;

    public override long OutputElements(long[] inputShape) => inputShape[0] * OutFeatures;

    protected internal override Tensor Apply(Tensor input, Tensor weight, Tensor? bias) => F.linear(input, weight, bias);

    protected internal override Tensor ApplyTransposed(Tensor coefficients, long[] inputShape) => coefficients.matmul(Weight);
}
