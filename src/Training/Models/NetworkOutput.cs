using static TorchSharp.torch;

namespace Certsweep.Training.Models;

/// <summary>Result of one joint pass: clean logits [B, K] and/or margin lower bounds [B, K-1].</summary>
public sealed record NetworkOutput(Tensor? Logits, Tensor? MarginLower);
