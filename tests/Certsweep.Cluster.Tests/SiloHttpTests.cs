using System.Net.Sockets;
using System.Text.RegularExpressions;
using Certsweep.Cluster.Tests.Infrastructure;

namespace Certsweep.Cluster.Tests;

/// <summary>
/// certsweep-silo's HTTP endpoint (/healthz, /readyz, /metrics) and log, on real silo processes: the endpoint listens
/// on the address it is given and on loopback only by default; every log line starts with its UTC time in ISO 8601;
/// scrapes and probes write no line.
/// </summary>
public sealed partial class SiloHttpTests
{
    [Fact]
    public async Task The_http_endpoint_listens_on_loopback_by_default_and_on_the_given_address_only()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-http-").FullName;
        using var byDefault = SiloProcess.StartAlone("default-address", checkpoints);
        using var given = SiloProcess.StartAlone("given-address", checkpoints, "--http-address", "127.0.0.2");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await AnswersAsync(http, "127.0.0.1", byDefault);
            await AnswersAsync(http, "127.0.0.2", given);

            // Another loopback address reaches a socket bound to every interface, not one bound to 127.0.0.1 only.
            Assert.Equal(SocketError.ConnectionRefused, await TcpConnect.TryAsync("127.0.0.2", byDefault.HttpPort));
            Assert.Equal(SocketError.ConnectionRefused, await TcpConnect.TryAsync("127.0.0.1", given.HttpPort));
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    [Fact]
    public async Task Every_log_line_starts_with_its_utc_time_and_scrapes_and_probes_write_none()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-log-").FullName;
        using var silo = SiloProcess.StartAlone("logging", checkpoints);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await AnswersAsync(http, "127.0.0.1", silo);
            var before = Lines(silo);
            for (var i = 0; i < 5; i++)
            {
                foreach (var path in new[] { "metrics", "healthz", "readyz" })
                {
                    (await http.GetAsync($"http://127.0.0.1:{silo.HttpPort}/{path}")).EnsureSuccessStatusCode();
                }
            }

            await Task.Delay(1000);
            var during = Lines(silo).Skip(before.Count).ToList();
            await silo.StopAsync();
            var all = Lines(silo);

            Assert.True(all.Count > 20, silo.Output);
            Assert.Empty(during);
            Assert.All(all, line => Assert.Matches(Timestamp(), line));
            var stamp = DateTime.Parse(Timestamp().Match(all[^1]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            Assert.InRange(stamp, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
            Assert.Contains(all, line => line.Contains(" info: ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    private static List<string> Lines(SiloProcess silo) =>
        [.. silo.Output.Split(Environment.NewLine).Where(l => l.Length > 0)];

    private static async Task AnswersAsync(HttpClient http, string address, SiloProcess silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                Assert.Equal("ok", await http.GetStringAsync($"http://{address}:{silo.HttpPort}/healthz"));
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !silo.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex Timestamp();
}
