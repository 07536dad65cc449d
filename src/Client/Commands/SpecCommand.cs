using System.CommandLine;
using System.Globalization;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Specs;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep spec validate|expand|schema</c>: check a sweep spec file without a cluster.</summary>
public static class SpecCommand
{
    public static Command Create()
    {
        var command = new Command("spec", "Check sweep spec files (YAML or JSON) without a cluster.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Expand());
        command.Subcommands.Add(Schema());
        return command;
    }

    private static Command Validate()
    {
        var file = SpecInput.File();
        var maxTrials = SpecInput.MaxTrials();
        var command = new Command("validate", "Check a spec: print its trial count and axes, or every problem (exit code 2).") { file, maxTrials };
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            if (SpecInput.Load(parse, file, maxTrials, cluster: null, out var error) is not { } loaded)
            {
                return terminal.Fail(error!);
            }

            var result = loaded.Spec;

            var summary = SpecSummary.Of(result);
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(summary);
            }
            else if (summary.Valid)
            {
                WriteSummary(terminal, summary);
            }

            return summary.Valid ? ExitCodes.Success : terminal.Fail(result.ToCliError());
        });
        return command;
    }

    private static Command Expand()
    {
        var file = SpecInput.File();
        var maxTrials = SpecInput.MaxTrials();
        var command = new Command("expand", "List the trials a spec expands to, in the order the coordinator queues them.") { file, maxTrials };
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            if (SpecInput.Load(parse, file, maxTrials, cluster: null, out var error) is not { } loaded)
            {
                return terminal.Fail(error!);
            }

            var result = loaded.Spec;

            if (!result.IsValid)
            {
                return terminal.Fail(result.ToCliError());
            }

            var trials = SweepExpansion.Expand(result.Spec);
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(trials);
                return ExitCodes.Success;
            }

            terminal.WriteTable(
                ["#", "model", "method", "lambda", "warmup", "start", "seed"],
                trials.Select((t, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), t.Model, SpecNames.Of(SpecNames.Methods, t.Method),
                    t.Lambda.ToString("G6", CultureInfo.InvariantCulture), t.ScheduleLength.ToString(CultureInfo.InvariantCulture),
                    t.ScheduleStart.ToString(CultureInfo.InvariantCulture), t.Seed.ToString(CultureInfo.InvariantCulture),
                ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Schema()
    {
        var command = new Command("schema", "Print the JSON Schema of spec files (for editors; see docs/cli.md).");
        command.SetAction(parse =>
        {
            using var stream = typeof(SpecCommand).Assembly.GetManifestResourceStream(SweepSpecSchema.ResourceName)!;
            parse.InvocationConfiguration.Output.Write(new StreamReader(stream).ReadToEnd());
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteSummary(Terminal terminal, SpecSummary summary)
    {
        terminal.WriteHeading($"{summary.File}: {summary.Headline()}");
        var facts = new List<(string, string)>();
        if (summary.Name is { } name)
        {
            facts.Add(("name", name));
        }

        facts.AddRange(summary.Settings!.Select((line, i) => (i == 0 ? "settings" : string.Empty, line)));
        foreach (var axis in summary.Axes!)
        {
            var values = axis.Distribution ?? string.Join(", ", axis.Values!);
            facts.Add(($"{axis.Axis}", axis.Axis == "lambda" && axis.DistinctInTrials == 0 ? $"{values} (unused: vanilla only)" : values));
        }

        terminal.WriteFacts(facts);
    }
}
