using System.CommandLine;
using Certsweep.Client.Commands;
using Certsweep.Client.Connection;

namespace Certsweep.Client.Cli;

/// <summary>
/// The verbs of the CLI. The cluster verbs and the spec, config and report verbs are always there and load neither
/// TorchSharp nor the silo; the local verbs (<c>sweep run</c>, <c>train</c>, <c>eval</c>, <c>export</c>,
/// <c>probe</c>, <c>data</c>) live in <c>Local/</c>, the only folder that uses the trainer and the silo hosting, and
/// are added by <see cref="AddLocal"/> when the build includes them (a cluster-only build,
/// <c>-p:LocalVerbs=false</c>, leaves that folder out and the partial method with it).
/// </summary>
public static partial class Verbs
{
    public static RootCommand Root()
    {
        var root = new RootCommand("certsweep: sweeps of certified-robust (IBP) training on an Orleans cluster of GPU machines.");
        root.Options.Add(GlobalOptions.Output);
        var sweep = SweepCommand.Create();
        root.Subcommands.Add(SpecCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(sweep);
        root.Subcommands.Add(TrialCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        AddLocal(root, sweep);
        ConnectionOptions.AddSecurity(root);
        return root;
    }

    static partial void AddLocal(RootCommand root, Command sweep);
}
