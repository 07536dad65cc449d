using System.Net.Sockets;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>Whether something listens at an address and port: what one TCP connection attempt ends with.</summary>
public static class TcpConnect
{
    public static async Task<SocketError> TryAsync(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
