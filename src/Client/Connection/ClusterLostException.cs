namespace Certsweep.Client.Connection;

/// <summary>The cluster stopped answering for longer than the client retries; the message says for how long and why.</summary>
public sealed class ClusterLostException(string message, Exception inner) : Exception(message, inner);
