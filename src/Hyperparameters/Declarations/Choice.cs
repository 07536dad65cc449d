namespace Certsweep.Hyperparameters.Declarations;

/// <summary>One allowed value of a <see cref="ChoiceParameter"/> and what it means.</summary>
public sealed record Choice(string Name, string Doc);
