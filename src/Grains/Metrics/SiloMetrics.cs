using System.Diagnostics.Metrics;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Devices;
using Certsweep.Grains.Trials;
using Certsweep.Hyperparameters;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Certsweep.Grains.Metrics;

/// <summary>
/// Per-silo metrics: trials running and attempts ended here, device slots (total, busy), whether the silo is
/// draining, epoch durations, and GPU memory where the silo has CUDA devices (<see cref="GpuMemory"/>). The
/// observable gauges are registered when the silo becomes active, so they are exported before any trial runs.
/// </summary>
public sealed class SiloMetrics : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Meter _meter;
    private readonly LocalDeviceSlots _slots;
    private readonly LocalTrialRuns _runs;
    private readonly ILogger<SiloMetrics> _log;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _epochDuration;

    public SiloMetrics(IMeterFactory meters, LocalDeviceSlots slots, LocalTrialRuns runs, ILogger<SiloMetrics> log)
    {
        _meter = meters.Create(CertsweepMeters.Cluster);
        _slots = slots;
        _runs = runs;
        _log = log;
        _attempts = _meter.CreateCounter<long>("certsweep_silo_trial_attempts_total", null,
            "Trial attempts that ended on this silo, by outcome: completed, failed, diverged, cancelled, handed_back (graceful stop).");
        _epochDuration = _meter.CreateHistogram("certsweep_epoch_duration_seconds", "s",
            "Wall time of one epoch (training, test pass and checkpoint), by model, dataset and device.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200] });
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloMetrics), ServiceLifecycleStage.Active, _ =>
        {
            Observe();
            return Task.CompletedTask;
        });

    internal void AttemptEnded(TrialState outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome == TrialState.Pending ? "handed_back" : TrialMetrics.StateName(outcome)));

    internal void EpochRecorded(TrialConfig config, EpochResult epoch) =>
        _epochDuration.Record(epoch.EpochSeconds, new("model", config.Get(Parameters.Model)), new("dataset", config.Get(Parameters.Dataset)), new("device", epoch.Device));

    private void Observe()
    {
        _meter.CreateObservableGauge("certsweep_silo_trials_running", () => _runs.Count, null, "Trials training on this silo now.");
        _meter.CreateObservableGauge("certsweep_silo_draining", () => _runs.Draining ? 1 : 0, null,
            "1 while the silo is stopping gracefully (handing its trials back, taking no new ones), else 0.");
        _meter.CreateObservableGauge("certsweep_device_slots", () => _slots.Devices.Select(d => new Measurement<int>(d.Slots, Device(d.Name))), null,
            "Trial slots of each device of this silo.");
        _meter.CreateObservableGauge("certsweep_device_slots_busy", ObserveBusy, null, "Trial slots of each device that a trial holds now.");
        var cuda = _slots.Devices.Select(d => d.Name).Where(n => n.StartsWith("cuda:", StringComparison.Ordinal)).ToList();
        if (GpuMemory.Open(cuda, _log) is { } gpu)
        {
            _meter.CreateObservableGauge("certsweep_gpu_memory_used_bytes", () => gpu.Read().Select(g => new Measurement<long>((long)g.Used, Device(g.Device))), "By",
                "Memory in use on the GPU (all processes, as NVML reports it).");
            _meter.CreateObservableGauge("certsweep_gpu_memory_total_bytes", () => gpu.Read().Select(g => new Measurement<long>((long)g.Total, Device(g.Device))), "By",
                "Memory of the GPU.");
        }
    }

    private IEnumerable<Measurement<int>> ObserveBusy()
    {
        var busy = _slots.Occupants().GroupBy(o => o.Slot.Device).ToDictionary(g => g.Key, g => g.Count());
        return _slots.Devices.Select(d => new Measurement<int>(busy.GetValueOrDefault(d.Name), Device(d.Name)));
    }

    private static KeyValuePair<string, object?> Device(string name) => new("device", name);
}
