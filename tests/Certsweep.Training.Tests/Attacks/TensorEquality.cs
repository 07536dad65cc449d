using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Attacks;

internal static class TensorEquality
{
    /// <summary>Same shape and every element equal.</summary>
    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
