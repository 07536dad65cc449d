using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Bounds;

/// <summary>
/// Where the rows of a <see cref="LinearBound"/> in patch form lie (docs/method.md §8, "Patches"): row s is a
/// neuron at position (<c>Rows[s]</c>, <c>Columns[s]</c>) of a feature map of <see cref="GridHeight"/> x
/// <see cref="GridWidth"/> positions, and its coefficients on the <see cref="Height"/> x <see cref="Width"/> map the
/// backward pass has reached are zero outside a square window of side K (every channel), whose top-left corner is
/// at <c>(Rows[s] Stride - Padding, Columns[s] Stride - Padding)</c>. Window entries outside the map are kept zero.
/// </summary>
public sealed class PatchGrid
{
    public PatchGrid(Tensor rows, Tensor columns, long gridHeight, long gridWidth, long stride, long padding, long height, long width)
    {
        Rows = rows;
        Columns = columns;
        GridHeight = gridHeight;
        GridWidth = gridWidth;
        Stride = stride;
        Padding = padding;
        Height = height;
        Width = width;
    }

    /// <summary>Each row's position in the map it started from, [S] (int64).</summary>
    public Tensor Rows { get; }

    /// <summary>[S] (int64).</summary>
    public Tensor Columns { get; }

    public long GridHeight { get; }

    public long GridWidth { get; }

    public long Stride { get; }

    public long Padding { get; }

    /// <summary>Height of the map the windows lie on.</summary>
    public long Height { get; }

    public long Width { get; }

    /// <summary>The grid one convolution (<paramref name="stride"/>, <paramref name="padding"/>) further back, on its
    /// input map of <paramref name="height"/> x <paramref name="width"/>: a window of side K becomes one of side
    /// <c>(K - 1) stride + kernel</c>.</summary>
    internal PatchGrid Through(long stride, long padding, long height, long width) =>
        new(Rows, Columns, GridHeight, GridWidth, Stride * stride, Padding * stride + padding, height, width);

    /// <summary>Each row's window of <paramref name="values"/> ([1, C, Height, Width]), zero outside the map:
    /// [1, S, C, K, K].</summary>
    internal Tensor Gather(Tensor values, long window)
    {
        var bottom = Math.Max(0, (GridHeight - 1) * Stride - Padding + window - Height);
        var right = Math.Max(0, (GridWidth - 1) * Stride - Padding + window - Width);
        var padded = F.pad(values, new[] { Padding, right, Padding, bottom });
        // [C, positions down, positions across, K, K], a view; the rows' windows picked by position.
        var windows = padded[0].unfold(1, window, Stride).unfold(2, window, Stride);
        return windows.index(TensorIndex.Colon, TensorIndex.Tensor(Rows), TensorIndex.Tensor(Columns)).transpose(0, 1).unsqueeze(0);
    }

    /// <summary>1 where a window entry lies on the map, 0 where it lies outside: [1, S, 1, K, K].</summary>
    internal Tensor Mask(long window, ScalarType dtype, Device device) =>
        Gather(ones(new[] { 1L, 1, Height, Width }, dtype, device), window);

    /// <summary>Patch-form coefficients [1, S, C, K, K] written out on the whole map: [1, S, C, Height, Width].</summary>
    internal Tensor ToDense(Tensor coefficients)
    {
        var (rows, channels, window) = (coefficients.shape[1], coefficients.shape[2], coefficients.shape[4]);
        var paddedHeight = Math.Max((GridHeight - 1) * Stride + window, Padding + Height);
        var paddedWidth = Math.Max((GridWidth - 1) * Stride + window, Padding + Width);
        var dense = zeros(new[] { rows, paddedHeight, paddedWidth, channels }, coefficients.dtype, coefficients.device);
        var offsets = arange(window, ScalarType.Int64, coefficients.device);
        var row = arange(rows, ScalarType.Int64, coefficients.device).view(-1, 1, 1);
        var top = (Rows * Stride).view(-1, 1, 1) + offsets.view(1, -1, 1);
        var left = (Columns * Stride).view(-1, 1, 1) + offsets.view(1, 1, -1);
        dense.index_put_(coefficients[0].permute(0, 2, 3, 1), row, top, left);
        return dense.permute(0, 3, 1, 2).narrow(2, Padding, Height).narrow(3, Padding, Width).unsqueeze(0).contiguous();
    }
}
