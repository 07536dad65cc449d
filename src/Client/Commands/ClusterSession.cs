using Certsweep.Client.Cli;
using Certsweep.Client.Connection;

namespace Certsweep.Client.Commands;

/// <summary>What a cluster verb works with: where it writes, the connected client, the settings it connected with,
/// a description of the cluster for messages, and the token Ctrl+C cancels.</summary>
public sealed record ClusterSession(Terminal Terminal, IClusterClient Client, ClientSettings Settings, string Where, CancellationToken Interrupted);
