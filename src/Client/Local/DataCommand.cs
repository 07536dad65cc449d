using System.CommandLine;
using System.Globalization;
using Certsweep.Client.Cli;
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
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var name = parse.GetValue(dataset)!;
            if (!DatasetCatalog.Contains(name) || DatasetDownload.For(name) is not { } download)
            {
                stderr.WriteLine(DatasetCatalog.Contains(name)
                    ? $"error: '{name}' is generated, not downloaded; nothing to fetch."
                    : $"error: unknown dataset '{name}'; known: {string.Join(", ", DatasetCatalog.Names)}.");
                return ExitCodes.InvalidInput;
            }

            Uri? mirrorUri = null;
            if (parse.GetValue(mirror) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out mirrorUri) || mirrorUri.Scheme is not ("http" or "https")))
            {
                stderr.WriteLine($"error: --mirror '{text}' is not an http or https URL.");
                return ExitCodes.InvalidInput;
            }

            var root = DatasetCatalog.ResolveDataRoot(parse.GetValue(dataRoot));
            if (!parse.GetValue(force) && DatasetCatalog.Locate(name, root) is { } present)
            {
                // An extracted folder has no published checksum; only the downloaded archive itself can be checked.
                if (File.Exists(present) && download.Files.FirstOrDefault(f => f.Name == Path.GetFileName(present)) is { } archive
                    && await DatasetFetcher.Md5Async(present) is var actual && !string.Equals(actual, archive.Md5, StringComparison.OrdinalIgnoreCase))
                {
                    stderr.WriteLine($"error: '{present}' is damaged: its MD5 is {actual}, not the published {archive.Md5}. Delete it and run 'certsweep data fetch {name}' again.");
                    return ExitCodes.Unavailable;
                }

                stdout.WriteLine($"{name} is already present at {present}; nothing to do (--force downloads it again).");
                return ExitCodes.Success;
            }

            using var interruption = Interruption.Listen();
            using var fetcher = new DatasetFetcher();
            var reporter = new ProgressLines(stdout);
            try
            {
                var directory = await fetcher.FetchAsync(download, root, mirrorUri, reporter, interruption.Token);
                stdout.WriteLine($"{name} is ready in {DatasetCatalog.Locate(name, root) ?? directory}.");
                return ExitCodes.Success;
            }
            catch (DatasetException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Unavailable;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write under '{root}': {e.Message}");
                return ExitCodes.Unavailable;
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
            var stdout = parse.InvocationConfiguration.Output;
            var root = DatasetCatalog.ResolveDataRoot(parse.GetValue(dataRoot));
            stdout.WriteLine($"data root: {Path.GetFullPath(root)}");
            foreach (var name in DatasetCatalog.Names)
            {
                var info = DatasetCatalog.Describe(name);
                var layout = DatasetCatalog.LayoutOf(name);
                var where = layout is null ? "generated" : DatasetCatalog.Locate(name, root) is { } found ? found : $"missing (certsweep data fetch {name})";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-14} {info.Shape,-9} {info.Classes,3} classes  {where}"));
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
