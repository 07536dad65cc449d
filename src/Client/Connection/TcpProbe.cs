using System.Net.Sockets;

namespace Certsweep.Client.Connection;

/// <summary>
/// Checks that something accepts TCP connections at an endpoint before the Orleans client tries it: a closed port
/// is then one clear message at once, where the client would keep retrying until its timeout.
/// </summary>
public static class TcpProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Null when the endpoint accepts a connection; otherwise why not ("connection refused", "no answer within 3 s").</summary>
    public static async Task<string?> ProblemAsync(string host, int port, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellation).AsTask().WaitAsync(Timeout, cancellation);
            return null;
        }
        catch (TimeoutException)
        {
            return $"no answer from {host}:{port} within {Timeout.TotalSeconds:0} s";
        }
        catch (SocketException e)
        {
            return $"{host}:{port}: {e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens there)",
                SocketError.HostNotFound or SocketError.NoData => "unknown host",
                _ => e.Message,
            }}";
        }
    }
}
