namespace Certsweep.Client;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A run failed for a reason outside the user's input (a bug, a crash of a dependency).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: invalid options or spec, unknown model or dataset. Nothing was started.</summary>
    public const int InvalidInput = 2;

    /// <summary>A needed resource is missing or unreachable: data set files, checkpoint, cluster.</summary>
    public const int Unavailable = 3;

    /// <summary>Training diverged (a loss became NaN or infinite).</summary>
    public const int Diverged = 4;

    /// <summary>Interrupted by the user (Ctrl+C); progress was checkpointed.</summary>
    public const int Interrupted = 130;
}
