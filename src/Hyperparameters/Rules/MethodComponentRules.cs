using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Rules;

/// <summary>
/// The method components that mean nothing for a model or a schedule (part of <see cref="TrialRules"/>): a BatchNorm
/// variant other than <c>full</c> on a model without BatchNorm layers, CROWN (training or final certification) on a
/// model with a layer that has no CROWN rule, and <c>bound: crown-ibp</c> where eps is full from the first batch
/// (warmup 0), which trains on IBP alone, or with <c>loss: mtl-ibp</c>, whose robust term is IBP's.
/// </summary>
public static class MethodComponentRules
{
    public static IEnumerable<SpecError> Check(TrialConfig trial, ModelFacts model)
    {
        var bn = trial.Get(Parameters.BatchNorm);
        if (bn != Parameters.BatchNorm.Default && !model.HasBatchNorm)
        {
            yield return new SpecError(Parameters.BatchNorm.Name, Echo.Escape(bn), $"full: {model.Name} has no BatchNorm layer, so a BatchNorm variant changes nothing");
        }

        var bound = trial.Get(Parameters.Bound);
        if (bound == "crown-ibp" && model.LayerWithoutCrownRule is { } layer)
        {
            yield return new SpecError(Parameters.Bound.Name, bound, $"ibp: {model.Name}'s {layer} layer has no CROWN rule, so CROWN-IBP cannot bound it");
        }
        else if (bound == "crown-ibp" && trial.Get(Parameters.Loss) == "mtl-ibp")
        {
            yield return new SpecError(Parameters.Bound.Name, bound, "ibp with loss mtl-ibp: MTL-IBP's robust term is the IBP loss (docs/method.md §9)");
        }
        else if (bound == "crown-ibp" && trial.Get(Parameters.Warmup) == 0)
        {
            yield return new SpecError(Parameters.Bound.Name, bound, "ibp with warmup 0: eps is full from the first batch, where CROWN-IBP's weight (eps_max - eps) / eps_max is 0 and it trains on IBP alone");
        }

        var certify = trial.Get(Parameters.FinalCertify);
        if (certify == "crown" && model.LayerWithoutCrownRule is { } uncertifiable)
        {
            yield return new SpecError(Parameters.FinalCertify.Name, certify, $"ibp: {model.Name}'s {uncertifiable} layer has no CROWN rule, so CROWN cannot certify it");
        }
    }
}
