using System.Globalization;

namespace Certsweep.Contracts.Trials;

/// <summary>Trial ids: <c>&lt;sweep id&gt;/&lt;number&gt;</c>, numbers counting from 1 in expansion order, e.g. <c>mnist-a/0007</c>.</summary>
public static class TrialId
{
    public static string Of(string sweepId, int number) => string.Create(CultureInfo.InvariantCulture, $"{sweepId}/{number:D4}");

    /// <summary>Splits a trial id into its sweep id and number; false when it is not a trial id.</summary>
    public static bool TryParse(string trialId, out string sweepId, out int number)
    {
        var slash = trialId.LastIndexOf('/');
        sweepId = slash > 0 ? trialId[..slash] : string.Empty;
        number = 0;
        return slash > 0 && int.TryParse(trialId.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1;
    }
}
