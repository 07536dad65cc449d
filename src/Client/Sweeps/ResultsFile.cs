using System.Text.Json;
using Certsweep.Client.Cli;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// A sweep's results as a file: the JSON document of <c>sweep results --format json</c> (status and every epoch of
/// every trial), which <c>sweep run</c> keeps as <c>runs/&lt;id&gt;/results.json</c> and <c>certsweep report</c> reads.
/// </summary>
public static class ResultsFile
{
    public const string Name = "results.json";

    public static void Write(string path, SweepResults results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(results, JsonOutput.Options));
    }

    /// <summary>Reads a results document; a missing file is exit code 3, one that is not a results document exit code 2.</summary>
    public static CliError? Read(string path, out SweepResults? results)
    {
        results = null;
        const string Allowed = "allowed: the JSON that 'sweep run' or 'sweep results --format json' writes";
        try
        {
            results = JsonSerializer.Deserialize<SweepResults>(File.ReadAllText(path), JsonOutput.Options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new CliError(ExitCodes.Unavailable, $"{path}: no such file; 'certsweep sweep run' writes runs/<sweep-id>/{Name}, 'certsweep sweep results ID --format json' prints one.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CliError(ExitCodes.Unavailable, $"{path}: cannot be read ({e.Message}).");
        }
        catch (JsonException e)
        {
            return new CliError(ExitCodes.InvalidInput, $"{path}: not a sweep results document ({e.Message}); {Allowed}");
        }

        return results?.Status is null ? new CliError(ExitCodes.InvalidInput, $"{path}: not a sweep results document (no status); {Allowed}") : null;
    }
}
