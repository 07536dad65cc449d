using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Certsweep.Hyperparameters;
using TorchSharp;

namespace Certsweep.Training.Checkpoints;

/// <summary>
/// One checkpoint file: a magic, the <see cref="CheckpointState"/> as JSON, the model's state dictionary
/// and the optimizer's state, in TorchSharp's formats. Written to a temporary file in the same directory,
/// flushed to disk and renamed over the old one, so a crash leaves either the old or the new checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    private const string Magic = "CERTSWEEP-CHECKPOINT";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string path, CheckpointState state, torch.nn.Module model, torch.optim.Optimizer optimizer)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(state, Json));
                model.save(writer);
                ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            TrainingMeter.CheckpointWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads only the state, without weights.</summary>
    public static CheckpointState ReadState(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads weights and optimizer state into <paramref name="model"/> and <paramref name="optimizer"/>.</summary>
    public static CheckpointState Read(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer)
    {
        using var reader = Open(path);
        var state = ReadHeader(reader, path);
        try
        {
            model.load(reader);
            if (optimizer is not null)
            {
                ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException or IOException)
        {
            throw new CheckpointException($"Checkpoint '{path}' does not fit model '{state.Options.Get(Parameters.Model)}': {e.Message}", e);
        }

        return state;
    }

    /// <summary>Copies a checkpoint as <see cref="Write"/> writes one: a temporary file flushed to disk, then renamed.</summary>
    public static void Copy(string source, string destination)
    {
        var temporary = destination + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var from = File.OpenRead(source))
            using (var to = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                from.CopyTo(to);
                to.Flush(flushToDisk: true);
            }

            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"Checkpoint '{path}' does not exist.");
        }

        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    private static CheckpointState ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new CheckpointException($"'{path}' is not a certsweep checkpoint.");
            }

            var state = JsonSerializer.Deserialize<CheckpointState>(reader.ReadString(), Json)
                ?? throw new CheckpointException($"Checkpoint '{path}' has an empty header.");
            if (state.Format != CheckpointState.CurrentFormat)
            {
                throw new CheckpointException($"Checkpoint '{path}' has format {state.Format}; this version reads format {CheckpointState.CurrentFormat}.");
            }

            return state;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException or FormatException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupt or truncated: {e.Message}", e);
        }
    }
}
