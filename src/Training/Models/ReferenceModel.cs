namespace Certsweep.Training.Models;

/// <summary>
/// The reference repository's model function with the same state-dictionary layout as one of ours, and what
/// that function fixes: its class count, and its input where a layer size is written for one (the Tiny-ImageNet
/// CNN's Linear(32768, 512) takes 3x64x64 only). Others follow <c>in_ch</c> and <c>in_dim</c>.
/// </summary>
public sealed record ReferenceModel(string Function, int Classes, ImageShape? Input = null)
{
    /// <summary>Why a file exported from <paramref name="network"/> would not load into <see cref="Function"/> as the
    /// reference defines it, or null when it would.</summary>
    public string? Mismatch(Network network)
    {
        var problems = new List<string>();
        if (network.Classes != Classes)
        {
            problems.Add($"{Classes} classes, this network {network.Classes}");
        }

        if (Input is { } input && network.Input != input)
        {
            problems.Add($"input {input}, this network {network.Input}");
        }

        return problems.Count == 0 ? null : $"the reference's {Function}() is defined for {string.Join("; ", problems)}";
    }
}
