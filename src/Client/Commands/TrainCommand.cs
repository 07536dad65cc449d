using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Certsweep.Training;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using Certsweep.Client.Output;
using TorchSharp;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep train</c>: one trial, locally, with the reference's knobs; one line per epoch.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var dataset = new Option<string>("--dataset") { Description = $"Data set: {string.Join(", ", DatasetCatalog.Names)}.", DefaultValueFactory = _ => defaults.Dataset };
        var dataRoot = new Option<string?>("--data-root") { Description = "Directory holding data sets (DIR/<dataset>/...). Fashion-MNIST is also found where Debian's dataset-fashion-mnist installs it." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training samples." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test samples." };
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", ModelZoo.Names)}.", DefaultValueFactory = _ => defaults.Model };
        var method = new Option<TrainingMethod>("--method") { Description = "vanilla (default init, no regularizers) or fast (IBP init + warmup regularizers).", DefaultValueFactory = _ => defaults.Method };
        var eps = new Option<double>("--eps") { Description = "Target eps in raw pixel units [0, 1] (train = test).", DefaultValueFactory = _ => defaults.Eps };
        var schedule = new Option<EpsScheduleKind>("--schedule") { Description = "Eps warmup schedule: smoothed or linear.", DefaultValueFactory = _ => defaults.Schedule };
        var start = new Option<int>("--schedule-start") { Description = "First epoch of the eps ramp (epochs count from 1).", DefaultValueFactory = _ => defaults.ScheduleStart };
        var length = new Option<int>("--schedule-length") { Description = "Epochs the eps ramp takes (the warmup length).", DefaultValueFactory = _ => defaults.ScheduleLength };
        var lambda = new Option<double>("--lambda") { Description = "Weight of the warmup regularizers (fast method).", DefaultValueFactory = _ => defaults.Lambda };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var milestones = new Option<string>("--lr-milestones") { Description = "Comma-separated epochs after which the learning rate is multiplied by 0.2.", DefaultValueFactory = _ => string.Join(",", defaults.LrMilestones) };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => defaults.BatchSize };
        var gradAcc = new Option<int>("--grad-acc") { Description = "Micro-batches per batch (gradient accumulation).", DefaultValueFactory = _ => defaults.GradientAccumulation };
        var seed = new Option<int>("--seed") { Description = "Seed of initialization and shuffling.", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string?>("--out") { Description = "Output directory for checkpoints (default runs/<model>-<method>-seed<seed>). An existing checkpoint there is resumed." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for TorchSharp (default: all cores)." };
        var initFrom = new Option<string?>("--init-from") { Description = "Start from the weights of a PyTorch state_dict (.pt with the reference model's keys, e.g. from 'certsweep export') instead of the method's initialization." };

        var command = new Command("train", "Train one trial locally and print one line per epoch.")
        {
            dataset, dataRoot, trainLimit, testLimit, model, method, eps, schedule, start, length, lambda, epochs, lr,
            milestones, batchSize, gradAcc, seed, output, device, threads, initFrom,
        };
        command.SetAction(parse =>
        {
            if (!TryParseMilestones(parse.GetValue(milestones)!, out var milestoneList))
            {
                Console.Error.WriteLine($"error: --lr-milestones '{parse.GetValue(milestones)}' is not a comma-separated list of epochs, e.g. 50,60.");
                return ExitCodes.InvalidInput;
            }

            var options = new TrainingOptions
            {
                Dataset = parse.GetValue(dataset)!,
                DataRoot = parse.GetValue(dataRoot),
                TrainLimit = parse.GetValue(trainLimit),
                TestLimit = parse.GetValue(testLimit),
                Model = parse.GetValue(model)!,
                Method = parse.GetValue(method),
                Eps = parse.GetValue(eps),
                Schedule = parse.GetValue(schedule),
                ScheduleStart = parse.GetValue(start),
                ScheduleLength = parse.GetValue(length),
                Lambda = parse.GetValue(lambda),
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                LrMilestones = milestoneList,
                BatchSize = parse.GetValue(batchSize),
                GradientAccumulation = parse.GetValue(gradAcc),
                Seed = parse.GetValue(seed),
                InitFrom = parse.GetValue(initFrom),
            };
            var directory = parse.GetValue(output) ?? Path.Combine("runs", $"{options.Model}-{options.Method.ToString().ToLowerInvariant()}-seed{options.Seed}");
            return Run(options, directory, parse.GetValue(device)!, parse.GetValue(threads));
        });
        return command;
    }

    private static bool TryParseMilestones(string text, out IReadOnlyList<int> milestones)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                milestones = Array.Empty<int>();
                return false;
            }

            values.Add(value);
        }

        milestones = values;
        return true;
    }

    private static int Run(TrainingOptions options, string directory, string deviceName, int? threads)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"error: {error}");
            }

            return ExitCodes.InvalidInput;
        }

        using var suspend = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            suspend.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            suspend.Cancel();
        });
        try
        {
            var device = DeviceSelection.Parse(deviceName);
            if (threads is { } n)
            {
                torch.set_num_threads(n);
            }

            using var data = DatasetCatalog.Load(options.DatasetRequest);
            using var trainer = new IbpTrainer(options, data, device, directory, new EpochLinePrinter(Console.Out));
            Console.WriteLine(
                $"train {options.Model} ({trainer.Network.ParameterCount():N0} parameters) {options.Method.ToString().ToLowerInvariant()} on {options.Dataset} " +
                $"({data.Train.Count} train / {data.Test.Count} test), eps {options.Eps.ToString(CultureInfo.InvariantCulture)}, {trainer.BatchesPerEpoch} batches/epoch, device {device.type}, out {directory}" +
                (trainer.ResumedFromEpoch > 0 ? $", resuming after epoch {trainer.ResumedFromEpoch}" : string.Empty));
            var outcome = trainer.Run(suspend: suspend.Token);
            if (outcome.Kind == TrainingOutcomeKind.Suspended)
            {
                Console.Error.WriteLine($"interrupted: checkpoint written to {trainer.LastCheckpointPath}; run the same command again to resume.");
                return ExitCodes.Interrupted;
            }

            Console.WriteLine(outcome.Best is { } best
                ? $"best: epoch {best.Epoch}, clean error {best.CleanError:P2}, verified error {best.VerifiedError:P2} at eps {options.Eps.ToString(CultureInfo.InvariantCulture)} ({trainer.BestCheckpointPath})"
                : "best: none (no epoch reached the full eps)");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is DatasetException or CheckpointException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine($"error: {e.Message} The last good checkpoint is in {directory}.");
            return ExitCodes.Diverged;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
