using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Loop;

/// <summary>
/// One optimizer step on one batch (docs/method.md §5): the batch is split into <c>k</c> micro-batches whose
/// losses are backpropagated, the gradient norm is clipped, and the optimizer steps. Run it inside the
/// caller's dispose scope.
/// </summary>
public sealed class TrainingStep
{
    private readonly Network _network;
    private readonly optim.Optimizer _optimizer;
    private readonly CertifiedObjective _objective;
    private readonly int _accumulation;
    private readonly double _clipNorm;

    public TrainingStep(Network network, optim.Optimizer optimizer, CertifiedObjective objective, int accumulation, double clipNorm)
    {
        _network = network;
        _optimizer = optimizer;
        _objective = objective;
        _accumulation = accumulation;
        _clipNorm = clipNorm;
    }

    /// <summary>
    /// Trains on one batch and returns each micro-batch's measurement. A loss term that is NaN or infinite
    /// stops the step before any parameter changes (<see cref="TrainingDivergedException"/>).
    /// </summary>
    /// <param name="attackRandom">The MTL-IBP training attack's random source (<see cref="CertifiedObjective.Evaluate"/>).</param>
    public IReadOnlyList<BatchMeasurement> Run(Tensor images, Tensor labels, double eps, bool regularize, int epoch, int batch, Generator? attackRandom = null)
    {
        IReadOnlyList<BatchMeasurement> measurements;
        using (ScalarGarbage.Enter())
        {
            measurements = Step(images, labels, eps, regularize, epoch, batch, attackRandom);
        }

        ScalarGarbage.CollectBetweenSteps();
        return measurements;
    }

    private List<BatchMeasurement> Step(Tensor images, Tensor labels, double eps, bool regularize, int epoch, int batch, Generator? attackRandom)
    {
        _optimizer.zero_grad();
        var samples = images.shape[0];
        // Near-equal parts (sizes differ by at most one), so every micro-batch keeps two samples for
        // BatchNorm whenever the batch has 2k; each loss is weighted by its share of the batch, which is
        // the reference's 1/k when k divides the batch (the reference requires that).
        var imageParts = images.tensor_split(_accumulation);
        var labelParts = labels.tensor_split(_accumulation);
        var measurements = new List<BatchMeasurement>(_accumulation);
        for (var micro = 0; micro < imageParts.Length; micro++)
        {
            var (loss, measurement) = _objective.Evaluate(imageParts[micro], labelParts[micro], eps, regularize, attackRandom);
            if (measurement.FirstNonFinite() is { } bad)
            {
                throw new TrainingDivergedException(epoch, batch, bad.Term, bad.Value);
            }

            (loss / ((double)samples / measurement.Samples)).backward();
            measurements.Add(measurement);
        }

        nn.utils.clip_grad_norm_(_network.parameters(), _clipNorm);
        _optimizer.step();
        return measurements;
    }
}
