using System.CommandLine;
using System.Globalization;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Specs;
using Certsweep.Client.Views;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Documents;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep spec validate|expand|schema|reference</c>: check a sweep spec file without a cluster, and the
/// documents generated from the parameter declarations.</summary>
public static class SpecCommand
{
    private const int SettingsPerLine = 5;

    public static Command Create()
    {
        var command = new Command("spec", "Check sweep spec files (YAML or JSON) without a cluster.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Expand());
        command.Subcommands.Add(Schema());
        command.Subcommands.Add(Reference());
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

            var spec = result.Spec;
            if (spec.IsTpeSearch)
            {
                return terminal.Fail(new CliError(ExitCodes.InvalidInput,
                    $"{result.Source}: a tpe sweep proposes its {spec.Get(Parameters.SearchTrials)} trials one at a time while it runs (the first {spec.Get(Parameters.SearchStartup)} at random), so there is no list to show before it runs; 'certsweep spec validate' checks it."));
            }

            var trials = SweepExpansion.Expand(spec);
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(trials);
                return ExitCodes.Success;
            }

            // Every parameter whose value differs between trials, expanded (a method preset shows as its parts, and a
            // trial of method components without a name shows the preset they match, else the components).
            var varying = Parameters.All.Where(p => trials.Select(t => t.Values.Find(p)).Distinct().Count() > 1).ToList();
            var columns = varying.Count > 0 ? varying : [.. spec.TableParameters];
            terminal.WriteTable(
                ["#", .. columns.Select(p => p.Name)],
                trials.Select((t, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    .. columns.Select(p => p == Parameters.Method ? Echo.Escape(Parameters.Method.Label(t.Values))
                        : t.Values.Find(p) is { } value ? Echo.Escape(value.Written) : CellFormat.Missing),
                ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Schema()
    {
        var command = new Command("schema", "Print the JSON Schema of spec files (for editors; schemas/sweep-spec.schema.json is this text).");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(SpecSchema.Text());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reference()
    {
        var command = new Command("reference", "Print the Markdown table of every spec key (the one in docs/cli.md), from the parameter declarations.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(ParameterReference.Markdown());
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
            facts.Add(("name", Echo.Escape(name)));
        }

        // Shared values, a few per line; defaults are marked so a reader sees what the file itself says.
        var shared = summary.Settings!.Select(s => $"{s.Parameter} {s.Value}{(s.IsDefault ? "*" : string.Empty)}").ToList();
        for (var i = 0; i < shared.Count; i += SettingsPerLine)
        {
            facts.Add((i == 0 ? "settings" : string.Empty, string.Join(", ", shared.Skip(i).Take(SettingsPerLine))));
        }

        if (shared.Count > 0)
        {
            facts.Add((string.Empty, "(* the default)"));
        }

        foreach (var axis in summary.Axes!)
        {
            var values = axis.Distribution ?? string.Join(", ", axis.Values!);
            facts.Add((axis.Axis, axis.DistinctInTrials == 0 ? $"{values} (unused: it applies to none of the trials)" : values));
        }

        terminal.WriteFacts(facts);
    }
}
