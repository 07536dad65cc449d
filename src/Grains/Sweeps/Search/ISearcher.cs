namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// Chooses the point the next trial runs. The answer is a function of the searcher's seed, the observations and the
/// pending points alone (in the order given: the caller passes them in trial order), so a coordinator rebuilt after
/// a failover suggests what its predecessor would have.
/// </summary>
public interface ISearcher
{
    /// <param name="completed">Finished trials with their objectives.</param>
    /// <param name="pending">Points suggested earlier whose trials have not finished.</param>
    SearchPoint Next(IReadOnlyList<SearchObservation> completed, IReadOnlyList<SearchPoint> pending);
}
