using System.Diagnostics.CodeAnalysis;
using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Client.Specs;

/// <summary>A spec file read, bound and validated: the spec when it is valid, otherwise every problem found; and
/// which fields the file writes (a member of an optional group it turns on holds its default, not a written value).</summary>
public sealed record SpecLoadResult(string Source, SweepSpec? Spec, IReadOnlyList<SpecProblem> Problems, Func<string, bool>? IsWritten = null)
{
    [MemberNotNullWhen(true, nameof(Spec), nameof(IsWritten))]
    public bool IsValid => Spec is not null && IsWritten is not null && Problems.Count == 0;

    /// <summary>The one error message for an invalid spec (exit code 2): the problem itself when there is one,
    /// otherwise a count with one detail line per problem.</summary>
    public CliError ToCliError() => Problems.Count == 1
        ? new CliError(ExitCodes.InvalidInput, Problems[0].Format(Source))
        : new CliError(ExitCodes.InvalidInput, $"{Source} has {Problems.Count} problems:", Problems.Select(p => p.Format(Source)).ToList());
}
