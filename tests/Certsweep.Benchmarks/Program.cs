using Certsweep.Benchmarks;

if (args is ["scheduling", ..]) return await SchedulingBenchmark.RunAsync(args[1..]);
Console.Error.WriteLine("usage: certsweep-benchmarks <name>  (names: scheduling)");
return 2;
