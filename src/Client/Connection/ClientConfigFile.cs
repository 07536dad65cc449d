using System.Globalization;
using Certsweep.Client.Specs;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Connection;

/// <summary>
/// The user's config file, <c>$XDG_CONFIG_HOME/certsweep/config.yaml</c> (default <c>~/.config/...</c>): keys
/// <c>cluster</c>, <c>cluster_id</c>, <c>service_id</c>, <c>max_trials</c>, and the files of <see cref="ClientSecurity"/>:
/// <c>tls_certificate</c>, <c>tls_key</c>, <c>tls_ca</c>, <c>redis_ca</c>. Missing file: all defaults.
/// </summary>
public sealed record ClientConfigFile(string Path, bool Exists, string? Cluster, SourcePosition? ClusterPosition, string? ClusterId, string? ServiceId, int? MaxTrials)
{
    public static IReadOnlyList<string> Keys { get; } = ["cluster", "cluster_id", "service_id", "max_trials", "tls_certificate", "tls_key", "tls_ca", "redis_ca"];

    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    public string? TlsCa { get; init; }

    public string? RedisCa { get; init; }

    public static string DefaultPath(Func<string, string?> environment)
    {
        var configHome = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
        {
            configHome = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return System.IO.Path.Combine(configHome, "certsweep", "config.yaml");
    }

    /// <summary>Reads the file; its problems (each with field, value, allowed and line) when it is invalid.</summary>
    public static ClientConfigFile Load(string path, out IReadOnlyList<SpecProblem> problems)
    {
        var config = new ClientConfigFile(path, false, null, null, null, null, null);
        var found = new List<SpecProblem>();
        problems = found;
        if (!File.Exists(path))
        {
            return config;
        }

        config = config with { Exists = true };
        SpecNode? root;
        try
        {
            root = YamlSpecReader.Read(File.ReadAllText(path));
        }
        catch (SpecSyntaxException e)
        {
            found.Add(e.Problem);
            return config;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            found.Add(new SpecProblem(SpecProblem.FileField, $"cannot be read ({e.Message})", "a readable YAML file", null));
            return config;
        }

        if (root is null)
        {
            return config;
        }

        if (root is not SpecMapping mapping)
        {
            found.Add(new SpecProblem("config", root.Describe(), $"a mapping with keys {string.Join(", ", Keys)}", root.Position));
            return config;
        }

        foreach (var entry in mapping.Entries)
        {
            var scalar = entry.Value as SpecScalar;
            switch (entry.Key)
            {
                case "cluster" when scalar is { Kind: ScalarKind.String }:
                    config = config with { Cluster = scalar.Text, ClusterPosition = scalar.Position };
                    break;
                case "cluster_id" or "service_id" when scalar is { Kind: ScalarKind.String, Text.Length: > 0 }:
                    config = entry.Key == "cluster_id" ? config with { ClusterId = scalar.Text } : config with { ServiceId = scalar.Text };
                    break;
                case "max_trials" when scalar is not null && scalar.TryGetNumber(out var max) && max == Math.Floor(max) && max is >= 1 and <= TrialLimit.Ceiling:
                    config = config with { MaxTrials = (int)max };
                    break;
                case "tls_certificate" or "tls_key" or "tls_ca" or "redis_ca" when scalar is { Kind: ScalarKind.String, Text.Length: > 0 }:
                    config = entry.Key switch
                    {
                        "tls_certificate" => config with { TlsCertificate = scalar.Text },
                        "tls_key" => config with { TlsKey = scalar.Text },
                        "tls_ca" => config with { TlsCa = scalar.Text },
                        _ => config with { RedisCa = scalar.Text },
                    };
                    break;
                case "tls_certificate" or "tls_key" or "tls_ca" or "redis_ca":
                    found.Add(new SpecProblem(entry.Key, entry.Value.Describe(), "the path of a PEM file (relative to this file's folder)", entry.Value.Position));
                    break;
                case "cluster":
                    found.Add(new SpecProblem("cluster", entry.Value.Describe(), ClusterAddress.Allowed, entry.Value.Position));
                    break;
                case "cluster_id" or "service_id":
                    found.Add(new SpecProblem(entry.Key, entry.Value.Describe(), "a non-empty name (the same as the silos')", entry.Value.Position));
                    break;
                case "max_trials":
                    found.Add(new SpecProblem("max_trials", entry.Value.Describe(), $"{TrialLimit.Allowed} (the most trials one sweep may expand to)", entry.Value.Position));
                    break;
                default:
                    var suggestion = SpellingSuggestion.Closest(entry.Key, Keys);
                    found.Add(new SpecProblem(entry.Key, $"the unknown key {entry.Key}",
                        $"a key of the config file: {string.Join(", ", Keys)}{(suggestion is null ? string.Empty : $" (did you mean {suggestion}?)")}", entry.KeyPosition));
                    break;
            }
        }

        return config;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path}{(Exists ? string.Empty : " (not found)")}");
}
