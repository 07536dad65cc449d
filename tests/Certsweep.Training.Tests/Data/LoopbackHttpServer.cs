using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Certsweep.Training.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for download tests: answers GET of a known path with its bytes
/// (200) and anything else with 404, one request per connection. Stops on dispose. With
/// <c>stallAfterBytes</c> it sends only that much of a known body, then nothing, keeping the connection open
/// (a transfer that stalls mid-body).
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _files;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly int? _stallAfterBytes;

    public LoopbackHttpServer(Dictionary<string, byte[]> files, int? stallAfterBytes = null)
    {
        _files = files;
        _stallAfterBytes = stallAfterBytes;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Requests { get; private set; }

    /// <summary>An address on which nothing listens: connecting is refused at once.</summary>
    public static Uri ClosedAddress()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                Requests++;
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream);
                var path = request.Split(' ').ElementAtOrDefault(1)?.TrimStart('/') ?? string.Empty;
                var found = _files.TryGetValue(path, out var body);
                body ??= "not found"u8.ToArray();
                var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                var sent = found && _stallAfterBytes is { } stall ? Math.Min(stall, body.Length) : body.Length;
                await stream.WriteAsync(body.AsMemory(0, sent));
                if (sent < body.Length)
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
