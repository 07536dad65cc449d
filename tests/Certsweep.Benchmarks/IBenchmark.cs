namespace Certsweep.Benchmarks;

/// <summary>A benchmark runnable by name from the command line (see docs/benchmarks.md).</summary>
public interface IBenchmark
{
    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark with the arguments after its name; returns the exit code.</summary>
    int Run(IReadOnlyList<string> arguments);
}
