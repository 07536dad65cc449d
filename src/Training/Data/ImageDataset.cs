using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>
/// Images held in memory as bytes [N, C, H, W] with int64 labels [N]. Batches are gathered, augmented (the
/// training split of a data set that has <see cref="Augmentation"/>), moved to the device as bytes and
/// normalized there.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly Dictionary<string, (Tensor Scale, Tensor Offset)> _normalizers = new();

    public ImageDataset(string name, ImageShape shape, int classes, Normalization normalization, Tensor images, Tensor labels, Augmentation? augmentation = null)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 4 || images.shape[1] != shape.Channels || images.shape[2] != shape.Size || images.shape[3] != shape.Size)
        {
            throw new ArgumentException($"Images of {name} must be bytes [N, {shape.Channels}, {shape.Size}, {shape.Size}], not {images.dtype} [{string.Join(", ", images.shape)}].");
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"Labels of {name} must be int64 [{images.shape[0]}].");
        }

        Name = name;
        Shape = shape;
        Classes = classes;
        Normalization = normalization;
        Augmentation = augmentation ?? Augmentation.None;
        _images = images;
        _labels = labels;
    }

    public string Name { get; }

    public ImageShape Shape { get; }

    public int Classes { get; }

    public Normalization Normalization { get; }

    /// <summary>What training batches of this split go through; <see cref="Augmentation.None"/> for test splits.</summary>
    public Augmentation Augmentation { get; }

    public long Count => _images.shape[0];

    /// <summary>The raw byte images; callers must not dispose them.</summary>
    public Tensor RawImages => _images;

    public Tensor Labels => _labels;

    /// <summary>The first <paramref name="count"/> samples (the dataset itself when it is not larger).</summary>
    public ImageDataset Take(long count) =>
        count >= Count ? this : new ImageDataset(Name, Shape, Classes, Normalization, _images.narrow(0, 0, count).clone(), _labels.narrow(0, 0, count).clone(), Augmentation);

    /// <summary>The samples at <paramref name="indices"/>, as a new dataset going through <paramref name="augmentation"/>.</summary>
    public ImageDataset Select(long[] indices, Augmentation augmentation)
    {
        using var index = tensor(indices);
        return new ImageDataset(Name, Shape, Classes, Normalization, _images.index_select(0, index), _labels.index_select(0, index), augmentation);
    }

    /// <summary>
    /// The given samples as a batch on <paramref name="device"/>, augmented with draws from
    /// <paramref name="augmentationRandom"/> when given and this split has an augmentation. Thread-safe: used by
    /// the prefetch thread.
    /// </summary>
    public ImageBatch Batch(long[] indices, Device device, SplitMix64? augmentationRandom)
    {
        using var scope = NewDisposeScope();
        var selected = _images.index_select(0, tensor(indices));
        if (augmentationRandom is not null && !Augmentation.IsIdentity)
        {
            var augmented = Augmentation.Apply(selected.bytes, indices.Length, Shape, augmentationRandom);
            selected = tensor(augmented, ScalarType.Byte).reshape(selected.shape);
        }

        var (images, labels) = Normalize(selected, _labels.index_select(0, tensor(indices)), device);
        return new ImageBatch(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>Samples <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1 in
    /// order, not augmented (test passes). Thread-safe.</summary>
    public ImageBatch Batch(long start, long count, Device device)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Normalize(_images.narrow(0, start, count), _labels.narrow(0, start, count), device);
        return new ImageBatch(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>Moves byte images and labels to the device and normalizes the images there.</summary>
    public (Tensor Images, Tensor Labels) Normalize(Tensor byteImages, Tensor labels, Device device)
    {
        var (scale, offset) = NormalizerFor(device);
        var images = byteImages.to(device).to_type(ScalarType.Float32);
        return (addcmul(offset, images, scale, 1), labels.to(device));
    }

    private (Tensor Scale, Tensor Offset) NormalizerFor(Device device)
    {
        lock (_normalizers)
        {
            var key = device.ToString();
            if (!_normalizers.TryGetValue(key, out var normalizer))
            {
                var shape = new long[] { 1, Shape.Channels, 1, 1 };
                var scale = tensor(Normalization.Std.Select(s => (float)(1.0 / (255.0 * s))).ToArray()).reshape(shape).to(device).DetachFromDisposeScope();
                var offset = tensor(Normalization.Mean.Zip(Normalization.Std, (m, s) => (float)(-m / s)).ToArray()).reshape(shape).to(device).DetachFromDisposeScope();
                normalizer = (scale, offset);
                _normalizers[key] = normalizer;
            }

            return normalizer;
        }
    }

    public void Dispose()
    {
        foreach (var (scale, offset) in _normalizers.Values)
        {
            scale.Dispose();
            offset.Dispose();
        }

        _images.Dispose();
        _labels.Dispose();
    }
}
