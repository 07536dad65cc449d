using Certsweep.Benchmarks;

// Benchmarks by name; each is its own class. Usage: certsweep-benchmarks <name> [options].
var benchmarks = new SortedDictionary<string, Func<IBenchmark>>(StringComparer.Ordinal)
{
    ["crown-certify"] = () => new CrownCertificationBenchmark(),
    ["ibp-step"] = () => new IbpStepBenchmark(),
    ["mtl-ibp-step"] = () => new MtlIbpStepBenchmark(),
    ["zoo-throughput"] = () => new ZooThroughputBenchmark(),
    ["scheduling"] = () => new SchedulingBenchmark(),
    ["asha-simulation"] = () => new AshaSimulationBenchmark(),
    ["soak"] = () => new SoakBenchmark(),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var create))
{
    if (args.Length > 0)
    {
        Console.Error.WriteLine($"error: unknown benchmark '{args[0]}'.");
    }

    Console.Error.WriteLine("usage: certsweep-benchmarks <name> [options]");
    foreach (var (name, factory) in benchmarks)
    {
        Console.Error.WriteLine($"  {name,-20} {factory().Description}");
    }

    return 2;
}

return create().Run(args[1..]);
