using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// CROWN's backward state (docs/method.md §8): for each image b and each row s, the bound
/// <c>f_s(input) >= sum(A[b, s] * x) + Offset[b, s]</c>, where x is the output of the layer the backward pass
/// has reached. <c>Coefficients</c> is [B, S, *shape of x], <c>Offset</c> is [B, S].
/// </summary>
public sealed class LinearBound
{
    public LinearBound(Tensor coefficients, Tensor offset)
    {
        Coefficients = coefficients;
        Offset = offset;
    }

    public Tensor Coefficients { get; }

    public Tensor Offset { get; }

    public long Batch => Coefficients.shape[0];

    public long Rows => Coefficients.shape[1];

    /// <summary>The coefficients as [B * S, *shape], one sample per row, for the batched layer maps.</summary>
    internal Tensor CoefficientsAsBatch => Coefficients.flatten(0, 1);

    /// <summary>Coefficients of the same shape over the layer's input, with <paramref name="addedOffset"/>
    /// ([B, S]) added to the offset.</summary>
    internal LinearBound With(Tensor coefficients, Tensor? addedOffset) =>
        new(coefficients, addedOffset is null ? Offset : Offset + addedOffset);

    /// <summary>Coefficients given as [B * S, *shape] (the output of a batched layer map).</summary>
    internal LinearBound WithBatched(Tensor batchedCoefficients, Tensor? addedOffset) =>
        With(batchedCoefficients.unflatten(0, new[] { Batch, Rows }), addedOffset);

    /// <summary>Coefficients summed over any spatial dimensions: [B, S, C], for per-channel offsets.</summary>
    internal Tensor ChannelSums() =>
        Coefficients.dim() > 3 ? Coefficients.sum(Enumerable.Range(3, (int)Coefficients.dim() - 3).Select(d => (long)d).ToArray()) : Coefficients;

    /// <summary>Sum over the trailing (per-row) dimensions of coefficients times <paramref name="values"/>
    /// ([B, *shape]): the [B, S] contraction <c>sum(A[b, s] * v[b])</c>.</summary>
    internal Tensor Contract(Tensor values) =>
        Coefficients.flatten(2).matmul(values.flatten(1).unsqueeze(2)).squeeze(2);

    /// <summary>
    /// Concretization over an input box (docs/method.md §8): the least value of the bound
    /// over <c>centre ± radius</c>, <c>sum(A c) - sum(|A| r) + offset</c>, [B, S].
    /// </summary>
    public Tensor LowerOver(IntervalBounds box) =>
        Contract(box.Centre) - Coefficients.flatten(2).abs().matmul(box.Radius.flatten(1).unsqueeze(2)).squeeze(2) + Offset;

    /// <summary>Moves the tensors that <paramref name="scope"/> owns to its outer scope: what a backward step
    /// hands on survives the step, its temporaries do not.</summary>
    internal LinearBound KeepBeyond(DisposeScope scope)
    {
        // Moves only what the scope holds; a tensor handed on from an outer scope stays where it is.
        scope.MoveToOuter(Coefficients, Offset);
        return this;
    }

    /// <summary>Frees this bound's tensors except those that one of <paramref name="keep"/> still holds (a
    /// backward rule may hand an input tensor on unchanged).</summary>
    internal void DisposeExcept(params LinearBound[] keep)
    {
        foreach (var tensor in new[] { Coefficients, Offset })
        {
            if (!keep.Any(k => ReferenceEquals(tensor, k.Coefficients) || ReferenceEquals(tensor, k.Offset)))
            {
                tensor.Dispose();
            }
        }
    }
}
