namespace Certsweep.Training.Schedules;

/// <summary>
/// auto_LiRPA's SmoothedScheduler (from DeepMind's IBP code), docs/method.md §3: zero until
/// <c>init = (start-1)E</c>; polynomial <c>alpha (s-init)^beta</c> up to <c>midStep</c>, with alpha chosen so
/// the slope there equals that of the straight line to <c>eps_max</c> at <c>final = (start+length-1)E</c>;
/// then that line, capped at <c>eps_max</c>.
/// </summary>
public sealed class SmoothedEpsSchedule : IEpsSchedule
{
    private readonly long _init;
    private readonly long _final;
    private readonly long _mid;
    private readonly double _alpha;
    private readonly double _midValue;
    private readonly double _beta;

    public SmoothedEpsSchedule(double epsMax, int start, int length, int batchesPerEpoch, double mid = 0.25, double beta = 4.0)
    {
        if (start < 1 || length < 1 || batchesPerEpoch < 1)
        {
            throw new ArgumentException($"The smoothed schedule needs start >= 1, length >= 1 and at least one batch per epoch (got start={start}, length={length}, batches={batchesPerEpoch}).");
        }

        if (beta < 2 || mid < 0 || mid > 1)
        {
            throw new ArgumentException($"The smoothed schedule needs beta >= 2 and 0 <= mid <= 1 (got beta={beta}, mid={mid}).");
        }

        EpsMax = epsMax;
        BatchesPerEpoch = batchesPerEpoch;
        _beta = beta;
        _init = (long)(start - 1) * batchesPerEpoch;
        _final = (long)(start + length - 1) * batchesPerEpoch;
        _mid = (long)Math.Floor((_final - _init) * mid) + _init;
        if (_mid > _init)
        {
            var t = Math.Pow(_mid - _init, beta - 1);
            _alpha = epsMax / ((_final - _mid) * beta * t + (_mid - _init) * t);
            _midValue = _alpha * Math.Pow(_mid - _init, beta);
        }

        // With mid == init the reference divides by zero; the polynomial part is then empty and the
        // schedule is the straight line from 0 at init to eps_max at final.
    }

    public double EpsMax { get; }

    public int BatchesPerEpoch { get; }

    public double EpsAt(long step)
    {
        if (step <= _init)
        {
            return 0;
        }

        if (step < _mid)
        {
            return _alpha * Math.Pow(step - _init, _beta);
        }

        if (_final == _mid)
        {
            // mid = 1: the polynomial reaches eps_max at the final step; there is no line (the reference
            // divides by zero here).
            return EpsMax;
        }

        return Math.Min(_midValue + (EpsMax - _midValue) * (step - _mid) / (_final - _mid), EpsMax);
    }
}
