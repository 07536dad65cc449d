using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using Certsweep.Training.Regularization;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Loop;

/// <summary>
/// The loss of one batch (docs/method.md §2, 4, 8 and 9): the natural cross-entropy while eps is 0, the robust loss
/// once eps > 0 (of the IBP margin bounds, or for <c>bound: crown-ibp</c> of <see cref="CrownIbpMix"/>'s; with loss
/// mtl-ibp, when training: the MTL-IBP loss), plus <c>lambda (1 - eps/eps_max)</c> times the warmup regularizers while
/// they are on; bounds use eps 1e-6 while the schedule is at 0 and regularizers are on.
/// </summary>
public sealed class CertifiedObjective
{
    /// <summary>Below this the reference trains naturally and computes no bounds for the loss.</summary>
    public const double NaturalEpsThreshold = 1e-50;

    private readonly Network _network;
    private readonly Normalization _normalization;
    private readonly TrainingOptions _options;
    private readonly MtlIbpLoss? _mtlIbp;

    public CertifiedObjective(Network network, Normalization normalization, TrainingOptions options)
    {
        _network = network;
        _normalization = normalization;
        _options = options;
        _mtlIbp = options.TrainingAttack is { } attack ? new MtlIbpLoss(options.Get(Parameters.Alpha), attack) : null;
    }

    /// <summary>Computes the loss (to backpropagate when training) and the batch's measurements.</summary>
    /// <param name="attackRandom">The source of the MTL-IBP training attack's random starts: given it, a trial whose loss
    /// is mtl-ibp takes the MTL-IBP loss once eps > 0; without it (the test pass) every trial's loss is IBP's.</param>
    public (Tensor Loss, BatchMeasurement Measurement) Evaluate(Tensor images, Tensor labels, double eps, bool regularize, Generator? attackRandom = null)
    {
        var robust = eps >= NaturalEpsThreshold;
        var withBounds = robust || regularize;
        var boundEps = !robust && regularize ? Math.Max(eps, TrainingOptions.MinRegularizerEps) : eps;
        var context = new PropagationContext();
        IntervalBounds? box;
        Tensor logits;
        Tensor? marginLower, mixedLoss = null, mixedRobustLoss = null;
        if (robust && _mtlIbp is not null && attackRandom is not null)
        {
            var mtl = _mtlIbp.Compute(_network, images, labels, eps, _normalization, attackRandom, context);
            (box, logits, marginLower, mixedLoss, mixedRobustLoss) = (mtl.Box, mtl.CleanLogits, mtl.MarginLower, mtl.Loss, mtl.RobustLoss);
        }
        else
        {
            box = withBounds ? InputBox.Around(images, boundEps, _normalization) : null;
            var output = _network.Evaluate(images, box, labels, context);
            (logits, marginLower) = (output.Logits!, output.MarginLower);
        }

        var natural = F.cross_entropy(logits, labels);
        var cleanWrong = logits.argmax(1).ne(labels).sum();
        Tensor? robustLoss = null, unverified = null, active = null, inactive = null;
        IReadOnlyList<StableNeurons>? stable = null;
        if (marginLower is { } ibpMargins)
        {
            var margins = mixedRobustLoss is null && robust && _options.BoundAt(eps) == BoundKind.CrownIbp
                ? CrownIbpMix.Lower(_network, box!, labels, context, ibpMargins, eps, _options.Get(Parameters.Eps))
                : ibpMargins;
            robustLoss = mixedRobustLoss ?? MarginBounds.RobustLoss(margins);
            unverified = MarginBounds.Verified(margins).logical_not().sum();
            stable = context.ReluInputs.Select(StableNeurons.Of).ToList();
            active = stack(stable.Select(s => s.ActiveShare)).mean();
            inactive = stack(stable.Select(s => s.InactiveShare)).mean();
        }

        var loss = robust ? mixedLoss ?? robustLoss! : natural;
        RegularizerTerms? terms = null;
        Tensor? weighted = null;
        if (regularize)
        {
            terms = WarmupRegularizer.Compute(box!, context.ReluInputs, stable!, _options.Get(Parameters.Tolerance));
            weighted = terms.Selected(_options.Get(Parameters.Regularizers)) * (_options.Get(Parameters.Lambda) * (1 - (eps / _options.Get(Parameters.Eps))));
            loss = loss + weighted;
        }

        var missing = full(1, double.NaN, ScalarType.Float64, device: images.device);
        Tensor Scalar(Tensor? t) => t is null ? missing : t.detach().to_type(ScalarType.Float64).reshape(1);
        var values = cat(new[]
        {
            Scalar(natural), Scalar(robustLoss), Scalar(loss), Scalar(terms?.Tightness), Scalar(terms?.ReluBalance),
            Scalar(weighted), Scalar(cleanWrong), Scalar(unverified), Scalar(active), Scalar(inactive),
        }).cpu().data<double>().ToArray();
        double? Optional(int index, bool present) => present ? values[index] : null;
        var measurement = new BatchMeasurement(
            labels.shape[0],
            values[0],
            Optional(1, withBounds),
            values[2],
            Optional(3, regularize),
            Optional(4, regularize),
            Optional(5, regularize),
            (long)values[6],
            withBounds ? (long)values[7] : null,
            Optional(8, withBounds),
            Optional(9, withBounds));
        return (loss, measurement);
    }
}
