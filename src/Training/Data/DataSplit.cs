namespace Certsweep.Training.Data;

/// <summary>The training and test sets of one data set.</summary>
public sealed record DataSplit(ImageDataset Train, ImageDataset Test) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
