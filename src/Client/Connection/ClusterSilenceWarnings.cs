using System.Globalization;

namespace Certsweep.Client.Connection;

/// <summary>
/// The warnings a watch prints while the cluster does not answer: one line when it first goes quiet (saying that it
/// did not answer, not for how long: that is no time yet), then one every 10 s while it stays so.
/// </summary>
public sealed class ClusterSilenceWarnings(string where, TimeSpan window)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private TimeSpan? _warned;

    /// <summary>The line to print for a retry after <paramref name="silent"/> without an answer, or null for none.</summary>
    public string? Next(Exception e, TimeSpan silent)
    {
        if (_warned is { } last && silent >= last && silent - last < Every)
        {
            return null;
        }

        var first = _warned is not { } previous || silent < previous;
        _warned = silent;
        var retrying = string.Create(CultureInfo.InvariantCulture, $"retrying for up to {window.TotalSeconds:0} s");
        return first
            ? $"warning: {where} did not answer ({e.GetType().Name}); {retrying}; what happens meanwhile is shown once it answers."
            : string.Create(CultureInfo.InvariantCulture, $"warning: {where} has not answered for {silent.TotalSeconds:0} s ({e.GetType().Name}); {retrying}.");
    }
}
