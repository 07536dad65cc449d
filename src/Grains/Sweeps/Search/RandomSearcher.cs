namespace Certsweep.Grains.Sweeps.Search;

/// <summary>Random search: trial <c>i</c> (counting completed and pending trials) gets a point drawn from stream
/// <c>i</c> of the seed, every dimension from its own distribution.</summary>
public sealed class RandomSearcher(SearchSpace space, int seed) : ISearcher
{
    public SearchPoint Next(IReadOnlyList<SearchObservation> completed, IReadOnlyList<SearchPoint> pending) =>
        space.Draw(new SearchRandom(seed, completed.Count + pending.Count));
}
