namespace Certsweep.Hyperparameters.Declarations;

/// <summary>
/// Keys written together under one mapping (<c>schedule: {kind, start}</c>). An optional group is off unless the
/// spec writes it (<c>early_stopping: {}</c> turns it on with its defaults, <c>null</c> or leaving it out keeps it
/// off); then none of its parameters is in the trial.
/// </summary>
public sealed record ParameterGroup(string Name, string Doc, bool Optional = false);
