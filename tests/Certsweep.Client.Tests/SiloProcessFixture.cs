using System.Diagnostics;
using System.Globalization;
using Certsweep.Client.Connection;
using Certsweep.Contracts.Cluster;
using Certsweep.Hosting;

namespace Certsweep.Client.Tests;

/// <summary>
/// A real <c>certsweep-silo</c> process with localhost clustering on free loopback ports, 2 CPU slots, memory
/// storage and the default service and cluster ids (so the CLI reaches it with nothing but
/// <c>--cluster localhost:PORT</c>), and an in-process client to check what reached the cluster.
/// </summary>
public sealed class SiloProcessFixture : IAsyncLifetime
{
    private readonly string _checkpoints = Directory.CreateTempSubdirectory("certsweep-cli-silo-").FullName;
    private Process? _silo;
    private ClusterConnection? _connection;

    public int GatewayPort { get; } = FreePorts.Next();

    /// <summary>The address the CLI is given: <c>localhost:PORT</c>.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"localhost:{GatewayPort}");

    public IClusterClient Client => _connection!.Client;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "exec", Path.Combine(AppContext.BaseDirectory, "certsweep-silo.dll"),
            "--silo-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "--gateway-port", GatewayPort.ToString(CultureInfo.InvariantCulture),
            "--http-port", "0", "--devices", "cpu", "--cpu-slots", "2", "--torch-threads", "1", "--checkpoint-root", _checkpoints,
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _silo = Process.Start(start)!;
        _silo.OutputDataReceived += (_, _) => { };
        _silo.ErrorDataReceived += (_, _) => { };
        _silo.BeginOutputReadLine();
        _silo.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                _connection ??= await ClusterConnection.ConnectLocalhostAsync(GatewayPort, timeout: TimeSpan.FromSeconds(10));
                var status = await Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus();
                if (status.TotalSlots == 2)
                {
                    return;
                }
            }
            catch (Exception e) when (e is ClusterUnreachableException or OrleansException or TimeoutException)
            {
                // the silo is still starting
            }

            if (DateTime.UtcNow > deadline || _silo.HasExited)
            {
                throw new InvalidOperationException($"the silo on gateway port {GatewayPort} did not come up (exited: {_silo.HasExited})");
            }

            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_silo is { HasExited: false })
        {
            _silo.Kill(entireProcessTree: true);
            await _silo.WaitForExitAsync();
        }

        _silo?.Dispose();
        Directory.Delete(_checkpoints, recursive: true);
    }
}
