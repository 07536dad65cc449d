using Certsweep.Training.Data;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Data;

public sealed class BatchPrefetcherTests
{
    [Fact]
    public void BatchesComeInOrderBuiltOffTheTakingThreadAndOutliveItsScopes()
    {
        var taker = Environment.CurrentManagedThreadId;
        var builders = new HashSet<int>();
        using var prefetcher = new BatchPrefetcher(new[] { 4, 2, 7 }, index =>
        {
            lock (builders)
            {
                builders.Add(Environment.CurrentManagedThreadId);
            }

            var images = full(2, 3, (float)index);
            return new ImageBatch(images * 2, tensor(new long[] { index, index }));
        });

        foreach (var expected in new[] { 4, 2, 7 })
        {
            using var scope = NewDisposeScope();
            using var batch = prefetcher.Take();
            Assert.Equal(expected * 2f, batch.Images[0, 0].item<float>());
            Assert.Equal(expected, batch.Labels[1].item<long>());
        }

        Assert.DoesNotContain(taker, builders);
    }

    [Fact]
    public void AFailureWhileBuildingIsRethrownToTheTaker()
    {
        using var prefetcher = new BatchPrefetcher(new[] { 0, 1 }, index =>
            index == 0 ? new ImageBatch(zeros(1), zeros(1, ScalarType.Int64)) : throw new DatasetException("file 'x' is corrupt"));

        using (prefetcher.Take())
        {
        }

        var error = Assert.Throws<DatasetException>(() => prefetcher.Take());
        Assert.Equal("file 'x' is corrupt", error.Message);
    }

    [Fact]
    public void DisposingEarlyStopsBuildingAndFreesWaitingBatches()
    {
        var built = new List<ImageBatch>();
        var prefetcher = new BatchPrefetcher(Enumerable.Range(0, 1000).ToArray(), index =>
        {
            var batch = new ImageBatch(zeros(4), zeros(4, ScalarType.Int64));
            lock (built)
            {
                built.Add(batch);
            }

            return batch;
        }, depth: 2);
        using (prefetcher.Take())
        {
        }

        prefetcher.Dispose();

        lock (built)
        {
            Assert.True(built.Count <= 1 + 2 + 1, $"{built.Count} batches were built for a consumer that took one");
            Assert.All(built, b => Assert.True(b.Images.IsInvalid && b.Labels.IsInvalid));
        }
    }
}
