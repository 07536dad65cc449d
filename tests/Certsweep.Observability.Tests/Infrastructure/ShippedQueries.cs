using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Certsweep.Observability.Tests.Infrastructure;

/// <summary>The PromQL the shipped files run: every panel target of the Grafana dashboard and every alert rule.</summary>
public static partial class ShippedQueries
{
    /// <summary>(panel title, expression) for every target of every panel, rows' nested panels included.</summary>
    public static IReadOnlyList<(string Panel, string Expression)> DashboardExpressions()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Dashboard))!;
        return Panels(dashboard["panels"]!.AsArray())
            .SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => ((string)p["title"]!, (string)t!["expr"]!)))
            .ToList();

        static IEnumerable<JsonNode> Panels(JsonArray panels) =>
            panels.SelectMany(p => new[] { p! }.Concat(p!["panels"] is JsonArray nested ? Panels(nested) : []));
    }

    /// <summary>(alert name, expression) for every alerting rule.</summary>
    public static IReadOnlyList<(string Alert, string Expression)> AlertExpressions()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryFiles.AlertRules))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root["groups"])
            .SelectMany(g => (YamlSequenceNode)((YamlMappingNode)g)["rules"])
            .Cast<YamlMappingNode>()
            .Select(rule => (((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!.Trim()))
            .ToList();
    }

    /// <summary>The expression as Grafana would send it for <paramref name="sweep"/>, with the interval variables set
    /// for a Prometheus that scrapes every second.</summary>
    public static string ForSweep(string expression, string sweep) => expression
        .Replace("${sweep}", sweep, StringComparison.Ordinal)
        .Replace("$sweep", sweep, StringComparison.Ordinal)
        .Replace("$__rate_interval", "5s", StringComparison.Ordinal)
        .Replace("$__interval", "1s", StringComparison.Ordinal)
        .Replace("$__range", "10m", StringComparison.Ordinal);

    /// <summary>
    /// An alert expression without its threshold: <c>X &gt; 0</c> becomes <c>X &gt; bool 0</c>, which returns every
    /// series of X (0 or 1) instead of only those over the threshold, so a healthy sweep's series show that the
    /// rule selects real metrics with the labels it names. Null when the expression has no top-level threshold.
    /// </summary>
    public static string? WithoutThreshold(string expression)
    {
        var match = Threshold().Match(expression);
        return match.Success ? $"{match.Groups["vector"].Value} {match.Groups["op"].Value} bool {match.Groups["value"].Value}" : null;
    }

    /// <summary>The expression with its minute and hour windows and offsets (<c>[10m]</c>, <c>offset 10m</c>) shortened
    /// to <paramref name="duration"/>, for a sweep that runs for seconds.</summary>
    public static string Shortened(string expression, string duration) =>
        Duration().Replace(expression, m => m.Groups["offset"].Success ? $"offset {duration}" : $"[{duration}]");

    [GeneratedRegex(@"\[\d+[mh]\]|(?<offset>offset\s+\d+[mh]\b)")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^(?<vector>.*\S)\s*(?<op>==|!=|>=|<=|>|<)\s*(?<value>-?[0-9.]+)\s*$", RegexOptions.Singleline)]
    private static partial Regex Threshold();
}
