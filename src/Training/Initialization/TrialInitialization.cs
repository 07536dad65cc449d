using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Initialization;

/// <summary>
/// The weights a trial starts from: the default initialization, then IBP initialization where the method
/// asks for it (docs/method.md §4), drawn from a generator derived from the trial's seed alone, so a trial, its
/// resume and the bound-width probe all see the same initial network for the same seed.
/// </summary>
public static class TrialInitialization
{
    private const long InitializationPurpose = 2;

    public static void Apply(Network network, bool ibpInitialization, long seed)
    {
        using var generator = new Generator(SplitMix64.Derive(seed, InitializationPurpose, 0));
        DefaultInitialization.Apply(network, generator);
        if (ibpInitialization)
        {
            IbpInitialization.Apply(network, generator);
        }
    }
}
