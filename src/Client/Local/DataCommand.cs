using System.CommandLine;
using System.Globalization;
using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Data;

namespace Certsweep.Client.Local;

/// <summary><c>certsweep data fetch|list</c>: download data sets from their official sources; show what is where.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Data sets: fetch them from their official sources, list what is present.");
        command.Subcommands.Add(Fetch());
        command.Subcommands.Add(List());
        return command;
    }

    private static Option<string?> DataRoot() =>
        new("--data-root") { Description = $"Directory holding data sets, one folder each (default ${DatasetCatalog.DataRootVariable} or ./data)." };

    private static Command Fetch()
    {
        var dataset = new Argument<string>("dataset") { Description = "mnist, fashion-mnist, cifar10 or tiny-imagenet." };
        var dataRoot = DataRoot();
        var mirror = new Option<string?>("--mirror") { Description = "Base URL (http or https) of a copy to download from instead of the official source (files under their official names)." };
        var force = new Option<bool>("--force") { Description = "Download even when the data set is already present." };
        var command = new Command("fetch", "Download a data set into DATA_ROOT/<dataset> and check its published checksum.") { dataset, dataRoot, mirror, force };
        command.SetAction(async parse =>
        {
            var terminal = Terminal.For(parse);
            var json = terminal.Format == OutputFormat.Json;
            var name = parse.GetValue(dataset)!;
            if (!DatasetCatalog.Contains(name) || DatasetDownload.For(name) is not { } download)
            {
                return terminal.Fail(new CliError(ExitCodes.InvalidInput, DatasetCatalog.Contains(name)
                    ? $"'{name}' is generated, not downloaded; nothing to fetch."
                    : $"unknown dataset '{Echo.Escape(name)}'; known: {string.Join(", ", DatasetCatalog.Names)}."));
            }

            Uri? mirrorUri = null;
            if (parse.GetValue(mirror) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out mirrorUri) || mirrorUri.Scheme is not ("http" or "https")))
            {
                return terminal.Fail(new CliError(ExitCodes.InvalidInput, $"--mirror '{Echo.Escape(text)}' is not an http or https URL."));
            }

            var root = DatasetCatalog.ResolveDataRoot(parse.GetValue(dataRoot));
            if (!parse.GetValue(force) && DatasetCatalog.Locate(name, root) is { } present)
            {
                // An extracted folder has no published checksum; only the downloaded archive itself can be checked.
                if (File.Exists(present) && download.Files.FirstOrDefault(f => f.Name == Path.GetFileName(present)) is { } archive
                    && await DatasetFetcher.Md5Async(present) is var actual && !string.Equals(actual, archive.Md5, StringComparison.OrdinalIgnoreCase))
                {
                    return terminal.Fail(new CliError(ExitCodes.Unavailable,
                        $"'{Echo.Escape(present)}' is damaged: its MD5 is {actual}, not the published {archive.Md5}. Delete it and run 'certsweep data fetch {name}' again."));
                }

                if (json)
                {
                    terminal.WriteJson(new DataFetchResult(name, present, "already_present"));
                }
                else
                {
                    terminal.Out.WriteLine($"{name} is already present at {Echo.Escape(present)}; nothing to do (--force downloads it again).");
                }

                return ExitCodes.Success;
            }

            using var interruption = Interruption.Listen();
            using var fetcher = new DatasetFetcher();

            // With --output json stdout carries only the document; progress goes to stderr.
            var reporter = new ProgressLines(json ? terminal.Error : terminal.Out);
            try
            {
                var directory = await fetcher.FetchAsync(download, root, mirrorUri, reporter, interruption.Token);
                var location = DatasetCatalog.Locate(name, root) ?? directory;
                if (json)
                {
                    terminal.WriteJson(new DataFetchResult(name, location, "fetched"));
                }
                else
                {
                    terminal.Out.WriteLine($"{name} is ready in {Echo.Escape(location)}.");
                }

                return ExitCodes.Success;
            }
            catch (DatasetException e)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable, e.Message));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable, $"cannot write under '{Echo.Escape(root)}': {e.Message}"));
            }
        });
        return command;
    }

    private static Command List()
    {
        var dataRoot = DataRoot();
        var command = new Command("list", "Show every data set and where its files are found.") { dataRoot };
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            var root = Path.GetFullPath(DatasetCatalog.ResolveDataRoot(parse.GetValue(dataRoot)));
            var entries = DatasetCatalog.Names.Select(name =>
            {
                var info = DatasetCatalog.Describe(name);
                var generated = DatasetCatalog.LayoutOf(name) is null;
                return new DataSetEntry(name, info.Shape.ToString(), info.Classes, generated, generated ? null : DatasetCatalog.Locate(name, root));
            }).ToList();
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(new DataListResult(root, entries));
                return ExitCodes.Success;
            }

            terminal.Out.WriteLine($"data root: {Echo.Escape(root)}");
            foreach (var entry in entries)
            {
                var where = entry.Generated ? "generated" : entry.Location is { } found ? Echo.Escape(found) : $"missing (certsweep data fetch {entry.Name})";
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Name,-14} {entry.Shape,-9} {entry.Classes,3} classes  {where}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line per file: when done, or at every quarter of a large download.</summary>
    private sealed class ProgressLines(TextWriter output) : IProgress<FetchProgress>
    {
        private readonly Dictionary<string, int> _quarters = new();

        public void Report(FetchProgress value)
        {
            if (value.AlreadyPresent)
            {
                output.WriteLine($"{value.File}: already present, checksum ok");
                return;
            }

            if (value.Total is not { } total || total <= 0)
            {
                return;
            }

            var quarter = (int)(4 * value.Received / total);
            if (!_quarters.TryGetValue(value.File, out var last) || quarter > last)
            {
                _quarters[value.File] = quarter;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.File}: {value.Received / 1e6:F1} of {total / 1e6:F1} MB"));
            }
        }
    }
}
