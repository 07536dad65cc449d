using System.Diagnostics;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>The built certsweep CLI run as a separate process from its own output directory (its copy beside the tests
/// resolves assemblies against the test's dependencies and does not start), with an empty config directory and only
/// the CERTSWEEP_ variables it is given.</summary>
public static class CertsweepCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Stdout}{Environment.NewLine}{Stderr}";
    }

    /// <summary>certsweep.dll of the configuration these tests were built in.</summary>
    private static string Dll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            for (var dir = output; dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln")))
                {
                    return Path.Combine(dir.FullName, "src", "Client", "bin", configuration, "net10.0", "certsweep.dll");
                }
            }

            throw new DirectoryNotFoundException($"no Distributed.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Runs certsweep with <paramref name="args"/>; <paramref name="configYaml"/> is its config file.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, string configYaml, TimeSpan timeout, params string[] args)
    {
        var config = Directory.CreateTempSubdirectory("certsweep-cli-config-").FullName;
        Directory.CreateDirectory(Path.Combine(config, "certsweep"));
        File.WriteAllText(Path.Combine(config, "certsweep", "config.yaml"), configYaml);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CERTSWEEP_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["XDG_CONFIG_HOME"] = config;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"certsweep {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0} s");
            }

            return new Result(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
