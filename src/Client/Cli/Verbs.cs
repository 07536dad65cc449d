using System.CommandLine;
using Certsweep.Client.Commands;
using Certsweep.Client.Connection;

namespace Certsweep.Client.Cli;

/// <summary>
/// The verbs of the CLI. The cluster verbs and the spec, config and report verbs are always there and load neither
/// TorchSharp nor the silo; the local verbs (<c>sweep run</c>, <c>train</c>, <c>eval</c>, <c>export</c>,
/// <c>probe</c>, <c>data</c>) live in <c>Local/</c>, the only folder that uses the trainer and the silo hosting, and
/// are added by <see cref="AddLocal"/> when the build includes them (a cluster-only build,
/// <c>-p:LocalVerbs=false</c>, leaves that folder out and the partial method with it). A command line that names a
/// cluster verb gets a tree without them: merely building their options would load the trainer's assemblies.
/// </summary>
public static partial class Verbs
{
    /// <summary>The verbs that never train: with one of these first, the local verbs are not built.</summary>
    private static readonly HashSet<string> ClusterOnly = ["spec", "config", "trial", "cluster", "report"];

    /// <summary>The subverbs of <c>sweep</c> that talk to a cluster (<c>sweep run</c> is local).</summary>
    private static readonly HashSet<string> SweepClusterVerbs = ["submit", "list", "status", "cancel", "results", "best"];

    public static RootCommand Root(IReadOnlyList<string> args)
    {
        var words = args.Where(a => !a.StartsWith('-')).Take(2).ToList();
        var clusterOnly = words.Count > 0 && (ClusterOnly.Contains(words[0]) || (words[0] == "sweep" && words.Count > 1 && SweepClusterVerbs.Contains(words[1])));

        var root = new RootCommand("certsweep: sweeps of certified-robust (IBP) training on an Orleans cluster of GPU machines.");
        root.Options.Add(GlobalOptions.Output);
        var sweep = SweepCommand.Create();
        root.Subcommands.Add(SpecCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(sweep);
        root.Subcommands.Add(TrialCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        if (!clusterOnly)
        {
            AddLocal(root, sweep);
        }

        ConnectionOptions.AddSecurity(root);
        return root;
    }

    static partial void AddLocal(RootCommand root, Command sweep);
}
