namespace Certsweep.Training.Schedules;

/// <summary>
/// auto_LiRPA's LinearScheduler: from epoch <c>start</c>, each epoch e ramps linearly within its batches
/// from <c>(e-start)/length</c> to <c>(e-start+1)/length</c> of eps_max (both capped); zero before.
/// </summary>
public sealed class LinearEpsSchedule : IEpsSchedule
{
    private readonly int _start;
    private readonly int _length;

    public LinearEpsSchedule(double epsMax, int start, int length, int batchesPerEpoch)
    {
        if (start < 1 || length < 0 || batchesPerEpoch < 1)
        {
            throw new ArgumentException($"The linear schedule needs start >= 1, length >= 0 and at least one batch per epoch (got start={start}, length={length}, batches={batchesPerEpoch}).");
        }

        EpsMax = epsMax;
        _start = start;
        _length = length;
        BatchesPerEpoch = batchesPerEpoch;
    }

    public double EpsMax { get; }

    public int BatchesPerEpoch { get; }

    public double EpsAt(long step)
    {
        var epoch = step / BatchesPerEpoch + 1;
        var batch = step % BatchesPerEpoch;
        if (epoch < _start)
        {
            return 0;
        }

        if (_length == 0)
        {
            return EpsMax;
        }

        var perEpoch = EpsMax / _length;
        var epochStart = Math.Min((epoch - _start) * perEpoch, EpsMax);
        var epochEnd = Math.Min((epoch - _start + 1) * perEpoch, EpsMax);
        return epochStart + (epochEnd - epochStart) / BatchesPerEpoch * batch;
    }
}
