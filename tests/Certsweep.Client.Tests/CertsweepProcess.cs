using System.Diagnostics;

namespace Certsweep.Client.Tests;

/// <summary>Runs the built certsweep as a separate process, the way a user or a script does, with its own
/// config directory so the machine's real config never leaks in.</summary>
public sealed class CertsweepProcess : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("certsweep-cli-").FullName;

    /// <summary>XDG_CONFIG_HOME of the runs: write <c>certsweep/config.yaml</c> under it to test the config file.</summary>
    public string ConfigHome => Path.Combine(_home, "config");

    /// <summary>How long one run may take before the test fails (a sweep run waits for its trials).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A scratch directory of this instance, deleted with it.</summary>
    public string Home => _home;

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_home, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteConfig(string yaml)
    {
        Directory.CreateDirectory(Path.Combine(ConfigHome, "certsweep"));
        var path = Path.Combine(ConfigHome, "certsweep", "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public Result Run(IReadOnlyDictionary<string, string>? environment, params string[] args) => RunWithInput(environment, string.Empty, args);

    public Result RunWithInput(IReadOnlyDictionary<string, string>? environment, string input, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"certsweep {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds:0} s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts certsweep and returns while it runs, to watch its output and signal it.</summary>
    public RunningCertsweep Start(params string[] args) => new(Process.Start(StartInfo(null, args))!, args);

    public Result Run(params string[] args) => Run(null, args);

    private ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        start.ArgumentList.Add(RepositoryFiles.CertsweepDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CONFIG_HOME"] = ConfigHome;
        start.Environment.Remove("CERTSWEEP_CLUSTER");
        start.Environment.Remove("NO_COLOR");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);
}
