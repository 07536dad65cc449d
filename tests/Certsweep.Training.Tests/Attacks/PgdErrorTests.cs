using Certsweep.Hyperparameters;
using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Attacks;

/// <summary>
/// PGD error on a small network trained with IBP on a Fashion-MNIST subset (docs/method.md §9):
/// what IBP verifies the attack never breaks, and clean error &lt;= PGD error &lt;= verified error.
/// </summary>
public sealed class PgdErrorTests(ITestOutputHelper output)
{
    private const double TrainEps = 0.01;
    private const int TestCount = 150;
    private static readonly Normalization Normalization = new(new[] { 0.29 }, new[] { 0.35 });

    [Fact]
    public void OnAnIbpTrainedNetworkExamplesIbpOrCrownVerifiesAreNeverAttackedAndTheErrorsAreOrdered()
    {
        using var scope = NewDisposeScope();
        using var split = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.FashionMnist, TrainLimit: 1000, TestLimit: TestCount));
        using var network = Trained(split.Train);
        network.eval();
        using var test = Normalized(split.Test).Batch(0, split.Test.Count, CPU);
        var attack = new PgdAttack(new PgdOptions { Steps = 10, StepSize = 0.25, Restarts = 2 });
        // A test pass runs without gradients; the attack takes its own.
        using var noGrad = no_grad();
        var seen = new List<string>();
        var informative = 0;
        foreach (var eps in new[] { 0.005, 0.02, 0.06 })
        {
            var box = InputBox.Around(test.Images, eps, Normalization);
            var ibpPass = new PropagationContext();
            var output = network.Evaluate(test.Images, box, test.Labels, ibpPass);
            var cleanWrong = output.Logits!.argmax(1).ne(test.Labels);
            var verified = MarginBounds.Verified(output.MarginLower!).logical_and(cleanWrong.logical_not());
            using var generator = new Generator(7);
            var attacked = PgdError.Attacked(network, test.Images, test.Labels, box, attack, generator);

            var clean = cleanWrong.sum().item<long>();
            var pgd = attacked.sum().item<long>();
            var unverified = verified.logical_not().sum().item<long>();
            seen.Add($"eps {eps}: clean {clean}, PGD {pgd}, unverified {unverified}");
            Assert.False(verified.logical_and(attacked).any().item<bool>(), $"an example IBP verifies was attacked; {seen[^1]}");
            var crownVerified = MarginBounds.Verified(CrownMarginBounds.CrownLower(network, box, test.Labels, ibpPass)).logical_and(cleanWrong.logical_not());
            Assert.False(crownVerified.logical_and(attacked).any().item<bool>(), $"an example CROWN verifies was attacked; {seen[^1]}");
            Assert.False(cleanWrong.logical_and(attacked.logical_not()).any().item<bool>(), $"a misclassified example does not count as attacked; {seen[^1]}");
            Assert.True(clean <= pgd && pgd <= unverified, seen[^1]);
            if (clean < pgd && pgd < unverified && unverified < TestCount)
            {
                informative++;
                using var again = new Generator(7);
                Assert.Equal(pgd, PgdError.Count(network, test.Images, test.Labels, box, attack, again));
            }
        }

        output.WriteLine(string.Join("; ", seen));
        // At some eps the three errors differ and some examples are verified, so the checks above had work to do.
        Assert.True(informative >= 1, string.Join("; ", seen));
    }

    private static ImageDataset Normalized(ImageDataset data) =>
        new(data.Name, data.Shape, data.Classes, Normalization, data.RawImages.clone(), data.Labels.clone());

    /// <summary>A small fully-connected network trained on the robust loss, eps ramped from 0 over the first half of the steps.</summary>
    private static Network Trained(ImageDataset raw)
    {
        var pixels = raw.Shape.Channels * raw.Shape.Size * raw.Shape.Size;
        var network = new Network("small", raw.Shape, raw.Classes, SequentialLayer.Numbered(
            new FlattenLayer(),
            new LinearLayer(pixels, 64), new BatchNormLayer(64), new ReluLayer(),
            new LinearLayer(64, 64), new BatchNormLayer(64), new ReluLayer(),
            new LinearLayer(64, raw.Classes)));
        using (var generator = new Generator(5))
        {
            DefaultInitialization.Apply(network, generator);
            IbpInitialization.Apply(network, generator);
        }

        network.train();
        using var data = Normalized(raw);
        var objective = new CertifiedObjective(network, Normalization, TrainerRuns.Options().With(Parameters.Eps.Set(TrainEps)));
        using var optimizer = optim.Adam(network.parameters(), lr: 3e-3);
        const int batch = 50;
        const int epochs = 3;
        var steps = epochs * (int)(data.Count / batch);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            using var prepared = data.Batch(step * batch % data.Count, batch, CPU);
            var eps = TrainEps * Math.Min(1.0, 2.0 * step / steps);
            optimizer.zero_grad();
            objective.Evaluate(prepared.Images, prepared.Labels, eps, regularize: false).Loss.backward();
            optimizer.step();
        }

        return network;
    }
}
