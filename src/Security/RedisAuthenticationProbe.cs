using StackExchange.Redis;

namespace Certsweep.Security;

/// <summary>
/// Whether Redis refuses the credentials of a connection, asked before Orleans connects: Orleans' client and silo
/// retry a refused password until their own timeout and then report only that nothing answered.
/// </summary>
public static class RedisAuthenticationProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Why Redis refused <paramref name="options"/>' password (it never names the password); null when Redis
    /// accepted it or could not be asked (an unreachable Redis is reported by whoever connects next).</summary>
    public static async Task<string?> RefusalAsync(ConfigurationOptions options, CancellationToken cancellation)
    {
        var probe = options.Clone();
        probe.AbortOnConnectFail = true;
        probe.ConnectRetry = 1;
        probe.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(probe).WaitAsync(Timeout * 2, cancellation);
            return null;
        }
        catch (RedisConnectionException e) when (e.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            return $"Redis refused {(string.IsNullOrEmpty(options.Password) ? "a missing password" : "the password")} ({ServerReply(e)})";
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Redis' own words (WRONGPASS, NOAUTH) where StackExchange.Redis kept them.</summary>
    private static string ServerReply(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is RedisServerException server)
            {
                return server.Message.TrimEnd('.');
            }
        }

        return "authentication failure";
    }
}
