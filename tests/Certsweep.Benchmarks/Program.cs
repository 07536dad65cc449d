Console.Error.WriteLine("usage: certsweep-benchmarks <name>");
return 2;
