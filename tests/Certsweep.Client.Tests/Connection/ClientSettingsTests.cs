using Certsweep.Client.Connection;

namespace Certsweep.Client.Tests.Connection;

/// <summary>The connection scaffold: addresses, and which of option, environment and config file wins.</summary>
public sealed class ClientSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsweep-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("redis://redis.lab:6380", "redis.lab", 6380, false, null, "redis.lab:6380")]
    [InlineData("redis://redis.lab", "redis.lab", 6379, false, null, "redis.lab:6379")]
    [InlineData("rediss://:s3cret@10.0.0.5:6390/2", "10.0.0.5", 6390, true, "s3cret", "10.0.0.5:6390,password=s3cret,ssl=true,defaultDatabase=2")]
    public void Redis_addresses_parse_into_a_connection_string(string text, string host, int port, bool tls, string? password, string connection)
    {
        var address = Assert.IsType<RedisClusterAddress>(ClusterAddress.Parse(text, out var problem));

        Assert.Null(problem);
        Assert.Equal((host, port, tls, password), (address.Host, address.Port, address.UseTls, address.Password));
        Assert.Equal(connection, address.ConnectionString);
        Assert.DoesNotContain("s3cret", address.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost", 30000)]
    [InlineData("localhost:30010", 30010)]
    [InlineData(" LOCALHOST:40000 ", 40000)]
    public void Localhost_addresses_name_the_gateway_port(string text, int port) =>
        Assert.Equal(new LocalhostClusterAddress(port), ClusterAddress.Parse(text, out _));

    [Theory]
    [InlineData("localhost:0")]
    [InlineData("localhost:70000")]
    [InlineData("localhost:abc")]
    [InlineData("redis.lab:6379")]
    [InlineData("http://redis.lab")]
    [InlineData("redis://")]
    [InlineData("redis://redis.lab/db0")]
    [InlineData("redis://redis.lab?timeout=5")]
    public void Other_addresses_are_refused_with_what_is_allowed(string text)
    {
        Assert.Null(ClusterAddress.Parse(text, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    private string Config(string yaml)
    {
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static Func<string, string?> Environment(string? cluster) => name => name == ClientSettings.ClusterVariable ? cluster : null;

    [Fact]
    public void The_option_beats_the_environment_which_beats_the_config_file()
    {
        var config = Config("cluster: redis://from-file:6379\nmax_trials: 50\ncluster_id: lab\n");

        var fromOption = ClientSettings.Resolve("localhost:31000", null, Environment("redis://from-env"), out _, config)!;
        var fromEnvironment = ClientSettings.Resolve(null, null, Environment("redis://from-env"), out _, config)!;
        var fromFile = ClientSettings.Resolve(null, null, Environment(null), out _, config)!;

        Assert.Equal(new LocalhostClusterAddress(31000), fromOption.Cluster);
        Assert.Equal("redis://from-env:6379", fromEnvironment.Cluster!.ToString());
        Assert.Equal(ClientSettings.ClusterVariable, fromEnvironment.ClusterOrigin);
        Assert.Equal("redis://from-file:6379", fromFile.Cluster!.ToString());
        Assert.Equal((50, "lab", ClientSettings.DefaultServiceId), (fromFile.MaxTrials, fromFile.ClusterId, fromFile.ServiceId));
    }

    [Fact]
    public void With_nothing_configured_there_is_no_cluster_and_the_default_limit()
    {
        var settings = ClientSettings.Resolve(null, null, Environment(null), out var error, Path.Combine(_dir, "absent.yaml"))!;

        Assert.Null(error);
        Assert.Null(settings.Cluster);
        Assert.False(settings.Config.Exists);
        Assert.Equal(Hyperparameters.Rules.TrialLimit.DefaultMax, settings.MaxTrials);
    }

    [Fact]
    public void A_bad_address_names_where_it_came_from()
    {
        Assert.Null(ClientSettings.Resolve(null, null, Environment("redis.lab:6379"), out var error, Path.Combine(_dir, "absent.yaml")));

        Assert.Equal(ExitCodes.InvalidInput, error!.ExitCode);
        Assert.StartsWith("$CERTSWEEP_CLUSTER: redis.lab:6379 is not a cluster address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_config_file_lists_each_problem_with_its_line()
    {
        var path = Config("cluster: redis://ok\nmax_trails: 5\ncluster_id: 7\n");

        Assert.Null(ClientSettings.Resolve(null, null, Environment(null), out var error, path));

        Assert.Equal(ExitCodes.InvalidInput, error!.ExitCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Details.Count);
        Assert.Contains($"{path}:2:1: max_trails", error.Details[0], StringComparison.Ordinal);
        Assert.Contains("did you mean max_trials?", error.Details[0], StringComparison.Ordinal);
        Assert.Contains($"{path}:3:13: cluster_id: 7 is not allowed", error.Details[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_files_come_from_option_then_environment_then_the_config_file_relative_to_it()
    {
        var config = Config("cluster: localhost\ntls_certificate: certs/me.crt\ntls_key: certs/me.key\ntls_ca: /etc/ca.crt\n");
        Func<string, string?> environment = name => name == "CERTSWEEP_TLSKEY" ? "/run/key.pem" : null;

        var security = ClientSettings.Resolve(null, null, environment, out var error, config, new ClientSecurityOptions("/opt/cli.crt", null, null, null))!.Security;

        Assert.Null(error);
        Assert.Equal(new ClientFile("/opt/cli.crt", "--tls-certificate"), security.TlsCertificate);
        Assert.Equal(new ClientFile("/run/key.pem", "$CERTSWEEP_TLSKEY"), security.TlsKey);
        Assert.Equal(new ClientFile("/etc/ca.crt", $"{config}: tls_ca"), security.TlsCa);
        Assert.Equal(new Security.MutualTlsFiles("/opt/cli.crt", "/run/key.pem", "/etc/ca.crt"), security.Tls);
        var relative = ClientSettings.Resolve(null, null, Environment(null), out _, config)!.Security;
        Assert.Equal(Path.Combine(_dir, "certs", "me.crt"), relative.TlsCertificate!.Path);
    }

    [Fact]
    public void Part_of_the_tls_files_is_exit_code_2_naming_the_missing_ones()
    {
        Assert.Null(ClientSettings.Resolve("localhost", null, Environment(null), out var error, Path.Combine(_dir, "absent.yaml"),
            new ClientSecurityOptions("/opt/cli.crt", null, null, null)));

        Assert.Equal(ExitCodes.InvalidInput, error!.ExitCode);
        Assert.Equal("mutual TLS needs a certificate, its key and the CA together; given --tls-certificate from --tls-certificate, missing --tls-key ($CERTSWEEP_TLSKEY, tls_key), --tls-ca ($CERTSWEEP_TLSCA, tls_ca).", error.Message);
    }

    [Fact]
    public void The_redis_password_comes_from_the_environment_unless_the_address_has_one()
    {
        Func<string, string?> environment = name => name == ClientSecurity.RedisPasswordVariable ? "from-env" : null;
        var security = ClientSettings.Resolve(null, null, environment, out _, Path.Combine(_dir, "absent.yaml"))!.Security;

        Assert.Equal("from-env", security.Redis(new RedisClusterAddress("r", 6379, false, null, null, null)).Password);
        Assert.Null(security.Redis(new RedisClusterAddress("r", 6379, false, null, "in-url", null)).Password);
        Assert.Null(ClientSettings.Resolve("redis://r", null, name => name == "CERTSWEEP_REDISCA" ? "/ca.crt" : null, out var error, Path.Combine(_dir, "absent.yaml")));
        Assert.Contains("does not use TLS; write it rediss://", error!.Message, StringComparison.Ordinal);
    }
}
