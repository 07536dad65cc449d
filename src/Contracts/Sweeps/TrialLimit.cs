namespace Certsweep.Contracts.Sweeps;

/// <summary>The most trials one sweep may expand to, and the setting that raises it, which
/// <see cref="SweepSpecValidator"/> names when a spec goes over. The client and the cluster each check with
/// their own limit: the client's spares a round trip, the cluster's bounds what one coordinator holds.</summary>
public sealed record TrialLimit(int Max, string Setting);
