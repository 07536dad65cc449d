using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>A parameter whose value is a list written item by item (a single item counts as a list of one): readers
/// read each item, then the list as a whole.</summary>
public interface IListParameter
{
    /// <summary>What one item may be, in words.</summary>
    string ItemAllowed { get; }

    /// <summary>One item's value, or null when the scalar is not an allowed item.</summary>
    ParameterValue? ReadItem(WrittenScalar scalar);

    /// <summary>The list of <paramref name="items"/> (each read by <see cref="ReadItem"/>), written as <paramref name="written"/>.</summary>
    ParameterValue FromItems(IEnumerable<ParameterValue> items, string written);
}
