using System.CommandLine;

namespace Certsweep.Client.Connection;

/// <summary>The connection options the cluster verbs add to themselves (not global: <c>train</c> and <c>spec</c>
/// never connect): the cluster address, and the files of mutual TLS and of Redis' TLS.</summary>
public static class ConnectionOptions
{
    public static Option<string?> Cluster { get; } = new("--cluster")
    {
        Description = $"The cluster: {ClusterAddress.Allowed}. Default: ${ClientSettings.ClusterVariable}, then 'cluster:' in the config file.",
        HelpName = "address",
    };

    public static Option<string?> TlsCertificate { get; } = File(ClientSecurity.TlsCertificateSetting,
        "PEM certificate this client presents to the silos' gateways (mutual TLS, with --tls-key and --tls-ca)");

    public static Option<string?> TlsKey { get; } = File(ClientSecurity.TlsKeySetting, "PEM private key of --tls-certificate");

    public static Option<string?> TlsCa { get; } = File(ClientSecurity.TlsCaSetting,
        "PEM certificate of the CA that issued the silos' certificates; the only CA this client trusts for them");

    public static Option<string?> RedisCa { get; } = File(ClientSecurity.RedisCaSetting,
        "PEM certificate of the CA that issued Redis' certificate (rediss:// addresses; default: the system's CAs)");

    /// <summary>The options every verb with <see cref="Cluster"/> also takes (<c>Verbs</c> adds them).</summary>
    public static IReadOnlyList<Option> Security { get; } = [TlsCertificate, TlsKey, TlsCa, RedisCa];

    /// <summary>What the command line says about the security files (null where it says nothing; none for a verb
    /// that does not take them).</summary>
    public static ClientSecurityOptions ReadSecurity(ParseResult parse) => parse.CommandResult.Command.Options.Contains(TlsCertificate)
        ? new(parse.GetValue(TlsCertificate), parse.GetValue(TlsKey), parse.GetValue(TlsCa), parse.GetValue(RedisCa))
        : ClientSecurityOptions.None;

    /// <summary>Gives every command under <paramref name="root"/> that takes <see cref="Cluster"/> the
    /// <see cref="Security"/> options too.</summary>
    public static void AddSecurity(Command root)
    {
        if (root.Options.Contains(Cluster))
        {
            foreach (var option in Security)
            {
                root.Options.Add(option);
            }
        }

        foreach (var command in root.Subcommands)
        {
            AddSecurity(command);
        }
    }

    private static Option<string?> File(ClientSetting setting, string what) => new(setting.Option)
    {
        Description = $"{what}. Default: ${setting.Variable}, then '{setting.ConfigKey}:' in the config file.",
        HelpName = "file",
    };
}
