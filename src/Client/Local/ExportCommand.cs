using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Models;
using TorchSharp;

namespace Certsweep.Client.Local;

/// <summary><c>certsweep export</c>: a checkpoint's weights as a PyTorch file the reference code loads unchanged.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A certsweep checkpoint (e.g. runs/<trial>/checkpoint.best)." };
        var output = new Option<string>("--out") { Description = "The PyTorch file to write (e.g. model.pt).", Required = true };
        var format = new Option<PyTorchFileFormat>("--format")
        {
            Description = "StateDict: torch.save(model.state_dict()); ReferenceCheckpoint: {'state_dict', 'epoch'} as the reference's train.py --load expects.",
            DefaultValueFactory = _ => PyTorchFileFormat.StateDict,
        };
        var command = new Command("export", "Write a checkpoint's weights as a PyTorch state_dict (.pt) with the reference model's keys.") { checkpoint, output, format };
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            var source = parse.GetValue(checkpoint)!;
            var target = parse.GetValue(output)!;
            try
            {
                if (File.Exists(source) && PyTorchStateDict.IsPyTorchFile(source))
                {
                    return terminal.Fail(new CliError(ExitCodes.InvalidInput, $"'{source}' is already a PyTorch file; export reads certsweep checkpoints."));
                }

                using var saved = SavedNetwork.Load(source, model: null, dataset: null, torch.CPU);
                var network = saved.Network;
                PyTorchStateDict.Save(network, target, parse.GetValue(format), saved.Epoch ?? 0);
                var reference = ModelZoo.Describe(network.Architecture).Reference;
                var mismatch = reference?.Mismatch(network);
                var loading = reference is null || mismatch is not null ? null
                    : $"model = {reference.Function}(in_ch={network.Input.Channels}, in_dim={network.Input.Size}); " +
                      (parse.GetValue(format) == PyTorchFileFormat.StateDict
                          ? $"model.load_state_dict(torch.load('{Path.GetFileName(target)}'))"
                          : $"python train.py --load {Path.GetFileName(target)} --model {reference.Function} --verify ...");
                var warning = mismatch is null ? null
                    : $"{mismatch}: its keys are the same, but load_state_dict into {reference!.Function}() fails on the shapes; build the reference's model with this class count and input first.";
                if (terminal.Format == OutputFormat.Json)
                {
                    terminal.WriteJson(new ExportResult(source, target, network.Architecture, network.ParameterCount(), saved.Epoch, saved.Dataset.Name,
                        parse.GetValue(format), reference?.Function, loading, warning));
                    return ExitCodes.Success;
                }

                terminal.Out.WriteLine($"exported {network.Architecture} ({network.ParameterCount():N0} parameters, epoch {saved.Epoch}, {saved.Dataset.Name}) to {Echo.Escape(target)}");
                if (warning is not null)
                {
                    terminal.Error.WriteLine($"warning: {warning}");
                }
                else if (loading is not null)
                {
                    terminal.Out.WriteLine($"in the reference repository: {Echo.Escape(loading)}");
                }

                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                return terminal.Fail(new CliError(ExitCodes.InvalidInput, e.Message));
            }
            catch (CheckpointException e)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable, e.Message));
            }
            catch (IOException e)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable, $"cannot write '{target}': {e.Message}"));
            }
        });
        return command;
    }
}
