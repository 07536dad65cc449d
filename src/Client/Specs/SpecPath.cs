namespace Certsweep.Client.Specs;

/// <summary>Field paths as errors show them: <c>axes.warmup[1].start</c>; the empty path is the whole spec.</summary>
public static class SpecPath
{
    public const string Root = "";

    public static string Key(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    public static string Display(string path) => path.Length == 0 ? "spec" : path;

    /// <summary>The path one level up: <c>axes.lambda[1]</c> gives <c>axes.lambda</c>, <c>axes.lambda</c> gives
    /// <c>axes</c>; the root has no parent.</summary>
    public static string? Parent(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? Root : path[..cut];
    }

    /// <summary>Whether one path lies inside the other (or they are equal).</summary>
    public static bool Related(string a, string b) => IsWithin(a, b) || IsWithin(b, a);

    private static bool IsWithin(string inner, string outer) =>
        outer.Length == 0 || inner == outer || (inner.StartsWith(outer, StringComparison.Ordinal) && inner[outer.Length] is '.' or '[');
}
