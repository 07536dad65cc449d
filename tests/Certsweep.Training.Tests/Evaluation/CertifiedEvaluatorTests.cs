using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Evaluation;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Evaluation;

/// <summary>
/// The certifying evaluator: per image the index, label, clean prediction and per bound kind the certificate and
/// smallest margin lower bound, equal to the bounds computed directly; totals that add up; IBP's verified error
/// equal to the trainer's own evaluation.
/// </summary>
public sealed class CertifiedEvaluatorTests
{
    [Fact]
    public void ReportsEveryImageUnderEveryKindAndTotalsThatAddUp()
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(1, 6);
        var normalization = new Normalization(new[] { 0.4 }, new[] { 0.3 });
        using var network = RandomNetworks.Randomize(ModelZoo.Create(CnnFourLayerBn.Name, shape, 10), seed: 111);
        using var generator = new Generator(112);
        var bytes = randint(0, 256, shape.BatchShape(7), ScalarType.Byte, generator: generator);
        // Half the labels are the network's own predictions, so some images are certified at a small eps.
        network.eval();
        var normalized = bytes.to_type(ScalarType.Float32) / 255 * (1 / 0.3) - 0.4 / 0.3;
        Tensor predictions;
        using (no_grad())
        {
            predictions = network.Evaluate(normalized, null, null, new PropagationContext()).Logits!.argmax(1);
        }

        var labels = where(arange(7).remainder(2).eq(0), predictions, (predictions + 1).remainder(10));
        using var data = new ImageDataset("test", shape, 10, normalization, bytes, labels.clone());
        var kinds = new[] { BoundKind.Crown, BoundKind.Ibp, BoundKind.CrownIbp };
        var eps = 1e-4;
        var report = CertifiedEvaluator.Run(network, data, eps, kinds, CPU, batchSize: 3);

        Assert.Equal(eps, report.Eps);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), report.Images.Select(i => i.Index));
        Assert.Equal(labels.data<long>().ToArray(), report.Images.Select(i => i.Label));
        Assert.Equal(predictions.data<long>().ToArray(), report.Images.Select(i => i.Prediction));
        Assert.Equal(kinds, report.Totals.Select(t => t.Kind));

        using var noGrad = no_grad();
        var box = InputBox.Around(normalized, eps, normalization);
        var context = new PropagationContext();
        var direct = new Dictionary<BoundKind, Tensor>
        {
            [BoundKind.Ibp] = network.Evaluate(normalized, box, labels, context).MarginLower!,
        };
        direct[BoundKind.CrownIbp] = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        direct[BoundKind.Crown] = CrownMarginBounds.CrownLower(network, box, labels, context);
        for (var k = 0; k < kinds.Length; k++)
        {
            var worst = direct[kinds[k]].min(1).values.to_type(ScalarType.Float64).data<double>().ToArray();
            foreach (var image in report.Images)
            {
                var certificate = image.Bounds[k];
                Assert.Equal(kinds[k], certificate.Kind);
                Assert.Equal(worst[image.Index], certificate.WorstMarginLower, 4);
                Assert.Equal(image.Correct && certificate.WorstMarginLower >= 0, certificate.Certified);
            }

            var totals = report.Totals[k];
            Assert.Equal(7, totals.Samples);
            Assert.Equal(report.Images.Count(i => !i.Correct), totals.Misclassified);
            Assert.Equal(report.Images.Count(i => !i.Bounds[k].Certified), totals.NotVerified);
            Assert.True(totals.Seconds > 0);
        }

        Assert.Contains(report.Images, i => i.Bounds.All(b => b.Certified));
        Assert.Contains(report.Images, i => !i.Correct);
    }
}
