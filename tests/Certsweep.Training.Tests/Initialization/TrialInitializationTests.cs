using Certsweep.Training.Initialization;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;

namespace Certsweep.Training.Tests.Initialization;

public sealed class TrialInitializationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_trial_seed_alone_decides_the_initial_weights_whatever_the_process_wide_generator_did(bool ibpInitialization)
    {
        float[] Weights(long globalSeed, int trialSeed)
        {
            torch.manual_seed(globalSeed);
            using var network = ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 16), 10);
            TrialInitialization.Apply(network, ibpInitialization, trialSeed);
            return network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        var first = Weights(1, 7);
        Assert.Equal(first, Weights(2, 7));
        Assert.NotEqual(first, Weights(1, 8));
    }

    [Fact]
    public void Ibp_initialization_draws_hidden_weights_with_sigma_sqrt_2pi_over_fan_in_and_keeps_the_classifier()
    {
        using var vanilla = ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 28), 10);
        using var fast = ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 28), 10);
        TrialInitialization.Apply(vanilla, ibpInitialization: false, 3);
        TrialInitialization.Apply(fast, ibpInitialization: true, 3);

        // The last hidden Linear layer: 6272 inputs, 627,200 weights.
        var hidden = fast.modules().OfType<Training.Layers.LinearLayer>().First();
        var expected = IbpInitialization.StandardDeviation(hidden.FanIn);
        Assert.Equal(expected, hidden.Weight.std().item<float>(), expected * 0.01);
        Assert.Equal(0, hidden.Weight.mean().item<float>(), expected * 0.01);
        Assert.Equal(vanilla.Classifier.Weight.data<float>().ToArray(), fast.Classifier.Weight.data<float>().ToArray());
    }
}
