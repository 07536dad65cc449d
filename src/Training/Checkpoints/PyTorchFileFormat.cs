namespace Certsweep.Training.Checkpoints;

/// <summary>What a PyTorch file written by <see cref="PyTorchStateDict.Save"/> holds.</summary>
public enum PyTorchFileFormat
{
    /// <summary>The state_dict itself: <c>model.load_state_dict(torch.load(path))</c>.</summary>
    StateDict,

    /// <summary>The reference's checkpoint layout, <c>{"state_dict": ..., "epoch": n}</c>, for its
    /// <c>train.py --load path</c> (e.g. with <c>--verify</c>).</summary>
    ReferenceCheckpoint,
}
