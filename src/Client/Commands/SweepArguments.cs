using System.CommandLine;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>The arguments and options the sweep verbs share, checked while parsing (a bad id is exit code 2
/// before anything connects).</summary>
public static class SweepArguments
{
    public static Argument<string> Id()
    {
        var id = new Argument<string>("sweep-id") { Description = "The sweep's id (as given to submit, or printed by it; 'certsweep sweep list' shows them)." };
        id.Validators.Add(result => CheckId(result.GetValueOrDefault<string>(), "sweep-id", result.AddError));
        return id;
    }

    /// <summary><c>--id</c> of submit and run: the sweep's id; resubmitting the same spec under it is a no-op.</summary>
    public static Option<string?> IdOption()
    {
        var id = new Option<string?>("--id")
        {
            Description = $"The sweep's id ({SweepIds.Allowed}). Default: the spec file's name, the time and a random suffix. " +
                          "Submitting the same spec under an existing id changes nothing; a different spec under it is an error.",
        };
        id.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value)
            {
                CheckId(value, "--id", result.AddError);
            }
        });
        return id;
    }

    public static Option<bool> Watch() => new("--watch")
    {
        Description = "Follow the sweep until it ends: a live table on a terminal, one line per event otherwise; then the results.",
    };

    private static void CheckId(string? value, string name, Action<string> addError)
    {
        if (value is null || !SweepIds.IsValid(value))
        {
            addError($"{name}: {value} is not a sweep id; allowed: {SweepIds.Allowed}");
        }
    }
}
