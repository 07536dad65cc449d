using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// BatchNorm over channels of [B, C] (1d) or [B, C, H, W] (2d) inputs. The IBP rule of docs/method.md §1:
/// an affine map per channel, <c>scale = w / sqrt(var + 1e-5)</c>, <c>shift = b - mean * scale</c>; the
/// radius is multiplied by <c>|scale|</c>. In training mode mean and (biased) variance are those of the
/// clean batch in the same pass, with gradients through them as in the reference; in eval mode the
/// running statistics. Running statistics update as PyTorch's (momentum 0.1, unbiased variance).
/// Directly after a Linear/Conv2d layer the map is folded into that layer's weights for the bounds
/// (<see cref="PropagateAfter"/>): the same interval rule, with no elementwise pass of its own.
/// <see cref="Variant"/> fixes the mean to 0, the variance to 1 or the affine parameters to 1 and 0 (docs/method.md,
/// "BatchNorm variants") in every pass and rule alike. CROWN rule (docs/method.md §8): the
/// same per-channel map as the pass used, transposed: <c>A' = A scale</c>, <c>b' = b + sum(A shift)</c>.
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

    /// <summary>Which statistics and parameters the map uses; <see cref="BatchNormVariant.Default"/> unless set.</summary>
    public BatchNormVariant Variant { get; set; } = BatchNormVariant.Default;

    protected override Activation PropagateCore(Activation input, PropagationContext context)
    {
        if (training && input.Bounds is null && context.Statistics is null && Variant == BatchNormVariant.Default)
        {
            // Clean batch only (a natural step): PyTorch's fused batch norm, which also updates the
            // running statistics (momentum 0.1, unbiased variance).
            var clean = input.RequireClean(nameof(BatchNormLayer));
            CheckBatch(clean);
            _numBatchesTracked.add_(1);
            return new(nn.functional.batch_norm(clean, _runningMean, _runningVar, _weight, _bias, true, Momentum, Epsilon), null);
        }

        var (scale, shift) = ScaleAndShift(input.Clean, context);
        context.RecordChannelMap(this, scale, shift);
        var absScale = scale.abs();
        return input.Map(
            clean => ChannelAffine(clean, scale, shift),
            bounds => new(ChannelAffine(bounds.Centre, scale, shift), ChannelAffine(bounds.Radius, absScale, null)));
    }

    /// <summary>
    /// This layer applied to the output of <paramref name="affine"/>, whose input is <paramref name="input"/>:
    /// the clean batch goes through the affine layer and then this map; for the bounds the per-channel map
    /// is folded into the affine layer's weights, <c>W' = scale W</c>, <c>b' = scale b + shift</c>, so the
    /// centre is <c>W' c + b'</c> and the radius <c>|W'| r</c> (the rules of docs/method.md §1 composed).
    /// Both layers are observed; the affine layer's observed output carries the clean batch only.
    /// </summary>
    internal Activation PropagateAfter(AffineLayer affine, Activation input, PropagationContext context)
    {
        var preActivation = input.Clean is null ? null : affine.Apply(input.Clean, affine.Weight, affine.Bias);
        context.RecordInput(affine, input);
        context.Observe(affine, new Activation(preActivation, null));
        var (scale, shift) = ScaleAndShift(preActivation, context);
        context.RecordChannelMap(this, scale, shift);
        var foldedWeight = affine.Weight * scale.view(affine.OutputChannelShape);
        var foldedBias = affine.Bias is null ? shift : addcmul(shift, affine.Bias, scale, 1);
        IntervalBounds? bounds = null;
        if (input.Bounds is { } inputBounds)
        {
            bounds = new IntervalBounds(
                affine.Apply(inputBounds.Centre, foldedWeight, foldedBias),
                affine.Apply(inputBounds.Radius, foldedWeight.abs(), null));
        }

        var output = new Activation(preActivation is null ? null : ChannelAffine(preActivation, scale, shift), bounds);
        context.Observe(this, output);
        return output;
    }

    /// <summary>The per-channel map <c>scale = w / sqrt(var + eps)</c>, <c>shift = b - mean * scale</c>; the
    /// variant replaces an unused mean by 0, an unused variance by 1, and without affine w by 1 and b by 0.
    /// Statistics are computed (and running statistics updated) whatever the variant uses.</summary>
    private (Tensor Scale, Tensor Shift) ScaleAndShift(Tensor? clean, PropagationContext context)
    {
        var (mean, variance) = Statistics(clean, context);
        if (Variant == BatchNormVariant.Default)
        {
            var scale = _weight / (variance + Epsilon).sqrt();
            return (scale, _bias - mean * scale);
        }

        var inverseDeviation = Variant.UsesVariance ? (variance + Epsilon).rsqrt() : full_like(variance, 1 / Math.Sqrt(1 + Epsilon));
        var variantScale = Variant.Affine ? _weight * inverseDeviation : inverseDeviation;
        var variantShift = Variant.UsesMean ? -mean * variantScale : zeros_like(variantScale);
        return (variantScale, Variant.Affine ? _bias + variantShift : variantShift);
    }

    /// <summary>
    /// <c>x * scale + shift</c> per channel, with gradients to x, scale and shift: PyTorch's fused batch
    /// norm in inference form with mean 0, variance 1 and eps 0, which is that map exactly and far cheaper
    /// to differentiate than a broadcast multiply-add.
    /// </summary>
    private Tensor ChannelAffine(Tensor input, Tensor scale, Tensor? shift)
    {
        var zero = zeros(Features, input.dtype, input.device);
        var one = ones(Features, input.dtype, input.device);
        return nn.functional.batch_norm(input, zero, one, scale, shift, false, 0, 0);
    }

    private (Tensor Mean, Tensor Variance) Statistics(Tensor? clean, PropagationContext context)
    {
        if (!training)
        {
            return (_runningMean, _runningVar);
        }

        if (context.Statistics is { Replay: true } replay && replay.TryGet(this, out var recorded))
        {
            return recorded;
        }

        if (clean is null)
        {
            throw new InvalidOperationException($"{nameof(BatchNormLayer)} in training mode needs the clean batch in the same pass.");
        }

        CheckBatch(clean);
        var (mean, variance) = ChannelMoments.Of(clean);
        UpdateRunningStatistics(mean, variance, clean.numel() / Features);
        context.Statistics?.Record(this, mean, variance);
        return (mean, variance);
    }

    private void CheckBatch(Tensor clean)
    {
        if (clean.numel() / Features < 2)
        {
            throw new InvalidOperationException("BatchNorm in training mode needs more than one value per channel.");
        }
    }

    private void UpdateRunningStatistics(Tensor mean, Tensor variance, long count)
    {
        using var noGrad = no_grad();
        _runningMean.mul_(1 - Momentum).add_(mean, alpha: Momentum);
        _runningVar.mul_(1 - Momentum).add_(variance * ((double)count / (count - 1)), alpha: Momentum);
        _numBatchesTracked.add_(1);
    }

    internal override LinearBound Backward(LinearBound output, BackwardPass pass)
    {
        var (scale, shift) = pass.ChannelMap(this);
        var channelShape = new long[] { 1, 1, Features }.Concat(Enumerable.Repeat(1L, (int)output.Coefficients.dim() - 3)).ToArray();
        return output.With(output.Coefficients * scale.view(channelShape), output.ChannelSums().matmul(shift));
    }

    /// <summary>Full CROWN: the interval rule with the map the interval pass used (its statistics, never
    /// recomputed from the sweep's bounds).</summary>
    internal override SweepPosition Sweep(SweepPosition input, CrownTightening tightening)
    {
        var (scale, shift) = tightening.Pass.ChannelMap(this);
        var bounds = new IntervalBounds(ChannelAffine(input.Bounds.Centre, scale, shift), ChannelAffine(input.Bounds.Radius, scale.abs(), null));
        return new(bounds, input.Exactness, ToInputThrough(input, tightening.Pass));
    }

    internal override bool IsElementwise => true;

    /// <summary>A per-channel map: patch-form coefficients are scaled as they are (entries outside the map are zero,
    /// so the channel sums count the map only).</summary>
    internal override bool TakesPatches => true;
}
