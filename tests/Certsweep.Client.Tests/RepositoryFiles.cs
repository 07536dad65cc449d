namespace Certsweep.Client.Tests;

/// <summary>Paths of the real files the tests check: the examples, the schema, the built certsweep.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    public static string Schema => Path.Combine(Root, "schemas", "sweep-spec.schema.json");

    /// <summary>The certsweep build of the same configuration as this test assembly (Release under scripts/test.sh).</summary>
    public static string CertsweepDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(Root, "src", "Client", "bin", configuration, "net10.0", "certsweep.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the solution ({configuration}) first: {dll} is missing");
        }
    }

    public static IEnumerable<string> ExampleSpecs() =>
        Directory.EnumerateFiles(Examples).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Distributed.sln above {AppContext.BaseDirectory}");
    }
}
