using System.CommandLine;

namespace Certsweep.Client.Cli;

/// <summary>The verbs that train or evaluate on this machine, or run an embedded cluster: the only ones that load
/// TorchSharp and the silo hosting.</summary>
public static partial class Verbs
{
    static partial void AddLocal(RootCommand root, Command sweep)
    {
        sweep.Subcommands.Add(Local.SweepRunCommand.Create());
        root.Subcommands.Add(Local.TrainCommand.Create());
        root.Subcommands.Add(Local.ProbeCommand.Create());
        root.Subcommands.Add(Local.EvalCommand.Create());
        root.Subcommands.Add(Local.ExportCommand.Create());
        root.Subcommands.Add(Local.DataCommand.Create());
    }
}
