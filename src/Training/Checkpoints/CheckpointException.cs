namespace Certsweep.Training.Checkpoints;

/// <summary>A checkpoint that cannot be read or does not belong to the trial resuming from it.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message) : base(message)
    {
    }

    public CheckpointException(string message, Exception inner) : base(message, inner)
    {
    }
}
