using System.Text.Json;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Json;

namespace Certsweep.Hyperparameters.Tests.Json;

/// <summary>A trial stored by an earlier version (a checkpoint, a results file) reads with the defaults of the
/// parameters declared since, and a trial stored now reads back as it was.</summary>
public sealed class StoredTrialTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new TrialConfigJsonConverter() } };

    [Fact]
    public void A_trial_stored_before_the_method_components_bn_bound_and_loss_existed_reads_with_their_defaults()
    {
        var now = TrialConfig.Of(Parameters.Dataset.Set("fashion-mnist"), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(12), Parameters.Method.Set("fast"));
        var stored = JsonNode.Parse(JsonSerializer.Serialize(now, Options))!.AsObject();
        foreach (var added in new[] { "bn", "bound", "loss" })
        {
            Assert.True(stored.Remove(added), $"the stored trial has no {added} to remove");
        }

        var read = JsonSerializer.Deserialize<TrialConfig>(stored.ToJsonString(), Options)!;
        Assert.Equal("full", read.Get(Parameters.BatchNorm));
        Assert.Equal("ibp", read.Get(Parameters.Bound));
        Assert.Equal("ibp", read.Get(Parameters.Loss));
        Assert.Equal(now, read);
    }

    [Fact]
    public void A_vanilla_trial_stored_now_reads_back_unchanged_without_the_parameters_that_do_not_apply()
    {
        var now = TrialConfig.Of(Parameters.Dataset.Set("fashion-mnist"), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(12), Parameters.Method.Set("vanilla"));
        var read = JsonSerializer.Deserialize<TrialConfig>(JsonSerializer.Serialize(now, Options), Options)!;
        Assert.Equal(now, read);
        Assert.False(read.Values.Contains(Parameters.Lambda));
    }
}
