namespace Certsweep.Client.Specs;

public enum SpecFormat
{
    Yaml,
    Json,
}
