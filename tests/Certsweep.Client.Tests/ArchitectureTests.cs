namespace Certsweep.Client.Tests;

/// <summary>The CLI's layering (docs/cli.md, "A cluster-only CLI"): only src/Client/Local uses the trainer, the silo
/// hosting or TorchSharp, so every other verb works in a build without them.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] LocalOnly = ["Certsweep.Training", "Certsweep.Hosting", "Certsweep.Grains", "Certsweep.Silo", "TorchSharp", "Microsoft.AspNetCore"];

    [Fact]
    public void Only_the_local_verbs_folder_uses_the_trainer_or_the_hosting()
    {
        var client = Path.Combine(RepositoryFiles.Root, "src", "Client");
        var outside = Directory.EnumerateFiles(client, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.StartsWith(Path.Combine(client, "Local") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(outside);
        var offending = outside
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetRelativePath(client, f), Line: line.Trim())))
            .Where(l => l.Line.StartsWith("using ", StringComparison.Ordinal) && LocalOnly.Any(n => l.Line.Contains(n, StringComparison.Ordinal)))
            .Select(l => $"{l.File}: {l.Line}")
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void The_client_project_references_the_hosting_only_with_the_local_verbs()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "src", "Client", "Certsweep.Client.csproj"));
        Assert.DoesNotContain("Certsweep.Silo.csproj", project, StringComparison.Ordinal);
        Assert.Contains("<ItemGroup Condition=\"'$(LocalVerbs)' == 'true'\">\n    <ProjectReference Include=\"..\\Hosting\\Certsweep.Hosting.csproj\" />", project, StringComparison.Ordinal);
        Assert.Contains("<Compile Remove=\"Local\\**\" />", project, StringComparison.Ordinal);
    }
}
