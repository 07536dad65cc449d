namespace Certsweep.Client.Specs;

/// <summary>The JSON Schema of spec files (<c>schemas/sweep-spec.schema.json</c>, embedded for <c>spec schema</c>).
/// It is for editors; <see cref="SweepSpecBinder"/> and the validator decide. A test keeps them in step.</summary>
public static class SweepSpecSchema
{
    public const string ResourceName = "sweep-spec.schema.json";
}
