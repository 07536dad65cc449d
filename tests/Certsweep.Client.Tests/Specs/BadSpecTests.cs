using Certsweep.Client.Specs;

namespace Certsweep.Client.Tests.Specs;

/// <summary>Every spec in <see cref="BadSpecs"/> through the parser API: one problem names the field, shows the
/// value and says what is allowed; the CLI would exit with code 2.</summary>
public sealed class BadSpecTests
{
    [Theory]
    [MemberData(nameof(BadSpecs.Cases), MemberType = typeof(BadSpecs))]
    public void Names_the_field_the_value_and_what_is_allowed(BadSpec bad)
    {
        var result = SweepSpecLoader.Parse(bad.Text, bad.Format, "bad.spec", bad.MaxTrials);

        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        var problem = result.Problems.FirstOrDefault(p => p.Field == bad.Field && p.Value.Contains(bad.Value, StringComparison.Ordinal));
        Assert.True(problem is not null, $"expected {bad.Field} = ...{bad.Value}...; got:\n{string.Join("\n", result.Problems.Select(p => p.Format("bad.spec")))}");
        Assert.False(string.IsNullOrWhiteSpace(problem.Allowed));

        var error = result.ToCliError();
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        var printed = string.Join("\n", error.Details.Prepend(error.Message));
        Assert.Contains(bad.Field, printed, StringComparison.Ordinal);
        Assert.Contains(bad.Value, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalogue_has_at_least_25_distinct_bad_specs()
    {
        Assert.True(BadSpecs.All.Select(b => b.Text).Distinct().Count() >= 25);
        Assert.Equal(BadSpecs.All.Count, BadSpecs.All.Select(b => b.Name).Distinct().Count());
    }

    [Fact]
    public void Syntax_errors_carry_line_and_column()
    {
        var yaml = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes:\n  lambda: [0.1, 0.5\n  warmup: 5\n", SpecFormat.Yaml);
        Assert.Equal(new SourcePosition(5, 11), Assert.Single(yaml.Problems).Position);

        var json = SweepSpecLoader.Parse("{\n  \"dataset\": \"mnist\",\n  \"eps\": 0.1 \"epochs\": 10\n}", SpecFormat.Json);
        var problem = Assert.Single(json.Problems);
        Assert.Equal(3, problem.Position?.Line);
        Assert.Equal(14, problem.Position?.Column);
        Assert.StartsWith("well-formed JSON", problem.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_errors_point_at_the_value_in_the_file()
    {
        var result = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes:\n  model: [cnn, resnet50]\n  warmup: 5\n", SpecFormat.Yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourcePosition(5, 16), problem.Position);
        Assert.Equal("bad.yaml:5:16: axes.model[1]: resnet50 is not allowed; allowed: one of cnn, wide_resnet_8, resnext, cnn_7layer_bn_imagenet, wide_resnet_imagenet64, ResNeXt_imagenet64, cnn_4layer_bn",
            problem.Format("bad.yaml"));
    }

    [Fact]
    public void All_problems_are_reported_at_once_in_file_order()
    {
        var result = SweepSpecLoader.Parse("dataset: imagenet\neps: 2\nepochs: 10\naxes: {lamda: 1, model: [vgg], warmup: 5}\n", SpecFormat.Yaml);

        Assert.Equal(["dataset", "eps", "axes.lamda", "axes.model[0]"], result.Problems.Select(p => p.Field));
        Assert.Contains("did you mean lambda?", result.Problems[2].Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_that_does_not_fit_says_it_is_the_default()
    {
        // warmup is not written: its default (20 epochs) does not fit in 10 epochs.
        var result = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\n", SpecFormat.Yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("warmup", problem.Field);
        Assert.EndsWith("(the default)", problem.Value, StringComparison.Ordinal);
        Assert.Null(problem.Position);
    }

    [Fact]
    public void A_field_the_binder_rejected_is_not_reported_again_by_the_validator()
    {
        // The binder drops 'abc'; the validator must not then complain about the axis being empty.
        var result = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {lambda: [abc], warmup: 5}\n", SpecFormat.Yaml);

        Assert.Equal("axes.lambda[0]", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void A_missing_file_is_one_problem_not_an_exception()
    {
        var result = SweepSpecLoader.LoadFile(Path.Combine(Path.GetTempPath(), "certsweep-no-such-spec.yaml"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(SpecProblem.FileField, problem.Field);
        Assert.Contains("no such file", result.ToCliError().Message, StringComparison.Ordinal);
    }
}
