namespace Certsweep.Client.Connection;

/// <summary>
/// Errors a call to the cluster can meet while the cluster itself is fine or recovering: a silo died or is
/// stopping (its grains move), the gateway connection dropped, a call timed out. Worth retrying for a while.
/// </summary>
public static class TransientClusterError
{
    public static bool Is(Exception e) => e is OrleansException or TimeoutException;
}
