using Certsweep.Hosting;
using Certsweep.Security;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Certsweep.Silo.Hosting;

/// <summary>Stops the silo before Orleans starts when Redis refuses its password: Orleans would retry and then fail
/// with a membership-table timeout that does not say why.</summary>
public sealed class RedisAuthenticationCheck(ConfigurationOptions redis) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await RedisAuthenticationProbe.RefusalAsync(redis, cancellationToken) is { } refusal)
        {
            throw new SiloConfigurationException([$"--redis {redis.EndPoints.FirstOrDefault()}: {refusal}. Give the silo Redis' password: $CERTSWEEP_REDISPASSWORD or --redis-password."]);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
