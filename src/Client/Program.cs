using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Commands;

var root = new RootCommand("certsweep: sweeps of certified-robust (IBP) training on an Orleans cluster of GPU machines.");
root.Options.Add(GlobalOptions.Output);
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(SpecCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(TrialCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
return await CommandLineRunner.InvokeAsync(root.Parse(args));
