namespace Certsweep.Training.Loop;

/// <summary>A loss term became NaN or infinite; the trial cannot continue.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int epoch, int batch, string term, double value)
        : base($"Training diverged at epoch {epoch}, batch {batch}: {term} is {value}.")
    {
        Epoch = epoch;
        Batch = batch;
        Term = term;
        Value = value;
    }

    public int Epoch { get; }

    public int Batch { get; }

    public string Term { get; }

    public double Value { get; }
}
