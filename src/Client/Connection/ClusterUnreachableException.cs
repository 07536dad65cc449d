namespace Certsweep.Client.Connection;

/// <summary>The cluster could not be reached; the message says what was tried and the fix.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner) : Exception(message, inner);
