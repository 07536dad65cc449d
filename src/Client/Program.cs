using Certsweep.Client.Cli;

return await CommandLineRunner.InvokeAsync(Verbs.Root().Parse(args));
