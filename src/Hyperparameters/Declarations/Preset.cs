namespace Certsweep.Hyperparameters.Declarations;

/// <summary>A named bundle of parameter values (<c>fast</c> = IBP initialization and both warmup regularizers).</summary>
public sealed record Preset(string Name, string Doc, ParameterSet Components);
