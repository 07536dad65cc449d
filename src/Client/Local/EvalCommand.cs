using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Certsweep.Training;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using TorchSharp;

namespace Certsweep.Client.Local;

/// <summary><c>certsweep eval</c>: clean and IBP-verified error of a checkpoint or PyTorch file on a test set.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A certsweep checkpoint, or a PyTorch state_dict (.pt, with --model and --dataset)." };
        var dataset = new Option<string?>("--dataset") { Description = $"Test set: {string.Join(", ", DatasetCatalog.Names)} (default: the checkpoint's)." };
        var eps = new Option<double?>("--eps") { Description = "Eps in raw pixel units [0, 1] (default: the checkpoint's training eps)." };
        var model = new Option<string?>("--model") { Description = "Model of a PyTorch file (a checkpoint names its own)." };
        var dataRoot = new Option<string?>("--data-root") { Description = $"Directory holding data sets (default ${DatasetCatalog.DataRootVariable} or ./data)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test samples." };
        var batchSize = new Option<int>("--batch-size") { Description = "Evaluation batch size.", DefaultValueFactory = _ => 256 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("eval", "Clean and verified (IBP) error of a checkpoint or a PyTorch file on a data set's test split.")
        {
            file, dataset, eps, model, dataRoot, testLimit, batchSize, device,
        };
        command.SetAction(parse =>
        {
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            try
            {
                if (parse.GetValue(batchSize) < 1 || parse.GetValue(testLimit) is < 1)
                {
                    stderr.WriteLine("error: --batch-size and --test-limit must be at least 1.");
                    return ExitCodes.InvalidInput;
                }

                var target = DeviceSelection.Parse(parse.GetValue(device)!);
                using var saved = SavedNetwork.Load(parse.GetValue(file)!, parse.GetValue(model), parse.GetValue(dataset), target);
                var radius = parse.GetValue(eps) ?? saved.TrainedEps;
                if (radius is not { } r || r < 0 || r > 1)
                {
                    stderr.WriteLine(radius is null
                        ? "error: pass --eps (raw pixel units, e.g. 0.0313725 for 8/255); a PyTorch file does not record one."
                        : $"error: --eps {radius.Value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: 0 <= eps <= 1.");
                    return ExitCodes.InvalidInput;
                }

                using var test = DatasetCatalog.LoadTest(saved.Dataset.Name, parse.GetValue(dataRoot), parse.GetValue(testLimit));
                var clock = Stopwatch.StartNew();
                var result = CertifiedEvaluation.Run(saved.Network, test, r, target, parse.GetValue(batchSize));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{saved.Network.Architecture} on {test.Name} test ({result.Samples} samples) at eps {r:0.######}: " +
                    $"clean error {100 * result.CleanError:F2}%, verified error {100 * result.VerifiedError:F2}% ({clock.Elapsed.TotalSeconds:F1}s, {target.type})"));
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (Exception e) when (e is CheckpointException or DatasetException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }
}
