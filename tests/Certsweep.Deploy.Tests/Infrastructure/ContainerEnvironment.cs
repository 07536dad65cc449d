using System.Text.RegularExpressions;
using Certsweep.Hosting;
using Microsoft.Extensions.Configuration;
using k8s.Models;

namespace Certsweep.Deploy.Tests.Infrastructure;

/// <summary>
/// A container's environment as the process in it sees it, and the silo settings certsweep-silo reads from it.
/// </summary>
public static partial class ContainerEnvironment
{
    /// <summary>certsweep-silo reads the environment variables with this prefix as its settings.</summary>
    public const string Prefix = "CERTSWEEP_";

    /// <summary>What the downward API gives a pod of <paramref name="workload"/> (its first replica, a made-up pod IP).</summary>
    public static IReadOnlyDictionary<string, string> FieldStandIns(Workload workload) => new Dictionary<string, string>
    {
        ["metadata.name"] = $"{workload.Name}-0",
        ["metadata.namespace"] = workload.Namespace,
        ["status.podIP"] = "10.244.1.7",
    };

    /// <summary>
    /// Name to value, in the container's order: literal values with <c>$(NAME)</c> references to variables defined
    /// before them expanded and <c>$$</c> unescaped (the kubelet's rule); downward-API fields from
    /// <paramref name="fields"/>; a Secret's value as <c>secret:NAME/KEY</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Resolve(V1Container container, IReadOnlyDictionary<string, string> fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            values[variable.Name] = variable.ValueFrom switch
            {
                null => Reference().Replace(variable.Value ?? "", m => m.Value == "$$" ? "$" : values.GetValueOrDefault(m.Groups[1].Value, m.Value)),
                { FieldRef: { } field } => fields.TryGetValue(field.FieldPath, out var value) ? value : throw new InvalidDataException($"{variable.Name}: no stand-in for the downward-API field {field.FieldPath}"),
                { SecretKeyRef: { } secret } => $"secret:{secret.Name}/{secret.Key}",
                var other => throw new InvalidDataException($"{variable.Name}: unexpected valueFrom {other}"),
            };
        }

        return values;
    }

    /// <summary>The silo's settings from the CERTSWEEP_ variables, bound by certsweep-silo's own code.</summary>
    public static CertsweepSiloOptions SiloOptions(IReadOnlyDictionary<string, string> environment) =>
        CertsweepSiloHost.ReadOptions(new ConfigurationBuilder().AddInMemoryCollection(SiloSettings(environment)!).Build());

    /// <summary>The CERTSWEEP_ variables without the prefix: the configuration keys the silo sees.</summary>
    public static IReadOnlyDictionary<string, string> SiloSettings(IReadOnlyDictionary<string, string> environment) =>
        environment.Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(e => e.Key[Prefix.Length..], e => e.Value);

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();
}
