using Certsweep.Hyperparameters.Documents;

namespace Certsweep.Client.Tests.Specs;

/// <summary>The committed files generated from the parameter declarations are up to date (scripts/regenerate.sh
/// rewrites them after a declaration changes).</summary>
public sealed class GeneratedDocumentTests
{
    [Fact]
    public void The_committed_schema_is_the_one_the_declarations_generate() =>
        Assert.True(SpecSchema.Text() == File.ReadAllText(RepositoryFiles.Schema),
            "schemas/sweep-spec.schema.json is not what the declarations generate; run scripts/regenerate.sh");

    [Fact]
    public void The_reference_table_in_docs_cli_md_is_the_one_the_declarations_generate() =>
        Assert.True(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "cli.md")).Contains(ParameterReference.Markdown(), StringComparison.Ordinal),
            "docs/cli.md's parameter reference is not what the declarations generate; run scripts/regenerate.sh");
}
