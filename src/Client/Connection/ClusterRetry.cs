namespace Certsweep.Client.Connection;

/// <summary>
/// Retries calls that fail with a <see cref="TransientClusterError"/> (a silo dying, a gateway going away) once a
/// second, until the cluster has not answered for <see cref="Window"/>; then it gives up with a
/// <see cref="ClusterLostException"/>. One instance follows one conversation (a watch loop): the window runs from
/// its first unanswered call and resets on every answer.
/// </summary>
public sealed class ClusterRetry(TimeSpan window, Action<Exception, TimeSpan>? onRetry = null)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(30);

    private DateTimeOffset? _failingSince;

    public TimeSpan Window { get; } = window;

    public async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellation)
    {
        while (true)
        {
            try
            {
                var result = await call();
                _failingSince = null;
                return result;
            }
            catch (Exception e) when (TransientClusterError.Is(e))
            {
                var now = DateTimeOffset.UtcNow;
                _failingSince ??= now;
                var silent = now - _failingSince.Value;
                if (silent >= Window)
                {
                    throw new ClusterLostException(
                        $"the cluster has not answered for {silent.TotalSeconds:0} s ({e.GetType().Name}: {e.Message.TrimEnd('.')})", e);
                }

                onRetry?.Invoke(e, silent);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
        }
    }
}
