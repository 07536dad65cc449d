using Certsweep.Client.Reports;

namespace Certsweep.Client.Tests.Reports;

public sealed class SweepReportWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "certsweep-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {

            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Writes_markdown_with_every_section_and_linked_png_plots_drawn_in_the_method_colours()
    {
        var rendered = SweepReportWriter.Write(SampleSweep.Full(), _directory);
        var markdown = File.ReadAllText(rendered.MarkdownPath);

        foreach (var heading in new[]
                 {
                     "# Sweep report: Fashion-MNIST quick sweep", "## Settings", "## Ranked trials", "## Configurations (mean ± std over seeds)",
                     SweepReportWriter.ParetoFrontHeading, "## Error over epochs", "## Eps schedule", "## Final verified error by λ and warmup", "### cnn", "### cnn_4layer_bn",
                     "## ReLU activation states", "## Warmup regularizers",
                 })
        {
            Assert.Contains(heading + "\n", markdown);
        }

        Assert.Contains("| batch size | 256 |", markdown);
        Assert.Contains("21 trials (19 completed, 1 failed (out of memory), 1 cancelled)", markdown);
        var linked = System.Text.RegularExpressions.Regex.Matches(markdown, @"!\[[^\]]+\]\(([^)]+\.png)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(
            new[] { "pareto-front.png", "verified-error.png", "clean-error.png", "eps-schedule.png", "heatmap-cnn.png", "heatmap-cnn_4layer_bn.png", "relu-states.png", "regularizers.png" },
            linked);
        Assert.Equal(linked.Select(f => Path.Combine(_directory, f)), rendered.PlotPaths);

        var vanilla = Shades("vanilla");
        var fast = Shades("fast");
        PngImage.AssertPlot(Path.Combine(_directory, "pareto-front.png"), vanilla, fast);
        PngImage.AssertPlot(Path.Combine(_directory, "verified-error.png"), vanilla, fast);
        PngImage.AssertPlot(Path.Combine(_directory, "clean-error.png"), vanilla, fast);
        PngImage.AssertPlot(Path.Combine(_directory, "eps-schedule.png"));
        PngImage.AssertPlot(Path.Combine(_directory, "heatmap-cnn.png"));
        PngImage.AssertPlot(Path.Combine(_directory, "heatmap-cnn_4layer_bn.png"));
        PngImage.AssertPlot(Path.Combine(_directory, "relu-states.png"), vanilla, fast);
        PngImage.AssertPlot(Path.Combine(_directory, "regularizers.png"), fast);
        Assert.Equal(0, PngImage.CountPixels(Path.Combine(_directory, "regularizers.png"), vanilla));
    }

    [Fact]
    public void The_ranked_table_lists_trials_best_first_and_shows_a_dash_for_those_never_at_full_eps()
    {
        var rendered = SweepReportWriter.Write(SampleSweep.Full(), _directory);
        var rows = TableRows(File.ReadAllText(rendered.MarkdownPath), "## Ranked trials");

        Assert.Equal(21, rows.Count);
        Assert.Equal(new[] { "1", "cnn-fast-s1", "cnn", "fast", "0.5", "5", "1", "completed", "8/8", "8", "45.00 %", "12.10 %", "—", "45.00 %", "1501" }, rows[0]);
        Assert.Equal(new[] { "2", "fast-l0.5-w5-s1" }, rows[1][..2]);
        Assert.Equal(Enumerable.Range(1, 19).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Take(19).Select(r => r[0]));
        Assert.Equal(new[] { "—", "cnn-vanilla-s1", "cnn", "vanilla", "—", "5", "1", "failed (out of memory)", "3/8", "—", "—", "—", "—", "—", "1501" }, rows[19]);
        Assert.Equal(new[] { "—", "cnn-vanilla-s2" }, rows[20][..2]);
        var verified = rows.Take(19).Select(r => double.Parse(r[10].TrimEnd(' ', '%'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(verified.Order(), verified);
    }

    [Fact]
    public void A_sweep_over_eps_ranks_each_eps_apart_and_shows_the_axes_the_fixed_columns_leave_out()
    {
        var trials = new[]
        {
            SweepRankingTests.AtEps(SampleSweep.Trial("big", "fast", 0.5, 2, 1, 0.40, number: 1), 0.2),
            SweepRankingTests.AtEps(SampleSweep.Trial("small", "fast", 0.5, 2, 1, 0.50, number: 2), 0.1),
        };
        var report = new SweepReport("eps", "Two eps", "fashion-mnist", null, Array.Empty<SpecSetting>(), trials);

        var markdown = File.ReadAllText(SweepReportWriter.Write(report, _directory).MarkdownPath);

        Assert.Contains("Trials of different eps are ranked apart", markdown);
        var rows = TableRows(markdown, "## Ranked trials");
        Assert.Equal(new[] { "1", "small", "cnn_4layer_bn", "fast", "0.5", "2", "eps 0.1", "1" }, rows[0][..8]);
        Assert.Equal(new[] { "1", "big", "cnn_4layer_bn", "fast", "0.5", "2", "eps 0.2", "1" }, rows[1][..8]);
        var configurations = TableRows(markdown, "## Configurations (mean ± std over seeds)");
        Assert.Equal(new[] { "1", "cnn_4layer_bn", "fast", "0.5", "2", "eps 0.1", "1/1" }, configurations[0][..7]);

        // A sweep whose axes all have columns gets no extra column.
        var full = File.ReadAllText(SweepReportWriter.Write(SampleSweep.Full(), _directory).MarkdownPath);
        Assert.DoesNotContain("other axes", full);
        Assert.DoesNotContain("ranked apart", full);
    }

    [Fact]
    public void The_configuration_table_shows_mean_and_deviation_over_seeds()
    {
        var rendered = SweepReportWriter.Write(SampleSweep.Full(), _directory);
        var rows = TableRows(File.ReadAllText(rendered.MarkdownPath), "## Configurations (mean ± std over seeds)");

        Assert.Equal(8, rows.Count);
        Assert.Equal(new[] { "1", "cnn", "fast", "0.5", "5", "1/1", "45.00 %", "12.10 %" }, rows[0]);
        Assert.Equal(new[] { "2", "cnn_4layer_bn", "fast", "0.5", "5", "3/3", "50.00 ± 1.00 %", "12.20 ± 0.10 %" }, rows[1]);
        Assert.Equal(new[] { "—", "cnn", "vanilla", "—", "5", "0/2", "—", "—" }, rows[^1]);
    }

    [Fact]
    public void A_sweep_with_no_finished_epoch_still_gets_every_section_and_no_plot()
    {
        var report = new SweepReport("empty", "Nothing ran yet", "fashion-mnist", 0.1, Array.Empty<SpecSetting>(), new[]
        {
            SampleSweep.Trial("t1", "fast", 0.5, 2, 1, 0.5, stoppedAfter: 0, state: "pending"),
        });

        var rendered = SweepReportWriter.Write(report, _directory);
        var markdown = File.ReadAllText(rendered.MarkdownPath);

        foreach (var heading in new[] { "## Ranked trials", SweepReportWriter.ParetoFrontHeading, "## Error over epochs", "## Eps schedule", "### cnn_4layer_bn", "## ReLU activation states", "## Warmup regularizers" })
        {
            Assert.Contains(heading + "\n", markdown);
        }

        Assert.Contains("No plot: no epoch computed bounds.", markdown);
        Assert.Contains("No plot: no trial finished an epoch.", markdown);
        Assert.Contains("No plot: no trial of this model ended at the full eps.", markdown);
        Assert.Contains("No plot: no fast trial finished a warmup epoch.", markdown);
        Assert.Contains("No front to draw: no trial reached the full eps", markdown);
        Assert.Empty(rendered.PlotPaths);
        Assert.Empty(Directory.GetFiles(_directory, "*.png"));
        Assert.Equal(new[] { "—", "t1", "cnn_4layer_bn", "fast", "0.5", "2", "1", "pending", "0/8", "—", "—", "—", "—", "—", "—" }, TableRows(markdown, "## Ranked trials").Single());
        Assert.Equal(new[] { "—", "cnn_4layer_bn", "fast", "0.5", "2", "0/1", "—", "—" }, TableRows(markdown, "## Configurations (mean ± std over seeds)").Single());
    }

    [Fact]
    public void The_pareto_section_lists_the_hand_computed_front_and_links_its_png()
    {
        var rendered = SweepReportWriter.Write(ParetoSweeps.WithDominatedAndTiedTrials(), _directory);
        var markdown = File.ReadAllText(rendered.MarkdownPath);
        var section = Section(markdown, SweepReportWriter.ParetoFrontHeading);
        var rows = TableRows(markdown, SweepReportWriter.ParetoFrontHeading);

        Assert.Equal(ParetoSweeps.HandFront.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.Equal(new[] { "4", "cnn", "fast warmup 2, λ=0.5", "4", "3", "15.00 %", "50.00 %" }, rows[2]);
        Assert.Equal(new[] { "7", "cnn", "vanilla, warmup 2", "7", "3", "25.00 %", "45.00 %" }, rows[4]);
        Assert.Contains("| trial | model | configuration | seed | best epoch | clean error | verified error (IBP) |", section);
        Assert.Contains("on the test set", section);
        Assert.Contains("no other trial is at least as good on both errors and better on one", section);
        Assert.Contains($"]({SweepReportWriter.ParetoFrontPlot})", section);
        var png = Path.Combine(_directory, SweepReportWriter.ParetoFrontPlot);
        Assert.Contains(png, rendered.PlotPaths);
        Assert.True(PngImage.Read(png).Bytes > 0);
    }

    [Fact]
    public void With_one_trial_at_full_eps_the_pareto_section_says_there_is_no_front_to_draw()
    {
        var report = ParetoSweeps.Sweep(
            ParetoSweeps.Reached(1, 0.10, 0.50),
            SampleSweep.Trial("t2", "fast", 0.5, 2, 2, 0.4, stoppedAfter: 1, state: "stopped", number: 2));

        var rendered = SweepReportWriter.Write(report, _directory);
        var section = Section(File.ReadAllText(rendered.MarkdownPath), SweepReportWriter.ParetoFrontHeading);

        Assert.Contains("No front to draw: only one trial reached the full eps, and a front needs at least 2.", section);
        Assert.DoesNotContain("| trial |", section);
        Assert.False(File.Exists(Path.Combine(_directory, SweepReportWriter.ParetoFrontPlot)));
        Assert.DoesNotContain(Path.Combine(_directory, SweepReportWriter.ParetoFrontPlot), rendered.PlotPaths);
    }

    [Fact]
    public void A_sweep_selecting_on_validation_draws_its_front_from_the_validation_errors_and_says_so()
    {
        var report = ParetoSweeps.SelectingOnValidation().ToReport();

        var rendered = SweepReportWriter.Write(report, _directory);
        var markdown = File.ReadAllText(rendered.MarkdownPath);
        var section = Section(markdown, SweepReportWriter.ParetoFrontHeading);
        var rows = TableRows(markdown, SweepReportWriter.ParetoFrontHeading);

        Assert.True(report.SelectsOnValidation);
        // On the test set trial 1 would dominate trial 2; on the validation split both are on the front.
        Assert.Equal(new[] { "1", "2" }, rows.Select(r => r[0]));
        Assert.Equal(new[] { "10.00 %", "50.00 %", "10.00 %", "40.00 %" }, rows[0][5..]);
        Assert.Contains("| val clean error | val verified error (IBP) | test clean error | test verified error (IBP) |", section);
        Assert.Contains("at its best epoch (picked on the validation split)", section);
        Assert.DoesNotContain("on the test set", section);
        PngImage.AssertPlot(Path.Combine(_directory, SweepReportWriter.ParetoFrontPlot));
    }

    [Fact]
    public void With_a_validation_split_the_ranked_table_picks_and_orders_by_validation_and_shows_the_test_errors_of_that_epoch_labelled()
    {
        var rendered = SweepReportWriter.Write(SampleSweep.SelectingOnValidation(), _directory);
        var markdown = File.ReadAllText(rendered.MarkdownPath);
        var section = Section(markdown, "## Ranked trials");
        var rows = TableRows(markdown, "## Ranked trials");

        Assert.Contains(
            "| best epoch | val verified error (IBP) | val clean error | test verified error (IBP) at the best epoch | test clean error at the best epoch | PGD error | final verified error (IBP) | images/s |",
            section);
        Assert.Contains("Ranked by verified error (IBP) on the validation split at the full eps (0.1)", section);
        Assert.DoesNotContain("Ranked by test verified error", section);
        Assert.Contains(Views.SelectionText.ValidationNote, section);
        // The test set would rank vanilla-s1 first (35 % at epoch 4) and pick fast-s1's epoch 4 (38 %).
        Assert.Equal(new[] { "fast-s1", "fast-s2", "vanilla-s1", "vanilla-s2" }, rows.Select(r => r[1]));
        Assert.Equal(new[] { "1", "fast-s1", "cnn", "fast", "0.5", "2", "1", "completed", "4/4", "3", "45.00 %", "15.00 %", "48.00 %", "16.00 %", "—", "38.00 %", "1000" }, rows[0]);
        Assert.Equal(new[] { "3", "52.00 %", "24.00 %", "37.00 %", "21.00 %" }, rows[2][9..14]);
    }

    [Fact]
    public void With_a_validation_split_the_configuration_table_ranks_by_mean_validation_error_and_reports_the_test_errors_of_the_best_epochs()
    {
        var rendered = SweepReportWriter.Write(SampleSweep.SelectingOnValidation(), _directory);
        var markdown = File.ReadAllText(rendered.MarkdownPath);
        var section = Section(markdown, "## Configurations (mean ± std over seeds)");
        var rows = TableRows(markdown, "## Configurations (mean ± std over seeds)");

        Assert.Contains(
            "| rank | model | method | λ | warmup | seeds at full eps | val verified error (IBP) | val clean error | test verified error (IBP) at the best epoch | test clean error at the best epoch |",
            section);
        Assert.Contains("lowest mean validation verified error first", section);
        Assert.Contains(Views.SelectionText.ValidationNote, section);
        // Fast ranks first on validation (45.5 %) although vanilla's test errors at its best epochs are lower (39 %).
        Assert.Equal(new[] { "1", "cnn", "fast", "0.5", "2", "2/2", "45.50 ± 0.71 %", "17.50 ± 3.54 %", "47.50 ± 0.71 %", "17.50 ± 2.12 %" }, rows[0]);
        Assert.Equal(new[] { "2", "cnn", "vanilla" }, rows[1][..3]);
        Assert.Equal(new[] { "52.50 ± 0.71 %", "24.50 ± 0.71 %", "39.00 ± 2.83 %", "20.50 ± 0.71 %" }, rows[1][6..]);
    }

    [Fact]
    public void Without_a_validation_split_the_tables_have_no_val_or_test_labels_and_no_validation_note()
    {
        var markdown = File.ReadAllText(SweepReportWriter.Write(SampleSweep.Full(), _directory).MarkdownPath);

        Assert.Contains("| best epoch | verified error (IBP) | clean error | PGD error | final verified error (IBP) | images/s |", markdown);
        Assert.Contains("| seeds at full eps | verified error (IBP) | clean error |", markdown);
        Assert.DoesNotContain("val verified", markdown);
        Assert.DoesNotContain(Views.SelectionText.ValidationNote, markdown);
    }

    /// <summary>The text under <paramref name="heading"/> up to the next section.</summary>
    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {heading}");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private static string[] Shades(string method) => ChartStyle.MethodShades(method).Select(c => c.ToHex()[..7]).ToArray();

    /// <summary>The cells of the Markdown table under <paramref name="heading"/>, without its header and rule rows.</summary>
    private static List<string[]> TableRows(string markdown, string heading)
    {
        var section = markdown[(markdown.IndexOf(heading + "\n", StringComparison.Ordinal) + heading.Length)..];
        return section.Split('\n')
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => line.Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray())
            .ToList();
    }
}
