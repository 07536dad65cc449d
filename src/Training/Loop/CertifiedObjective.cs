using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using Certsweep.Training.Regularization;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Loop;

/// <summary>
/// The loss of one batch (docs/method.md §2 and 4): the natural cross-entropy while eps is 0, the robust loss
/// once eps > 0, plus <c>lambda (1 - eps/eps_max)</c> times the warmup regularizers while they are on; bounds
/// use eps 1e-6 while the schedule is at 0 and regularizers are on.
/// </summary>
public sealed class CertifiedObjective
{
    /// <summary>Below this the reference trains naturally and computes no bounds for the loss.</summary>
    public const double NaturalEpsThreshold = 1e-50;

    private readonly Network _network;
    private readonly Normalization _normalization;
    private readonly TrainingOptions _options;

    public CertifiedObjective(Network network, Normalization normalization, TrainingOptions options)
    {
        _network = network;
        _normalization = normalization;
        _options = options;
    }

    /// <summary>Computes the loss (to backpropagate when training) and the batch's measurements.</summary>
    public (Tensor Loss, BatchMeasurement Measurement) Evaluate(Tensor images, Tensor labels, double eps, bool regularize)
    {
        var robust = eps >= NaturalEpsThreshold;
        var withBounds = robust || regularize;
        var boundEps = !robust && regularize ? Math.Max(eps, TrainingOptions.MinRegularizerEps) : eps;
        var box = withBounds ? InputBox.Around(images, boundEps, _normalization) : null;
        var context = new PropagationContext();
        var output = _network.Evaluate(images, box, labels, context);
        var logits = output.Logits!;

        var natural = F.cross_entropy(logits, labels);
        var cleanWrong = logits.argmax(1).ne(labels).sum();
        Tensor? robustLoss = null, unverified = null, active = null, inactive = null;
        IReadOnlyList<StableNeurons>? stable = null;
        if (output.MarginLower is { } margins)
        {
            robustLoss = MarginBounds.RobustLoss(margins);
            unverified = MarginBounds.Verified(margins).logical_not().sum();
            stable = context.ReluInputs.Select(StableNeurons.Of).ToList();
            active = stack(stable.Select(s => s.ActiveShare)).mean();
            inactive = stack(stable.Select(s => s.InactiveShare)).mean();
        }

        var loss = robust ? robustLoss! : natural;
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
