using System.Globalization;
using Certsweep.Contracts.Cluster;

namespace Certsweep.Client.Views;

/// <summary>The cluster at a moment: a headline (silos, slots, busy) and one row per device slot with its silo, host,
/// device, and the trial it runs and since when.</summary>
public static class ClusterStatusTable
{
    public static IReadOnlyList<string> Headers { get; } = ["silo", "host", "address", "device", "slot", "trial", "since"];

    public static string Headline(ClusterStatus status)
    {
        var silos = status.Silos.Count;
        var draining = status.Silos.Count(s => s.Draining);
        return string.Create(CultureInfo.InvariantCulture,
            $"{silos} silo{(silos == 1 ? string.Empty : "s")}{(draining > 0 ? $" ({draining} draining)" : string.Empty)}, " +
            $"{status.TotalSlots} device slot{(status.TotalSlots == 1 ? string.Empty : "s")}, {status.BusySlots} busy, {status.TotalSlots - status.BusySlots} free");
    }

    public static IReadOnlyList<IReadOnlyList<string>> Rows(ClusterStatus status, DateTimeOffset now) =>
        status.Silos.OrderBy(s => s.Name, StringComparer.Ordinal).SelectMany(silo =>
            silo.Devices.Count == 0
                ? [[SiloName(silo), silo.Host, silo.Silo.ToParsableString(), "(none)", CellFormat.Missing, CellFormat.Missing, CellFormat.Missing]]
                : silo.Devices.SelectMany(device => device.Slots.Select(slot => (IReadOnlyList<string>)
                [
                    SiloName(silo), silo.Host, silo.Silo.ToParsableString(), device.Name, CellFormat.Integer(slot.Index),
                    slot.TrialId is { } trial ? $"{trial}{(slot.Confirmed ? string.Empty : " (starting)")}" : "free",
                    slot.Since is { } since && slot.TrialId is not null ? $"{CellFormat.Duration(now - since)} ago" : CellFormat.Missing,
                ]))).ToList();

    private static string SiloName(SiloStatusRow silo) => silo.Draining ? $"{silo.Name} (draining)" : silo.Name;
}
