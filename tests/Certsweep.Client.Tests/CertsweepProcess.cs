using System.Diagnostics;

namespace Certsweep.Client.Tests;

/// <summary>Runs the built certsweep as a separate process, the way a user or a script does, with its own
/// config directory so the machine's real config never leaks in.</summary>
public sealed class CertsweepProcess : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("certsweep-cli-").FullName;

    /// <summary>XDG_CONFIG_HOME of the runs: write <c>certsweep/config.yaml</c> under it to test the config file.</summary>
    public string ConfigHome => Path.Combine(_home, "config");

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

        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"certsweep {string.Join(' ', args)} did not finish in 60 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public Result Run(params string[] args) => Run(null, args);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);
}
