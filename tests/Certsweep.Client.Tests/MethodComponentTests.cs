using Certsweep.Client.Reports;
using Certsweep.Client.Views;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Rules;

namespace Certsweep.Client.Tests;

/// <summary>The method components bn, bound and final_certify: what the presets expand to, the combinations the trial
/// rules refuse, and where the CROWN certificate of a trial's best checkpoint and each epoch's bound are shown.</summary>
public sealed class MethodComponentTests
{
    [Theory]
    [InlineData("vanilla", "standard", "none", "ibp")]
    [InlineData("fast", "ibp", "tightness+relu", "ibp")]
    [InlineData("crown-ibp", "standard", "none", "crown-ibp")]
    public void A_method_preset_sets_every_component(string method, string init, string regularizers, string bound)
    {
        var trial = Trial(Parameters.Method.Set(method));
        Assert.Equal((init, regularizers, "full", bound), (trial.Get(Parameters.Init), trial.Get(Parameters.Regularizers), trial.Get(Parameters.BatchNorm), trial.Get(Parameters.Bound)));
        Assert.Empty(TrialRules.Check(trial));
    }

    [Fact]
    public void A_component_against_its_preset_is_refused_naming_field_and_value()
    {
        var error = Assert.Single(TrialRules.Check(Trial(Parameters.Method.Set("fast"), Parameters.Bound.Set("crown-ibp"))));
        Assert.Equal(("bound", "crown-ibp"), (error.Field, error.Value));
        Assert.Contains("as method fast sets it", error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batchnorm_variant_on_a_model_without_batchnorm_is_refused_and_full_is_not()
    {
        var plain = new ModelFacts("plain", "no BatchNorm", 1, HasBatchNorm: false);
        var error = Assert.Single(MethodComponentRules.Check(Trial(Parameters.BatchNorm.Set("mean")), plain));
        Assert.Equal(("bn", "mean"), (error.Field, error.Value));
        Assert.Contains("plain has no BatchNorm layer", error.Allowed, StringComparison.Ordinal);
        Assert.Empty(MethodComponentRules.Check(Trial(Parameters.BatchNorm.Set("full")), plain));
        Assert.Empty(MethodComponentRules.Check(Trial(Parameters.BatchNorm.Set("mean")), KnownModels.Get(KnownModels.CnnFourLayerBn)));
    }

    [Fact]
    public void Crown_on_a_model_with_a_layer_without_a_crown_rule_is_refused_for_training_and_for_final_certification()
    {
        var pooled = new ModelFacts("pooled", "max pooling", 1, LayerWithoutCrownRule: "MaxPool2d");
        var errors = MethodComponentRules.Check(Trial(Parameters.Bound.Set("crown-ibp"), Parameters.FinalCertify.Set("crown")), pooled).ToList();
        Assert.Equal([("bound", "crown-ibp"), ("final_certify", "crown")], errors.Select(e => (e.Field, e.Value)));
        Assert.All(errors, e => Assert.Contains("pooled's MaxPool2d layer has no CROWN rule", e.Allowed, StringComparison.Ordinal));
        Assert.Empty(MethodComponentRules.Check(Trial(), pooled));
    }

    [Fact]
    public void Crown_ibp_with_warmup_0_is_refused_since_it_would_train_on_ibp_alone()
    {
        var error = Assert.Single(TrialRules.Check(Trial(Parameters.Bound.Set("crown-ibp"), Parameters.Warmup.Set(0), Parameters.ScheduleKind.Set("linear"))));
        Assert.Equal(("bound", "crown-ibp"), (error.Field, error.Value));
        Assert.Empty(TrialRules.Check(Trial(Parameters.Bound.Set("crown-ibp"), Parameters.Warmup.Set(1), Parameters.ScheduleKind.Set("linear"))));
    }

    [Fact]
    public void The_results_table_names_each_verifier_when_a_trial_was_certified_by_crown()
    {
        var certified = SweepResultsSamples.Trial("crown", 1, "crown-ibp", [SweepResultsSamples.Epoch(1, 2, 0.9), SweepResultsSamples.Epoch(2, 2, 0.6)]);
        certified = certified with { Status = certified.Status with { FinalCertificate = new FinalCertificate(2, 0.1, 32, 0.25, 0.6, 0.4375, 3.5) } };
        var plain = SweepResultsSamples.Trial("crown", 2, "fast", [SweepResultsSamples.Epoch(1, 2, 0.9), SweepResultsSamples.Epoch(2, 2, 0.5)]);
        var status = SweepResultsSamples.Results("crown", certified, plain).Status;
        var axes = AxisColumns.Of(status.Trials.Select(t => t.Axes));

        var headers = SweepResultsTable.Headers(axes, status);
        var rows = SweepResultsTable.Rows(status, axes);

        var ibp = headers.ToList().IndexOf("verified (IBP)");
        var crown = headers.ToList().IndexOf("verified (CROWN)");
        Assert.Equal(ibp + 1, crown);
        Assert.DoesNotContain("verified", headers);
        Assert.Equal(headers.Count, rows[0].Count);
        Assert.Equal(("50.00%", "-"), (rows[0][ibp], rows[0][crown]));
        Assert.Equal(("60.00%", "43.75%"), (rows[1][ibp], rows[1][crown]));
        var csv = SweepResultsTable.Csv(status).Split('\n');
        var column = Array.IndexOf(csv[0].Split(','), "best_crown_verified_error");
        Assert.Equal(["", "0.4375"], csv.Skip(1).Take(2).Select(line => line.Split(',')[column]).Order());

        var uncertified = SweepResultsSamples.Results("plain", plain).Status;
        Assert.Contains("verified", SweepResultsTable.Headers(AxisColumns.Of(uncertified.Trials.Select(t => t.Axes)), uncertified));
    }

    [Fact]
    public void Trial_show_lists_each_epochs_bound_and_the_certificate_with_its_verifiers()
    {
        var trial = SweepResultsSamples.Trial("show", 1, "crown-ibp", [SweepResultsSamples.Epoch(1, 2, 0.9) with { Bound = "crown-ibp" }, SweepResultsSamples.Epoch(2, 2, 0.6)]);
        trial = trial with { Status = trial.Status with { FinalCertificate = new FinalCertificate(2, 0.1, 32, 0.25, 0.6, 0.4375, 3.5) } };

        var bound = TrialHistoryTable.Headers(trial).ToList().IndexOf("bound");
        Assert.Equal(["crown-ibp", "ibp"], TrialHistoryTable.Rows(trial).Select(r => r[bound]));
        var (_, certified) = Assert.Single(TrialHistoryTable.Facts(trial), f => f.Label == "certified");
        Assert.Contains("verified (IBP) 60.00%, verified (CROWN) 43.75%", certified, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_shows_the_crown_figure_beside_the_ibp_one()
    {
        var trial = SweepResultsSamples.Trial("report", 1, "crown-ibp", [SweepResultsSamples.Epoch(1, 2, 0.9), SweepResultsSamples.Epoch(2, 2, 0.6)]);
        trial = trial with { Status = trial.Status with { FinalCertificate = new FinalCertificate(2, 0.1, 32, 0.25, 0.6, 0.4375, 3.5) } };
        var report = SweepResultsSamples.Results("report", trial).ToReport();
        Assert.Equal(new CrownCertification(2, 0.6, 0.4375), report.Trials[0].Crown);

        var rendered = SweepReportWriter.Write(report, Directory.CreateTempSubdirectory("certsweep-crown-report-").FullName);
        var markdown = File.ReadAllText(rendered.MarkdownPath);
        var header = markdown.Split('\n').First(line => line.StartsWith("| rank | trial", StringComparison.Ordinal)).Split(" | ");
        var row = markdown.Split('\n').First(line => line.StartsWith("| 1 | report/0001", StringComparison.Ordinal)).Split(" | ");
        Assert.Equal(header.Length, row.Length);
        Assert.Equal("60.00 %", row[Array.IndexOf(header, "verified error (IBP)")].Trim());
        Assert.Equal("43.75 %", row[Array.IndexOf(header, "verified error (CROWN)")].Trim());
    }

    private static TrialConfig Trial(params KeyValuePair<Certsweep.Hyperparameters.Declarations.Parameter, Certsweep.Hyperparameters.Values.ParameterValue>[] values) =>
        TrialConfig.Of([
            Parameters.Dataset.Set(KnownDatasets.Synthetic), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(4), Parameters.Warmup.Set(2),
            Parameters.Model.Set(KnownModels.CnnFourLayerBn), .. values,
        ]);
}
