using Certsweep.Client.Cli;

var code = await CommandLineRunner.InvokeAsync(Verbs.Root(args).Parse(args));

// A diagnostic (docs/cli.md): which assemblies a verb loaded and from where, one "name<TAB>path" a line, e.g. to
// check that the cluster verbs load no trainer and nothing of the ASP.NET Core shared framework.
if (Environment.GetEnvironmentVariable("CERTSWEEP_LOADED_ASSEMBLIES") is { Length: > 0 } loaded)
{
    File.WriteAllLines(loaded, AppDomain.CurrentDomain.GetAssemblies()
        .Select(a => $"{a.GetName().Name}\t{(a.IsDynamic ? string.Empty : a.Location)}")
        .Order(StringComparer.Ordinal));
}

return code;
