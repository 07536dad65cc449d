namespace Certsweep.Training.Data;

/// <summary>A data set that is missing, unreadable or not in the expected format. The message names the
/// path, what was expected, and the fix.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message) : base(message)
    {
    }

    public DatasetException(string message, Exception inner) : base(message, inner)
    {
    }
}
