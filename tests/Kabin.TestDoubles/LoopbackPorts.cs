using System.Net;
using System.Net.Sockets;

namespace Kabin.TestDoubles;

/// <summary>Free loopback ports for servers that must be told their port before they start (processes, extra listeners).</summary>
public static class LoopbackPorts
{
    /// <summary>A port the system just handed out and released; another process may take it, so use it at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
