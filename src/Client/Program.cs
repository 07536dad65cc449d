using System.CommandLine;
using Certsweep.Client.Commands;

var root = new RootCommand("certsweep: sweeps of certified-robust (IBP) training on an Orleans cluster of GPU machines.");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(DataCommand.Create());
return await root.Parse(args).InvokeAsync();
