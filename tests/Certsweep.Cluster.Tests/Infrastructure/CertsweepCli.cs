using System.Diagnostics;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>The built certsweep CLI (beside the tests, from the project reference) run as a separate process, with an
/// empty config directory and only the CERTSWEEP_ variables it is given.</summary>
public static class CertsweepCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Stdout}{Environment.NewLine}{Stderr}";
    }

    /// <summary>Runs certsweep with <paramref name="args"/>; <paramref name="configYaml"/> is its config file.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, string configYaml, TimeSpan timeout, params string[] args)
    {
        var config = Directory.CreateTempSubdirectory("certsweep-cli-config-").FullName;
        Directory.CreateDirectory(Path.Combine(config, "certsweep"));
        File.WriteAllText(Path.Combine(config, "certsweep", "config.yaml"), configYaml);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "certsweep.dll"));
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
