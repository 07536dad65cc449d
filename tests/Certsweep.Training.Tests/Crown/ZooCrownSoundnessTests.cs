using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// CROWN-IBP and full CROWN are sound for every model of the zoo (docs/method.md §8): at
/// IBP-initialized random weights and after two CROWN-IBP training steps, BatchNorm in training and eval mode,
/// the margins of 1,000 points drawn from each image's box stay above the margin lower bounds. Inputs of 3x2x2
/// keep every layer (the stride-2 stages end at 1x1) and the real channel widths, at a cost the suite can pay.
/// </summary>
public sealed class ZooCrownSoundnessTests
{
    private const int Batch = 2;
    private static readonly ImageShape Input = new(3, 2);
    private static readonly Normalization Normalization = new(new[] { 0.4914, 0.4822, 0.4465 }, new[] { 0.2023, 0.1994, 0.2010 });

    public static TheoryData<string> Models() => new(ModelZoo.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void MarginsOfSampledPointsStayAboveTheBounds(string model)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20211207);
        using var network = ModelZoo.Create(model, Input, 10);
        DefaultInitialization.Apply(network, generator);
        IbpInitialization.Apply(network, generator);
        var images = RandomNetworks.Images(Batch, seed: 61, Input, Normalization);
        var labels = RandomNetworks.Labels(Batch, seed: 62, classes: 10);
        var box = InputBox.Around(images, 8.0 / 255, Normalization);
        foreach (var trained in new[] { false, true })
        {
            if (trained)
            {
                CrownTraining.Steps(network, images, labels, box, steps: 2);
            }

            foreach (var trainingMode in new[] { false, true })
            {
                CrownSoundnessTests.CheckAll(network, trainingMode, images, box, labels, seed: 63,
                    $"{model} ({(trainingMode ? "train" : "eval")}, {(trained ? "trained" : "random")})");
            }
        }
    }
}
