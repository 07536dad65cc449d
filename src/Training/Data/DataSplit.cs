namespace Certsweep.Training.Data;

/// <summary>The training and test sets of one data set, and the validation split held out of the training set when
/// the trial selects on one (<see cref="ValidationSplit"/>).</summary>
public sealed record DataSplit(ImageDataset Train, ImageDataset Test, ImageDataset? Validation = null) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        Validation?.Dispose();
    }
}
