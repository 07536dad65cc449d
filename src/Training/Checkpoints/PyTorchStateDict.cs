using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using Certsweep.Training.Models;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Certsweep.Training.Checkpoints;

/// <summary>
/// A network's weights as a PyTorch file (<c>torch.save</c>'s zip format, written and read with
/// TorchSharp.PyBridge). Keys are the reference model's state-dictionary keys, in PyTorch's order (module by
/// module, parameters then buffers), so <c>model.load_state_dict(torch.load(path))</c> works on the reference
/// model of the same name. <see cref="PyTorchFileFormat.ReferenceCheckpoint"/> wraps them as the reference's
/// <c>train.py --load</c> expects (<c>{"state_dict": ..., "epoch": n}</c>). Reading accepts both.
/// </summary>
public static class PyTorchStateDict
{
    private const string StateDictKey = "state_dict";
    private const string EpochKey = "epoch";

    /// <summary>Writes the weights (copied to the CPU: PyBridge cannot save device tensors) atomically.</summary>
    public static void Save(Network network, string path, PyTorchFileFormat format = PyTorchFileFormat.StateDict, int epoch = 0)
    {
        using var scope = NewDisposeScope();
        var weights = new OrderedDictionary(StringComparer.Ordinal);
        foreach (var (key, tensor) in InPyTorchOrder(network, string.Empty))
        {
            weights.Add(key, tensor.detach().cpu().contiguous());
        }

        IDictionary content = weights;
        if (format == PyTorchFileFormat.ReferenceCheckpoint)
        {
            content = new OrderedDictionary(StringComparer.Ordinal) { { StateDictKey, weights }, { EpochKey, epoch } };
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                PyTorchPickler.PickleStateDict(stream, content, leaveOpen: true);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Loads weights from a PyTorch file into <paramref name="network"/> (on whatever device it is). Every key
    /// and shape must match; otherwise one <see cref="CheckpointException"/> lists what differs.
    /// </summary>
    public static void Load(Network network, string path)
    {
        var loaded = Read(path);
        try
        {
            var target = network.state_dict();
            var problems = new List<string>();
            var missing = target.Keys.Where(k => !loaded.ContainsKey(k)).ToList();
            var unexpected = loaded.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"missing {Some(missing)}");
            }

            if (unexpected.Count > 0)
            {
                problems.Add($"unexpected {Some(unexpected)}");
            }

            var shapes = target.Keys.Where(loaded.ContainsKey)
                .Where(k => !SameShape(loaded[k].shape, target[k].shape))
                .Select(k => $"{k} is [{string.Join(", ", loaded[k].shape)}] in the file, [{string.Join(", ", target[k].shape)}] in the model")
                .ToList();
            if (shapes.Count > 0)
            {
                problems.Add("different shapes: " + Some(shapes));
            }

            if (problems.Count > 0)
            {
                throw new CheckpointException(
                    $"'{path}' does not fit model '{network.Architecture}' ({network.Input} inputs, {network.Classes} classes): {string.Join("; ", problems)}. " +
                    "Pass the --model (and --dataset) the weights were trained for.");
            }

            using var noGrad = no_grad();
            foreach (var (key, destination) in target)
            {
                destination.copy_(loaded[key].reshape(destination.shape));
            }
        }
        finally
        {
            foreach (var tensor in loaded.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> starts like a zip archive, as <c>torch.save</c>'s files do.</summary>
    public static bool IsPyTorchFile(string path)
    {
        Span<byte> signature = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Read(signature) == 4 && signature.SequenceEqual("PK\u0003\u0004"u8);
    }

    /// <summary>The state dictionary of a PyTorch file, plain or wrapped under "state_dict".</summary>
    private static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"PyTorch file '{path}' does not exist.");
        }

        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (NotImplementedException e)
        {
            throw new CheckpointException($"'{path}' cannot be read as a PyTorch state_dict: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidCastException or IOException or Razorvine.Pickle.PickleException or InvalidOperationException or ArgumentException)
        {
            throw new CheckpointException($"'{path}' is not a PyTorch file saved with torch.save (zip format) holding a state_dict: {e.Message}", e);
        }

        if (table[StateDictKey] is Hashtable wrapped)
        {
            table = wrapped;
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor tensor)
            {
                result[key] = tensor;
            }
        }

        if (result.Count == 0)
        {
            throw new CheckpointException($"'{path}' holds no tensors under string keys; expected a state_dict (torch.save(model.state_dict(), path)).");
        }

        return result;
    }

    /// <summary>PyTorch's state_dict order: a module's own parameters, then its persistent buffers, then its
    /// children in registration order, depth first.</summary>
    private static IEnumerable<(string Key, Tensor Tensor)> InPyTorchOrder(nn.Module module, string prefix)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            yield return (prefix + name, parameter);
        }

        foreach (var (name, buffer) in module.named_buffers(recurse: false, include_nonpersistent: false))
        {
            yield return (prefix + name, buffer);
        }

        foreach (var (name, child) in module.named_children())
        {
            foreach (var entry in InPyTorchOrder(child, prefix + name + "."))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Equal shapes; a one-element tensor fits a scalar (older writers store scalars as [1]).</summary>
    private static bool SameShape(long[] file, long[] model) =>
        file.SequenceEqual(model) || (model.Length == 0 && file.Aggregate(1L, (a, b) => a * b) == 1);

    private static string Some(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(8)) + (items.Count > 8 ? string.Create(CultureInfo.InvariantCulture, $" and {items.Count - 8} more") : string.Empty);
}
