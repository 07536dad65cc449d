using Certsweep.Training.Checkpoints;

namespace Certsweep.Client.Local;

/// <summary>What <c>certsweep export --output json</c> prints: what was written where, and how the reference code
/// loads it (<see cref="Loading"/>) or why it cannot as is (<see cref="Warning"/>).</summary>
public sealed record ExportResult(
    string Checkpoint,
    string Out,
    string Model,
    long Parameters,
    int? Epoch,
    string Dataset,
    PyTorchFileFormat Format,
    string? ReferenceFunction,
    string? Loading,
    string? Warning);
