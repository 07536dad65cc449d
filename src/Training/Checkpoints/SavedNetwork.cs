using Certsweep.Hyperparameters;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Checkpoints;

/// <summary>
/// A trained network read back from a certsweep checkpoint (which names its model, data set and eps) or from
/// a PyTorch state_dict file (for which the caller names the model and data set).
/// </summary>
public sealed class SavedNetwork : IDisposable
{
    private SavedNetwork(Network network, DatasetInfo dataset, int? epoch, double? eps, BatchNormVariant batchNorm)
    {
        Network = network;
        BatchNorm = batchNorm;
        Dataset = dataset;
        Epoch = epoch;
        TrainedEps = eps;
    }

    public Network Network { get; }

    /// <summary>The BatchNorm variant the network computes with: its trial's <c>bn</c> for a certsweep checkpoint (already
    /// applied to <see cref="Network"/>), the standard one for PyTorch files.</summary>
    public BatchNormVariant BatchNorm { get; }

    public DatasetInfo Dataset { get; }

    /// <summary>Epochs completed when a certsweep checkpoint was written; null for PyTorch files.</summary>
    public int? Epoch { get; }

    /// <summary>The eps the checkpoint's trial trained for; null for PyTorch files.</summary>
    public double? TrainedEps { get; }

    /// <summary>
    /// Loads <paramref name="path"/> onto <paramref name="device"/>. For a certsweep checkpoint
    /// <paramref name="model"/> and <paramref name="dataset"/> default to its trial's and must agree with them.
    /// </summary>
    /// <exception cref="ArgumentException">A PyTorch file without model or data set, or names that contradict the checkpoint.</exception>
    /// <exception cref="CheckpointException">A file that is missing, unreadable, or does not fit the model.</exception>
    public static SavedNetwork Load(string path, string? model, string? dataset, Device device)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"'{path}' does not exist.");
        }

        if (PyTorchStateDict.IsPyTorchFile(path))
        {
            if (model is null || dataset is null)
            {
                throw new ArgumentException($"'{path}' is a PyTorch file, which does not say what it holds: pass --model and --dataset (known models: {string.Join(", ", ModelZoo.Names)}).");
            }

            var info = DatasetCatalog.Describe(dataset);
            var network = ModelZoo.Create(model, info.Shape, info.Classes);
            try
            {
                PyTorchStateDict.Load(network, path);
                network.to(device);
                return new SavedNetwork(network, info, null, null, BatchNormVariant.Default);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        var state = TrainingCheckpoint.ReadState(path);
        var trial = state.Options.Trial;
        var trainedModel = trial.Get(Parameters.Model);
        var trainedOn = trial.Get(Parameters.Dataset);
        if (model is not null && model != trainedModel)
        {
            throw new ArgumentException($"'{path}' holds a {trainedModel}, not a {model}; leave --model out for a certsweep checkpoint.");
        }

        var checkpointInfo = DatasetCatalog.Describe(trainedOn);
        var evaluatedOn = dataset is null ? checkpointInfo : DatasetCatalog.Describe(dataset);
        if (evaluatedOn.Shape != checkpointInfo.Shape || evaluatedOn.Classes != checkpointInfo.Classes)
        {
            throw new ArgumentException(
                $"'{path}' was trained on {trainedOn} ({checkpointInfo.Shape}, {checkpointInfo.Classes} classes); {evaluatedOn.Name} has {evaluatedOn.Shape} images of {evaluatedOn.Classes} classes.");
        }

        var trained = ModelZoo.Create(trainedModel, checkpointInfo.Shape, checkpointInfo.Classes);
        try
        {
            TrainingCheckpoint.Read(path, trained, optimizer: null);
            trained.to(device);
            trained.Use(state.Options.BatchNorm);
            return new SavedNetwork(trained, evaluatedOn, state.CompletedEpochs, trial.Get(Parameters.Eps), state.Options.BatchNorm);
        }
        catch
        {
            trained.Dispose();
            throw;
        }
    }

    public void Dispose() => Network.Dispose();
}
