namespace Certsweep.Client.Connection;

/// <summary>One client setting's three names: its option, its environment variable (the silo's name for the same
/// setting, so a CLI run beside a silo, e.g. in its pod, finds the silo's files) and its config file key.</summary>
public sealed record ClientSetting(string Option, string Variable, string ConfigKey);
