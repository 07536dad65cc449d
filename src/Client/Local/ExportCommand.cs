using System.CommandLine;
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
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var source = parse.GetValue(checkpoint)!;
            var target = parse.GetValue(output)!;
            try
            {
                if (File.Exists(source) && PyTorchStateDict.IsPyTorchFile(source))
                {
                    stderr.WriteLine($"error: '{source}' is already a PyTorch file; export reads certsweep checkpoints.");
                    return ExitCodes.InvalidInput;
                }

                using var saved = SavedNetwork.Load(source, model: null, dataset: null, torch.CPU);
                var network = saved.Network;
                PyTorchStateDict.Save(network, target, parse.GetValue(format), saved.Epoch ?? 0);
                stdout.WriteLine($"exported {network.Architecture} ({network.ParameterCount():N0} parameters, epoch {saved.Epoch}, {saved.Dataset.Name}) to {target}");
                if (ModelZoo.Describe(network.Architecture).Reference is not { } reference)
                {
                    return ExitCodes.Success;
                }

                if (reference.Mismatch(network) is { } mismatch)
                {
                    stderr.WriteLine($"warning: {mismatch}: its keys are the same, but load_state_dict into {reference.Function}() fails on the shapes; build the reference's model with this class count and input first.");
                }
                else
                {
                    var function = reference.Function;
                    stdout.WriteLine(
                        $"in the reference repository: model = {function}(in_ch={network.Input.Channels}, in_dim={network.Input.Size}); " +
                        (parse.GetValue(format) == PyTorchFileFormat.StateDict
                            ? $"model.load_state_dict(torch.load('{Path.GetFileName(target)}'))"
                            : $"python train.py --load {Path.GetFileName(target)} --model {function} --verify ..."));
                }

                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (CheckpointException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Unavailable;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"error: cannot write '{target}': {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }
}
