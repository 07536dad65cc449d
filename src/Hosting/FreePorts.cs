using System.Net;
using System.Net.Sockets;

namespace Certsweep.Hosting;

/// <summary>Loopback ports nothing listens on right now (for embedded silos and tests).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
