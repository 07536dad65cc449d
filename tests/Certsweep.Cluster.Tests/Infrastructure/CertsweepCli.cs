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

    /// <summary>
    /// The CLI as its own project built it (src/Client/bin/CONFIGURATION/net10.0), not the copy beside the tests:
    /// this test project loads ASP.NET Core's shared framework, so the Microsoft.Extensions assemblies the thin CLI
    /// carries itself are not copied here, and the copy here cannot start.
    /// </summary>
    private static string Executable
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var root = framework;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Distributed.sln")))
            {
                root = root.Parent;
            }

            return Path.Combine(root?.FullName ?? throw new InvalidOperationException("no Distributed.sln above the tests"),
                "src", "Client", "bin", configuration, framework.Name, "certsweep.dll");
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
        start.ArgumentList.Add(Executable);
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
