using System.Diagnostics.CodeAnalysis;
using Certsweep.Grains.Trials;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainDirectory;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Runtime.GrainDirectory;

namespace Certsweep.Grains.Hosting;

/// <summary>
/// Puts trial grains in their own grain directory, <see cref="Name"/>, which the host registers (Redis, on a
/// Redis cluster). Orleans' default directory is spread over the silos, and when a silo leaves, every activation
/// whose entry it held is deactivated, wherever it runs: a running trial on a healthy silo would be suspended and
/// moved. Entries in a directory outside the silos outlive any one silo, so a trial's activation ends only with its
/// own silo. Resolved by class rather than by <c>[GrainDirectory]</c> so that clusters without a shared store (the
/// embedded one, localhost clustering) keep the default directory.
/// </summary>
public sealed class TrialGrainDirectory(IServiceProvider services) : IGrainDirectoryResolver
{
    public const string Name = "trials";

    private static readonly string TrialGrainClass = typeof(TrialGrain).FullName!;

    public bool TryResolveGrainDirectory(GrainType grainType, GrainProperties? properties, [NotNullWhen(true)] out IGrainDirectory? grainDirectory)
    {
        if (properties is not null
            && properties.Properties.TryGetValue(WellKnownGrainTypeProperties.FullTypeName, out var grainClass)
            && grainClass == TrialGrainClass)
        {
            grainDirectory = services.GetRequiredKeyedService<IGrainDirectory>(Name);
            return true;
        }

        grainDirectory = null;
        return false;
    }
}
