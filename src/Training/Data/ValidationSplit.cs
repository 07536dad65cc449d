namespace Certsweep.Training.Data;

/// <summary>
/// Which training samples are held out as the validation split (docs/method.md, "Selection"): the first
/// <c>size</c> positions of a permutation of the training set's indices drawn by Fisher-Yates from SplitMix64 with a
/// fixed seed. It depends on nothing but the training set's size and <c>size</c>, so every trial of a sweep (and of
/// any sweep on the same data set) holds out the same samples, whatever its own seed; the samples left train, in their
/// original order (<c>train_limit</c> then keeps the first N of them).
/// </summary>
public static class ValidationSplit
{
    /// <summary>The permutation's seed: a constant, so the split is the same everywhere.</summary>
    public const ulong Seed = 0x5E1EC7_1013;

    /// <summary>The held-out indices (ascending) of a training set of <paramref name="count"/> samples.</summary>
    public static long[] HeldOut(long count, int size)
    {
        if (size < 1 || size >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A validation split takes 1 to {count - 1} of {count} training samples.");
        }

        var order = new long[count];
        for (var i = 0L; i < count; i++)
        {
            order[i] = i;
        }

        var random = new SplitMix64(Seed);
        for (var i = 0L; i < size; i++)
        {
            var j = i + (long)(random.Next() % (ulong)(count - i));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var heldOut = order[..size];
        Array.Sort(heldOut);
        return heldOut;
    }

    /// <summary>
    /// <paramref name="split"/> with <paramref name="size"/> training samples held out as its validation split (not
    /// augmented, as a test set) and the rest training; the datasets given are disposed (replaced).
    /// </summary>
    public static DataSplit Apply(DataSplit split, int size)
    {
        var heldOut = HeldOut(split.Train.Count, size);
        var kept = new List<long>((int)(split.Train.Count - size));
        var next = 0;
        for (var i = 0L; i < split.Train.Count; i++)
        {
            if (next < heldOut.Length && heldOut[next] == i)
            {
                next++;
            }
            else
            {
                kept.Add(i);
            }
        }

        var validation = split.Train.Select(heldOut, Augmentation.None);
        var train = split.Train.Select(kept.ToArray(), split.Train.Augmentation);
        split.Train.Dispose();
        return new DataSplit(train, split.Test, validation);
    }
}
