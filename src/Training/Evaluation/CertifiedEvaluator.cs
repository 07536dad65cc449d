using System.Diagnostics;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Evaluation;

/// <summary>
/// Certifies a network on a data set at one eps with any of the bound kinds (docs/method.md §8): per
/// image the clean prediction and, per kind, whether it is certified and its smallest margin
/// lower bound; per kind the clean and verified error. BatchNorm in eval mode, no gradients; each batch runs
/// in its own dispose scope, and one clean and interval pass serves every kind.
/// </summary>
public static class CertifiedEvaluator
{
    /// <param name="network">The network; it is switched to eval mode.</param>
    /// <param name="data">The images to certify, in order (e.g. a <see cref="DataSplit.Test"/> set, or <see cref="ImageDataset.Take"/> of it).</param>
    /// <param name="eps">Radius of the input box in raw pixel units.</param>
    /// <param name="kinds">Bound kinds to compute, each once.</param>
    /// <param name="device">Where the network is.</param>
    /// <param name="batchSize">Images per batch (full CROWN goes one image at a time within it).</param>
    /// <param name="progress">Called with the number of images done after each batch.</param>
    /// <param name="maxCoefficientElements">CROWN's memory budget (<see cref="CrownMarginBounds"/>).</param>
    public static CertificationReport Run(
        Network network, ImageDataset data, double eps, IReadOnlyList<BoundKind> kinds, Device device, int batchSize,
        Action<long>? progress = null, long maxCoefficientElements = CrownMarginBounds.DefaultMaxCoefficientElements)
    {
        if (kinds.Count == 0 || kinds.Distinct().Count() != kinds.Count)
        {
            throw new ArgumentException("Name each bound kind once, and at least one.", nameof(kinds));
        }

        network.eval();
        using var noGrad = no_grad();
        var count = data.Count;
        var batches = (int)((count + batchSize - 1) / batchSize);
        var images = new List<ImageCertificate>((int)count);
        var notVerified = new long[kinds.Count];
        var seconds = new double[kinds.Count];
        long misclassified = 0;
        using var prefetcher = new BatchPrefetcher(
            Enumerable.Range(0, batches).ToArray(),
            batch => data.Batch((long)batch * batchSize, Math.Min(batchSize, count - (long)batch * batchSize), device));
        for (var batch = 0; batch < batches; batch++)
        {
            using var scope = NewDisposeScope();
            using var prepared = prefetcher.Take();
            using (ScalarGarbage.Enter())
            {
                var clock = Stopwatch.StartNew();
                var box = InputBox.Around(prepared.Images, eps, data.Normalization);
                var context = new PropagationContext();
                var output = network.Evaluate(prepared.Images, box, prepared.Labels, context);
                var predictions = output.Logits!.argmax(1);
                var wrong = predictions.ne(prepared.Labels);
                var passSeconds = clock.Elapsed.TotalSeconds;
                var perKind = new (bool[] Certified, double[] Worst)[kinds.Count];
                for (var k = 0; k < kinds.Count; k++)
                {
                    clock.Restart();
                    var margins = kinds[k] switch
                    {
                        BoundKind.Ibp => output.MarginLower!,
                        BoundKind.CrownIbp => CrownMarginBounds.CrownIbpLower(network, box, prepared.Labels, context, maxCoefficientElements),
                        BoundKind.Crown => CrownMarginBounds.CrownLower(network, box, prepared.Labels, context, maxCoefficientElements),
                        _ => throw new ArgumentOutOfRangeException(nameof(kinds), kinds[k], null),
                    };
                    var certified = MarginBounds.Verified(margins).logical_and(wrong.logical_not());
                    perKind[k] = (certified.cpu().data<bool>().ToArray(), margins.min(1).values.to_type(ScalarType.Float64).cpu().data<double>().ToArray());
                    seconds[k] += clock.Elapsed.TotalSeconds + (kinds[k] == BoundKind.Ibp ? passSeconds : 0);
                    notVerified[k] += perKind[k].Certified.LongLength - perKind[k].Certified.Count(c => c);
                }

                var labels = prepared.Labels.cpu().data<long>().ToArray();
                var predicted = predictions.cpu().data<long>().ToArray();
                for (var i = 0; i < labels.Length; i++)
                {
                    var index = (long)batch * batchSize + i;
                    var certificates = kinds.Select((kind, k) => new BoundCertificate(kind, perKind[k].Certified[i], perKind[k].Worst[i])).ToList();
                    images.Add(new ImageCertificate(index, labels[i], predicted[i], certificates));
                    misclassified += predicted[i] == labels[i] ? 0 : 1;
                }
            }

            ScalarGarbage.CollectBetweenSteps();
            progress?.Invoke(images.Count);
        }

        var totals = kinds.Select((kind, k) => new BoundTotals(kind, count, misclassified, notVerified[k], seconds[k])).ToList();
        return new CertificationReport(eps, images, totals);
    }
}
