using System.Diagnostics;
using System.Net.Sockets;
using Certsweep.Hosting;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, in a temporary directory, killed and removed on dispose;
/// with <paramref name="password"/>, it requires that password of every client.</summary>
public sealed class RedisServer(string? password = null) : IAsyncLifetime
{
    private Process? _process;
    private readonly string _directory = Directory.CreateTempSubdirectory("certsweep-redis-").FullName;

    public int Port { get; } = FreePorts.Next();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(password);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (is the redis-server package installed?)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
