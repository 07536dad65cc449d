using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>
/// Builds batches on a background thread, a few ahead of the training thread, so data loading (gathering,
/// augmentation, transfer to the device, normalization) overlaps the step. Dispose scopes are thread-bound:
/// each batch is built inside the prefetch thread's own scope, its two result tensors detached from it, and
/// handed over whole; the taker owns and disposes them. Batches come out in the order asked for; what a batch
/// holds depends only on its index, never on timing.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    public const int DefaultDepth = 2;

    private readonly BlockingCollection<ImageBatch> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IReadOnlyList<int> _batches;
    private readonly Func<int, ImageBatch> _build;
    private ExceptionDispatchInfo? _failure;

    /// <param name="batches">Batch indices, in the order they will be taken.</param>
    /// <param name="build">Builds one batch; runs on the prefetch thread.</param>
    /// <param name="depth">How many built batches may wait for the taker.</param>
    public BatchPrefetcher(IReadOnlyList<int> batches, Func<int, ImageBatch> build, int depth = DefaultDepth)
    {
        _batches = batches;
        _build = build;
        _ready = new BlockingCollection<ImageBatch>(new ConcurrentQueue<ImageBatch>(), Math.Max(1, depth));
        _thread = new Thread(Produce) { IsBackground = true, Name = "certsweep batch prefetch" };
        _thread.Start();
    }

    /// <summary>The next batch, waiting for it if needed. Rethrows what failed on the prefetch thread.</summary>
    public ImageBatch Take()
    {
        try
        {
            return _ready.Take();
        }
        catch (InvalidOperationException) when (_ready.IsCompleted)
        {
            _failure?.Throw();
            throw new InvalidOperationException($"All {_batches.Count} prefetched batches were already taken.");
        }
    }

    private void Produce()
    {
        try
        {
            foreach (var index in _batches)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                ImageBatch batch;
                using (var scope = NewDisposeScope())
                using (ScalarGarbage.Enter())
                {
                    var built = _build(index);
                    batch = new ImageBatch(built.Images.DetachFromDisposeScope(), built.Labels.DetachFromDisposeScope());
                }

                try
                {
                    _ready.Add(batch, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.Dispose();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        while (_ready.TryTake(out var left))
        {
            left.Dispose();
        }

        _ready.Dispose();
        _stop.Dispose();
    }
}
