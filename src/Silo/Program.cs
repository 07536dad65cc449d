using Certsweep.Hosting;
using Certsweep.Silo.Hosting;

if (args.Any(a => a is "-h" or "--help"))
{
    Console.WriteLine(CertsweepSiloHost.HelpText);
    return 0;
}

if (CertsweepSiloHost.FindUnknownSwitch(args) is { } unknown)
{
    Console.Error.WriteLine($"error: unknown option '{unknown}'; see certsweep-silo --help.");
    return 2;
}

try
{
    var app = SiloWebApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
