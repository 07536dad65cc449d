using Certsweep.Hyperparameters;

namespace Certsweep.Client.Reports;

/// <summary>
/// One trial of a sweep, as the report needs it: its configuration, the axis values that tell it apart, where it
/// ended, and its finished epochs in order.
/// </summary>
/// <param name="Id">The trial's id, unique within the sweep.</param>
/// <param name="Number">The trial's number in its sweep, from 1 (how the CLI names it).</param>
/// <param name="Config">Everything the trial trained with.</param>
/// <param name="Axes">The values that tell it apart from the sweep's other trials.</param>
/// <param name="State">Where the trial ended or stands, in words: completed, failed (reason), diverged, cancelled, running.</param>
/// <param name="Epochs">Epochs the trial was set to run.</param>
/// <param name="Crown">Its best checkpoint certified by IBP and CROWN, with <c>final_certify: crown</c>.</param>
public sealed record TrialReport(
    string Id,
    int Number,
    TrialConfig Config,
    ParameterSet Axes,
    string State,
    int Epochs,
    IReadOnlyList<EpochRow> History,
    CrownCertification? Crown = null)
{
    /// <summary>The trial's configuration: every axis but the seed.</summary>
    public TrialConfiguration Configuration => new(Axes, Config);

    public string Model => Configuration.Model;

    public string Method => Configuration.Method;

    public int Seed => Config.GetOr(Parameters.Seed, 0);

    /// <summary>The trial's best epoch, the checkpoint the sweep selects for it: the lowest verified error at the full eps
    /// on the selection split (validation where the epoch has it, else test, as in the paper; the earliest on ties),
    /// if any. Its test figures are the ones to report; with a validation split they played no part in choosing it.</summary>
    public EpochRow? Best => History
        .Where(r => r.AtFullEps && r.SelectionVerifiedError is not null)
        .OrderBy(r => r.SelectionVerifiedError)
        .ThenBy(r => r.Epoch)
        .FirstOrDefault();

    /// <summary>The last epoch at the full eps that measured the PGD error, if any.</summary>
    public EpochRow? LastPgdAtFullEps => History.LastOrDefault(r => r.AtFullEps && r.PgdError is not null);

    /// <summary>The last finished epoch, if it ran at the full eps.</summary>
    public EpochRow? FinalAtFullEps => History.Count > 0 && History[^1].AtFullEps && History[^1].TestVerifiedError is not null ? History[^1] : null;
}
