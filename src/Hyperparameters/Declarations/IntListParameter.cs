using System.Globalization;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>A list of integers, ascending and each at most once (e.g. <c>lr_milestones</c>); a single number counts
/// as a list of one.</summary>
public sealed class IntListParameter : Parameter<IReadOnlyList<int>>, IListParameter
{
    public IntListParameter(string name)
        : base(name)
    {
    }

    public required int ItemMin { get; init; }

    public required int ItemMax { get; init; }

    /// <summary>The most items a list may hold.</summary>
    public required int MaxCount { get; init; }

    /// <summary>The default for a trial whose other parameters are known (it may depend on them).</summary>
    public required Func<ParameterSet, IReadOnlyList<int>> DefaultFrom { get; init; }

    public required string DefaultDescription { get; init; }

    public string ItemAllowed => IntegerRange.Allowed(ItemMin, ItemMax, Unit);

    public override string Allowed => string.Create(CultureInfo.InvariantCulture,
        $"a list of at most {MaxCount} integers from {ItemMin} to {ItemMax}{(Unit is null ? string.Empty : $" ({Unit})")}, ascending, each once (possibly empty)");

    public override string DefaultText => DefaultDescription;

    public ParameterValue? ReadItem(WrittenScalar scalar) => IntegerRange.Read(scalar, ItemMin, ItemMax);

    /// <summary>The list of <paramref name="items"/> (each read by <see cref="ReadItem"/>), written as <paramref name="written"/>.</summary>
    public static ParameterValue FromItems(IEnumerable<ParameterValue> items, string written) =>
        ParameterValue.Of(items.Select(i => i.Integer).ToArray(), written);

    ParameterValue IListParameter.FromItems(IEnumerable<ParameterValue> items, string written) => FromItems(items, written);

    public override ParameterValue? Read(WrittenScalar scalar) =>
        ReadItem(scalar) is { } item ? ParameterValue.Of(new[] { item.Integer }, scalar.Text) : null;

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.IntegerList && value.IntegerList.Count <= MaxCount
        && value.IntegerList.All(i => i >= ItemMin && i <= ItemMax)
        && value.IntegerList.Zip(value.IntegerList.Skip(1)).All(pair => pair.First < pair.Second)
            ? null
            : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) => ParameterValue.Of(DefaultFrom(resolved));

    public override JsonObject ValueSchema() => new()
    {
        ["oneOf"] = new JsonArray(
            IntegerRange.Schema(ItemMin, ItemMax),
            new JsonObject
            {
                ["type"] = "array",
                ["maxItems"] = MaxCount,
                ["uniqueItems"] = true,
                ["items"] = IntegerRange.Schema(ItemMin, ItemMax),
            }),
    };

    public override IReadOnlyList<int> ValueOf(ParameterValue value) => value.IntegerList;

    public override ParameterValue ToValue(IReadOnlyList<int> value) => ParameterValue.Of(value);
}
