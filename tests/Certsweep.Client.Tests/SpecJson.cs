using System.Text.Json;
using Certsweep.Client.Cli;

namespace Certsweep.Client.Tests;

/// <summary>Records compare lists by reference; their JSON compares them by value.</summary>
public static class SpecJson
{
    public static string Of<T>(T value) => JsonSerializer.Serialize(value, JsonOutput.Options);
}
