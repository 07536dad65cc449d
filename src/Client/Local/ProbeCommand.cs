using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Certsweep.Client.Cli;
using Certsweep.Client.Reports;
using Certsweep.Training;
using Certsweep.Training.Data;
using Certsweep.Training.Models;
using Certsweep.Training.Probes;

namespace Certsweep.Client.Local;

/// <summary>
/// <c>certsweep probe init</c>: the paper's claim (a) on a model of the zoo, measured at initialization;
/// writes the table (Markdown, JSON) and the plot (PNG) to the output directory.
/// </summary>
public static class ProbeCommand
{
    public const string TableFile = "bound-width.md";
    public const string JsonFile = "bound-width.json";
    public const string PlotFile = "bound-width.png";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", ModelZoo.Names)}.", Required = true };
        var dataset = new Option<string>("--dataset") { Description = $"Data set the probe batch comes from: {string.Join(", ", DatasetCatalog.Names)}.", Required = true };
        var dataRoot = new Option<string?>("--data-root") { Description = "Directory holding data sets (DIR/<dataset>/...)." };
        var eps = new Option<double>("--eps") { Description = "Radius of the input box in raw pixel units (0, 1].", DefaultValueFactory = _ => 0.1 };
        var samples = new Option<int>("--samples") { Description = "Images in the probe batch (the first N training images).", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { Description = "Trial seed whose initial weights are measured.", DefaultValueFactory = _ => 1 };
        var batchNorm = new Option<BatchNormStatistics>("--batch-norm")
        {
            Description = "BatchNorm statistics: batch (training mode, the probe batch's mean and variance, as the first training step sees them) or running (eval mode; the identity at initialization).",
            DefaultValueFactory = _ => BatchNormStatistics.Batch,
        };
        var output = new Option<string?>("--out") { Description = "Directory for bound-width.md, .json and .png (default runs/probe-init/<model>-<dataset>-seed<seed>)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

        var init = new Command("init", "Mean bound width after every layer at initialization, standard vs IBP init (the paper's claim (a)).")
        {
            model, dataset, dataRoot, eps, samples, seed, batchNorm, output, device,
        };
        init.SetAction(parse =>
        {
            var modelName = parse.GetValue(model)!;
            var datasetName = parse.GetValue(dataset)!;
            var directory = parse.GetValue(output) ?? Path.Combine("runs", "probe-init", $"{modelName}-{datasetName}-seed{parse.GetValue(seed)}");
            return Run(modelName, datasetName, parse.GetValue(dataRoot), parse.GetValue(eps), parse.GetValue(samples), parse.GetValue(seed),
                parse.GetValue(batchNorm), directory, parse.GetValue(GlobalOptions.Output) == OutputFormat.Json, parse.GetValue(device)!);
        });

        return new Command("probe", "Measurements of a model outside training.") { init };
    }

    private static int Run(
        string model, string dataset, string? dataRoot, double eps, int samples, int seed, BatchNormStatistics batchNorm,
        string directory, bool json, string deviceName)
    {
        if (!ModelZoo.Contains(model))
        {
            Console.Error.WriteLine($"error: unknown model '{model}'; known models: {string.Join(", ", ModelZoo.Names)}.");
            return ExitCodes.InvalidInput;
        }

        if (!DatasetCatalog.Contains(dataset))
        {
            Console.Error.WriteLine($"error: unknown dataset '{dataset}'; known datasets: {string.Join(", ", DatasetCatalog.Names)}.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            var device = DeviceSelection.Parse(deviceName);
            using var data = DatasetCatalog.Load(new DatasetRequest(dataset, dataRoot, TrainLimit: samples, TestLimit: 2));
            var profile = BoundWidthProbe.Measure(model, data.Train, eps, samples, seed, batchNorm, device);
            Directory.CreateDirectory(directory);
            var table = BoundWidthTable.ToMarkdown(profile);
            File.WriteAllText(Path.Combine(directory, TableFile), table);
            File.WriteAllText(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(profile, Json));
            BoundWidthChart.Write(profile, Path.Combine(directory, PlotFile));
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { profile, directory, files = new[] { TableFile, JsonFile, PlotFile } }, Json));
            }
            else
            {
                Console.Write(table);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {TableFile}, {JsonFile} and {PlotFile} to {directory}"));
            }

            return ExitCodes.Success;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Unavailable;
        }
    }
}
