using Certsweep.Grains.Devices;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Placement;
using Certsweep.Grains.Sweeps;
using Certsweep.Grains.Training;
using Certsweep.Grains.Trials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace Certsweep.Grains.Hosting;

public static class CertsweepGrainsSiloBuilderExtensions
{
    /// <summary>
    /// The services the certsweep grains need on a silo: its devices and slot table, its trial runs, the
    /// trainer (<see cref="IbpTrialTrainer"/> unless an <see cref="ITrialTrainer"/> is registered already),
    /// trial placement, the ledger reports, the graceful hand-back and the metrics (<see cref="CertsweepMeters"/>; with
    /// <see cref="MetricsOptions.Default"/> unless <see cref="MetricsOptions"/> are registered already) and the sweeps'
    /// trial limit (<see cref="SweepLimitOptions.Default"/> unless <see cref="SweepLimitOptions"/> are registered already). Grain storage
    /// <see cref="CertsweepStorage.Name"/>, clustering and exporting the metrics are the host's choice.
    /// </summary>
    public static ISiloBuilder AddCertsweepGrains(this ISiloBuilder silo, DeviceInventory devices, TrialExecutionOptions execution)
    {
        var services = silo.Services;
        services.AddSingleton(devices);
        services.AddSingleton(execution);
        services.AddSingleton<LocalDeviceSlots>();
        services.AddSingleton<LocalTrialRuns>();
        services.AddSingleton<TrainingThreads>();
        services.TryAddSingleton<ITrialTrainer, IbpTrialTrainer>();
        services.AddPlacementDirector<DeviceSlotPlacement, DeviceSlotPlacementDirector>();
        services.AddSingleton<SiloReporter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReporter>());
        services.AddSingleton<TrialHandback>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TrialHandback>());
        services.AddMetrics();
        services.TryAddSingleton(MetricsOptions.Default);
        services.TryAddSingleton(SweepLimitOptions.Default);
        services.AddSingleton<TrialMetrics>();
        services.AddSingleton<SweepMetrics>();
        services.AddSingleton<SiloMetrics>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloMetrics>());
        return silo;
    }
}
