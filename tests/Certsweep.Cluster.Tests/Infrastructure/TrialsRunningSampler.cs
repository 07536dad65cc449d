using System.Globalization;
using System.Text.RegularExpressions;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>Reads a silo process's <c>certsweep_silo_trials_running</c> gauge from its /metrics every 100 ms and keeps
/// the largest value seen; scrapes that fail (the silo busy starting or stopping) are skipped.</summary>
public sealed partial class TrialsRunningSampler : IDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _sampling;

    public TrialsRunningSampler(int httpPort)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(5) };
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Stops sampling; the most trials the silo reported running at once.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _sampling;
    }

    private async Task<int> SampleAsync(CancellationToken stop)
    {
        var most = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var match = Gauge().Match(await _http.GetStringAsync("metrics", stop));
                if (match.Success)
                {
                    most = Math.Max(most, (int)double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
            {
                // A scrape that timed out or was refused; the next one counts.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return most;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _http.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"^certsweep_silo_trials_running(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Gauge();
}
