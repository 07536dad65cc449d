using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// CROWN's backward state (docs/method.md §8): for each image b and each row s, the bound
/// <c>f_s(input) >= sum(A[b, s] * x) + Offset[b, s]</c>, where x is the output of the layer the backward pass
/// has reached. <c>Coefficients</c> is [B, S, *shape of x], <c>Offset</c> is [B, S]. In patch form (one image, a
/// <see cref="Grid"/>) the coefficients are [1, S, C, K, K]: each row's window of a [C, H, W] map, zero elsewhere.
/// </summary>
public sealed class LinearBound
{
    public LinearBound(Tensor coefficients, Tensor offset, PatchGrid? grid = null)
    {
        Coefficients = coefficients;
        Offset = offset;
        Grid = grid;
    }

    public Tensor Coefficients { get; }

    public Tensor Offset { get; }

    /// <summary>Where the rows' windows lie when the coefficients are in patch form; null when they cover the
    /// whole of x.</summary>
    public PatchGrid? Grid { get; }

    /// <summary>Side of the rows' windows in patch form.</summary>
    internal long Window => Coefficients.shape[^1];

    public long Batch => Coefficients.shape[0];

    public long Rows => Coefficients.shape[1];

    /// <summary>The coefficients as [B * S, *shape], one sample per row, for the batched layer maps.</summary>
    internal Tensor CoefficientsAsBatch => Coefficients.flatten(0, 1);

    /// <summary>Coefficients of the same shape over the layer's input, with <paramref name="addedOffset"/>
    /// ([B, S]) added to the offset.</summary>
    internal LinearBound With(Tensor coefficients, Tensor? addedOffset) =>
        new(coefficients, addedOffset is null ? Offset : Offset + addedOffset, Grid);

    /// <summary>Coefficients given as [B * S, *shape] (the output of a batched layer map).</summary>
    internal LinearBound WithBatched(Tensor batchedCoefficients, Tensor? addedOffset) =>
        With(batchedCoefficients.unflatten(0, new[] { Batch, Rows }), addedOffset);

    /// <summary>Coefficients summed over any spatial dimensions: [B, S, C], for per-channel offsets.</summary>
    internal Tensor ChannelSums() =>
        Coefficients.dim() > 3 ? Coefficients.sum(Enumerable.Range(3, (int)Coefficients.dim() - 3).Select(d => (long)d).ToArray()) : Coefficients;

    /// <summary>Sum over the trailing (per-row) dimensions of coefficients times <paramref name="values"/>
    /// ([B, *shape]): the [B, S] contraction <c>sum(A[b, s] * v[b])</c>.</summary>
    internal Tensor Contract(Tensor values) =>
        Grid is { } grid
            ? (Coefficients * grid.Gather(values, Window)).flatten(2).sum(2)
            : Coefficients.flatten(2).matmul(values.flatten(1).unsqueeze(2)).squeeze(2);

    /// <summary>
    /// Concretization over an input box (docs/method.md §8): the least value of the bound
    /// over <c>centre ± radius</c>, <c>sum(A c) - sum(|A| r) + offset</c>, [B, S].
    /// </summary>
    public Tensor LowerOver(IntervalBounds box) =>
        Grid is { } grid
            ? Contract(box.Centre) - (Coefficients.abs() * grid.Gather(box.Radius, Window)).flatten(2).sum(2) + Offset
            : Contract(box.Centre) - Coefficients.flatten(2).abs().matmul(box.Radius.flatten(1).unsqueeze(2)).squeeze(2) + Offset;

    /// <summary>The same bound with its coefficients written out on the whole map (itself when it is not in patch form).</summary>
    internal LinearBound ToDense() => Grid is { } grid ? new LinearBound(grid.ToDense(Coefficients), Offset) : this;

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
