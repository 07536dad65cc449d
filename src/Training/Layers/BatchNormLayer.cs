using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// BatchNorm over channels of [B, C] (1d) or [B, C, H, W] (2d) inputs. The IBP rule of spec section 1:
/// an affine map per channel, <c>scale = w / sqrt(var + 1e-5)</c>, <c>shift = b - mean * scale</c>; the
/// radius is multiplied by <c>|scale|</c>. In training mode mean and (biased) variance are those of the
/// clean batch in the same pass, with gradients through them as in the reference; in eval mode the
/// running statistics. Running statistics update as PyTorch's (momentum 0.1, unbiased variance).
/// </summary>
public sealed class BatchNormLayer : BoundedLayer
{
    public const double Epsilon = 1e-5;
    public const double Momentum = 0.1;

    [ComponentName(Name = "weight")]
    private Parameter _weight;

    [ComponentName(Name = "bias")]
    private Parameter _bias;

    [ComponentName(Name = "running_mean")]
    private Tensor _runningMean;

    [ComponentName(Name = "running_var")]
    private Tensor _runningVar;

    [ComponentName(Name = "num_batches_tracked")]
    private Tensor _numBatchesTracked;

    public BatchNormLayer(long features) : base(nameof(BatchNormLayer))
    {
        Features = features;
        _weight = new Parameter(ones(features));
        _bias = new Parameter(zeros(features));
        _runningMean = zeros(features);
        _runningVar = ones(features);
        _numBatchesTracked = tensor(0L);
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
        register_buffer("running_mean", _runningMean);
        register_buffer("running_var", _runningVar);
        register_buffer("num_batches_tracked", _numBatchesTracked);
    }

    public long Features { get; }

    public Parameter Weight => _weight;

    public Parameter Bias => _bias;

    public Tensor RunningMean => _runningMean;

    public Tensor RunningVariance => _runningVar;

    protected override Activation PropagateCore(Activation input, PropagationContext context)
    {
        var rank = (input.Clean ?? input.Bounds!.Centre).dim();
        var (mean, variance) = Statistics(input, context, rank);
        var scale = _weight / (variance + Epsilon).sqrt();
        var shift = _bias - mean * scale;
        var shape = rank == 2 ? new[] { 1L, Features } : new[] { 1L, Features, 1L, 1L };
        scale = scale.view(shape);
        shift = shift.view(shape);
        return input.Map(
            clean => addcmul(shift, clean, scale, 1),
            bounds => new(addcmul(shift, bounds.Centre, scale, 1), bounds.Radius * scale.abs()));
    }

    private (Tensor Mean, Tensor Variance) Statistics(Activation input, PropagationContext context, long rank)
    {
        if (!training)
        {
            return (_runningMean, _runningVar);
        }

        if (context.Statistics is { Replay: true } replay && replay.TryGet(this, out var recorded))
        {
            return recorded;
        }

        var clean = input.RequireClean(nameof(BatchNormLayer));
        var dims = rank == 2 ? new[] { 0L } : new[] { 0L, 2L, 3L };
        var (variance, mean) = var_mean(clean, dims, unbiased: false);
        UpdateRunningStatistics(mean, variance, clean.numel() / Features);
        context.Statistics?.Record(this, mean, variance);
        return (mean, variance);
    }

    private void UpdateRunningStatistics(Tensor mean, Tensor variance, long count)
    {
        if (count < 2)
        {
            throw new InvalidOperationException("BatchNorm in training mode needs more than one value per channel.");
        }

        using var noGrad = no_grad();
        _runningMean.mul_(1 - Momentum).add_(mean, alpha: Momentum);
        _runningVar.mul_(1 - Momentum).add_(variance * ((double)count / (count - 1)), alpha: Momentum);
        _numBatchesTracked.add_(1);
    }
}
