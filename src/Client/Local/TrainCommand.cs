using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Certsweep.Client.Cli;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;

namespace Certsweep.Client.Local;

/// <summary><c>certsweep train</c>: one trial, locally, with the reference's knobs; one line per epoch.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var parameters = ParameterOptions.ForTrial();
        var dataRoot = new Option<string?>("--data-root") { Description = "Directory holding data sets (DIR/<dataset>/...). Fashion-MNIST is also found where Debian's dataset-fashion-mnist installs it." };
        var output = new Option<string?>("--out") { Description = "Output directory for checkpoints (default runs/<model>-<method>-seed<seed>). An existing checkpoint there is resumed." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for TorchSharp (default: all cores)." };
        var initFrom = new Option<string?>("--init-from") { Description = "Start from the weights of a PyTorch state_dict (.pt with the reference model's keys, e.g. from 'certsweep export') instead of the method's initialization." };

        var command = new Command("train", "Train one trial locally and print one line per epoch. Every trial hyperparameter of spec files is an option (docs/cli.md lists them).");
        foreach (var option in parameters.Options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(dataRoot);
        command.Options.Add(output);
        command.Options.Add(device);
        command.Options.Add(threads);
        command.Options.Add(initFrom);
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            var problems = new List<string>();
            var values = parameters.Read(parse, problems);
            if (problems.Count > 0)
            {
                return Refuse(terminal, problems);
            }

            var options = new TrainingOptions
            {
                Trial = TrialConfig.Resolve(values),
                DataRoot = parse.GetValue(dataRoot),
                InitFrom = parse.GetValue(initFrom),
            };
            var directory = parse.GetValue(output) ?? Path.Combine("runs", $"{options.Get(Parameters.Model)}-{MethodName(options)}-seed{options.Get(Parameters.Seed)}");
            return Run(terminal, options, directory, parse.GetValue(device)!, parse.GetValue(threads));
        });
        return command;
    }

    /// <summary>The method as a directory name: the preset's name, or the components joined.</summary>
    private static string MethodName(TrainingOptions options) =>
        string.Join('-', Parameters.Method.Label(options.Trial.Values).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Every problem, then exit code 2: the first as the error, the others as detail lines.</summary>
    private static int Refuse(Terminal terminal, IReadOnlyList<string> problems) =>
        terminal.Fail(problems.Count == 1
            ? new CliError(ExitCodes.InvalidInput, problems[0])
            : new CliError(ExitCodes.InvalidInput, $"{problems.Count} problems with the options:", problems));

    /// <summary>Trains to the end. Text: a heading, one line per epoch and the best epoch on stdout. JSON: the epoch
    /// lines go to stderr as progress, and stdout gets one document (<see cref="TrainResult"/>) at the end.</summary>
    private static int Run(Terminal terminal, TrainingOptions options, string directory, string deviceName, int? threads)
    {
        var errors = TrialRules.Check(options.Trial);
        if (errors.Count > 0)
        {
            return Refuse(terminal, errors.Select(e => $"{ParameterOptions.OptionNameOf(e.Field)} {e.Value} is not allowed; allowed: {e.Allowed}").ToList());
        }

        if (threads is < 1 or > 1024)
        {
            return Refuse(terminal, [$"--threads {threads} is not allowed; allowed: an integer from 1 to 1024"]);
        }

        var json = terminal.Format == OutputFormat.Json;
        var progress = json ? terminal.Error : terminal.Out;
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

            var reports = new List<EpochReport>();
            using var data = DatasetCatalog.Load(options.DatasetRequest);
            using var trainer = new IbpTrainer(options, data, device, directory, new EpochLinePrinter(progress, reports));
            var eps = Echo.Escape(options.Trial.Values[Parameters.Eps].Written);
            progress.WriteLine(
                $"train {options.Get(Parameters.Model)} ({trainer.Network.ParameterCount():N0} parameters) {Parameters.Method.Label(options.Trial.Values)} on {options.Get(Parameters.Dataset)} " +
                $"({data.Train.Count} train / {data.Test.Count} test), eps {eps}, {trainer.BatchesPerEpoch} batches/epoch, device {device.type}, out {Echo.Escape(directory)}" +
                (trainer.ResumedFromEpoch > 0 ? $", resuming after epoch {trainer.ResumedFromEpoch}" : string.Empty));
            var outcome = trainer.Run(suspend: suspend.Token);
            var suspended = outcome.Kind == TrainingOutcomeKind.Suspended;
            if (json)
            {
                terminal.WriteJson(new TrainResult(
                    suspended ? "suspended" : "completed", options.Trial, directory, trainer.Network.ParameterCount(), data.Train.Count, data.Test.Count,
                    trainer.BatchesPerEpoch, trainer.ResumedFromEpoch, outcome.CompletedEpochs, outcome.Best, trainer.LastCheckpointPath,
                    outcome.Best is null ? null : trainer.BestCheckpointPath, reports));
            }

            if (suspended)
            {
                terminal.Error.WriteLine($"interrupted: checkpoint written to {Echo.Escape(trainer.LastCheckpointPath)}; run the same command again to resume.");
                return ExitCodes.Interrupted;
            }

            progress.WriteLine(outcome.Best is { } best
                ? $"best: epoch {best.Epoch}, clean error {best.CleanError:P2}, verified error {best.VerifiedError:P2} at eps {eps} ({Echo.Escape(trainer.BestCheckpointPath)})"
                : "best: none (no epoch reached the full eps)");
            return ExitCodes.Success;
        }
        catch (ArgumentException e)
        {
            return terminal.Fail(new CliError(ExitCodes.InvalidInput, e.Message));
        }
        catch (Exception e) when (e is DatasetException or CheckpointException)
        {
            return terminal.Fail(new CliError(ExitCodes.Unavailable, e.Message));
        }
        catch (TrainingDivergedException e)
        {
            return terminal.Fail(new CliError(ExitCodes.Diverged, $"{e.Message} The last good checkpoint is in {directory}."));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
