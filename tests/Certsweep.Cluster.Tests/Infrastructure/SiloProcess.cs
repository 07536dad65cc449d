using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Certsweep.Hosting;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>A real <c>certsweep-silo</c> process on loopback, with Redis clustering and storage and membership
/// tuned to declare a dead silo within a few seconds.</summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(string name, int httpPort, Process process)
    {
        Name = name;
        HttpPort = httpPort;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>Where the silo serves /metrics and its health endpoints.</summary>
    public int HttpPort { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to end and its output to be read.</summary>
    public Task WaitForExitAsync(CancellationToken cancellation) => _process.WaitForExitAsync(cancellation);

    /// <summary>The last 2000 lines the silo printed.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static SiloProcess Start(string name, string redis, string checkpointRoot, int cpuSlots, params string[] extra)
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "certsweep-silo.dll");
        var httpPort = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "exec", silo,
            "--clustering", "redis", "--storage", "redis", "--redis", redis,
            "--service-id", "certsweep-test", "--cluster-id", "certsweep-test",
            "--silo-name", name, "--advertised-address", "127.0.0.1",
            "--silo-port", Port(), "--gateway-port", Port(), "--http-port", httpPort.ToString(CultureInfo.InvariantCulture),
            "--devices", "cpu", "--cpu-slots", cpuSlots.ToString(CultureInfo.InvariantCulture),
            "--checkpoint-root", checkpointRoot, "--torch-threads", "1",
            "--Membership:ProbeTimeout=00:00:01", "--Membership:NumMissedProbesLimit=2",
            "--Membership:NumVotesForDeathDeclaration=1", "--Membership:TableRefreshTimeout=00:00:02",
            "--Membership:IAmAliveTablePublishTimeout=00:00:02",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        return new SiloProcess(name, httpPort, Process.Start(start) ?? throw new InvalidOperationException($"{silo} did not start"));
    }

    /// <summary>A silo of its own (localhost clustering, memory storage, one CPU slot) logging at information, its
    /// HTTP endpoint on a free port; <paramref name="extra"/> comes last and wins.</summary>
    public static SiloProcess StartAlone(string name, string checkpointRoot, params string[] extra)
    {
        var httpPort = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "exec", Path.Combine(AppContext.BaseDirectory, "certsweep-silo.dll"),
            "--silo-name", name, "--silo-port", Port(), "--gateway-port", Port(), "--http-port", httpPort.ToString(CultureInfo.InvariantCulture),
            "--devices", "cpu", "--cpu-slots", "1", "--checkpoint-root", checkpointRoot, "--torch-threads", "1",
        }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        return new SiloProcess(name, httpPort, Process.Start(start) ?? throw new InvalidOperationException("certsweep-silo did not start"));
    }

    /// <summary>SIGTERM, and waits for the process to end.</summary>
    public async Task StopAsync()
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL: the silo gets no chance to hand anything back.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops a silo: it hands its trials back and leaves the cluster.</summary>
    public void Terminate(TimeSpan wait)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(wait))
        {
            throw new TimeoutException($"{Name} did not exit within {wait.TotalSeconds:0} s of SIGTERM.");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000)
        {
            _output.TryDequeue(out _);
        }
    }
}
