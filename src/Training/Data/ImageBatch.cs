using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>
/// One batch ready for a step: normalized float images and int64 labels on the training device. Built on a
/// prefetch thread outside any dispose scope; whoever takes it owns it and disposes it.
/// </summary>
public sealed class ImageBatch : IDisposable
{
    public ImageBatch(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public long Count => Labels.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
