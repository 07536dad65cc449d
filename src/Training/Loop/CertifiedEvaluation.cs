using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Loop;

/// <summary>
/// Clean and verified error of a network on a data set at one eps (docs/method.md §1), BatchNorm in eval mode,
/// no gradients: a sample is verified when every margin lower bound of IBP is non-negative and it is
/// classified correctly; every misclassified sample counts as not verified.
/// </summary>
public static class CertifiedEvaluation
{
    public static EvaluationResult Run(Network network, ImageDataset data, double eps, Device device, int batchSize, Action<long>? progress = null)
    {
        network.eval();
        using var noGrad = no_grad();
        var count = data.Count;
        var batches = (int)((count + batchSize - 1) / batchSize);
        long wrong = 0, unverified = 0, done = 0;
        using var prefetcher = new BatchPrefetcher(
            Enumerable.Range(0, batches).ToArray(),
            batch => data.Batch((long)batch * batchSize, Math.Min(batchSize, count - (long)batch * batchSize), device));
        for (var batch = 0; batch < batches; batch++)
        {
            using var scope = NewDisposeScope();
            using var prepared = prefetcher.Take();
            using (ScalarGarbage.Enter())
            {
                var box = InputBox.Around(prepared.Images, eps, data.Normalization);
                var output = network.Evaluate(prepared.Images, box, prepared.Labels, new PropagationContext());
                var misclassified = output.Logits!.argmax(1).ne(prepared.Labels);
                var notVerified = MarginBounds.Verified(output.MarginLower!).logical_not().logical_or(misclassified);
                wrong += misclassified.sum().item<long>();
                unverified += notVerified.sum().item<long>();
            }

            ScalarGarbage.CollectBetweenSteps();
            done += prepared.Count;
            progress?.Invoke(done);
        }

        return new EvaluationResult(count, wrong, unverified, eps);
    }
}
