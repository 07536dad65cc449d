using System.Collections;
using System.IO.Compression;
using System.Text;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using Certsweep.Training.Tests.Data;
using Certsweep.Training.Tests.Models;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Checkpoints;

/// <summary>
/// PyTorch interchange: files we write carry the reference's keys and shapes, in PyTorch's order, and read
/// back to the same weights; files PyTorch wrote (Fixtures/, made by make_pytorch_fixtures.py with PyTorch
/// 1.13) load into our model and give PyTorch's logits.
/// </summary>
public sealed class PyTorchStateDictTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Theory]
    [MemberData(nameof(ReferenceStateDicts.Models), MemberType = typeof(ReferenceStateDicts))]
    public void ExportedFileHoldsTheReferenceKeysShapesAndOrder(string model, string reference, int classes)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine(model + ".pt");
        using var network = ModelZoo.Create(model, classes == 200 ? new ImageShape(3, 64) : new ImageShape(3, 32), classes);

        PyTorchStateDict.Save(network, path);

        var expected = reference.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)).Select(p => (Key: p[0], Shape: p[1])).ToList();
        var table = PyTorchUnpickler.UnpickleStateDict(path);
        try
        {
            Assert.Equal(expected.Select(e => e.Key).Order(StringComparer.Ordinal), table.Keys.Cast<string>().Order(StringComparer.Ordinal));
            foreach (var (key, shape) in expected)
            {
                Assert.Equal(shape, "[" + string.Join(", ", ((Tensor)table[key]!).shape) + "]");
            }
        }
        finally
        {
            foreach (DictionaryEntry entry in table)
            {
                ((Tensor)entry.Value!).Dispose();
            }
        }

        Assert.Equal(expected.Select(e => e.Key), KeysInPickleOrder(path, expected.Select(e => e.Key)));
    }

    [Theory]
    [InlineData(PyTorchFileFormat.StateDict)]
    [InlineData(PyTorchFileFormat.ReferenceCheckpoint)]
    public void RoundTripRestoresEveryParameterAndBuffer(PyTorchFileFormat format)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("model.pt");
        using var source = Initialized(ResNeXt.Name, seed: 1);
        using var target = Initialized(ResNeXt.Name, seed: 2);

        PyTorchStateDict.Save(source, path, format, epoch: 4);
        PyTorchStateDict.Load(target, path);

        var expected = source.state_dict();
        foreach (var (key, tensor) in target.state_dict())
        {
            Assert.Equal(expected[key].shape, tensor.shape);
            Assert.True(tensor.eq(expected[key]).all().item<bool>(), $"{key} differs after the round trip");
        }
    }

    [Theory]
    [InlineData("cnn_4layer_bn.state_dict.pt")]
    [InlineData("cnn_4layer_bn.reference.pt")]
    public void FileWrittenByPyTorchGivesPyTorchsLogits(string file)
    {
        using var network = ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 4), 10);
        PyTorchStateDict.Load(network, Fixture(file));
        network.eval();

        var expected = PyTorchUnpickler.UnpickleStateDict(Fixture("cnn_4layer_bn.expected.pt"));
        using var input = (Tensor)expected["input"]!;
        using var logits = (Tensor)expected["logits"]!;
        using var noGrad = no_grad();
        var output = network.Evaluate(input, null, null, new PropagationContext()).Logits!;
        Assert.True(output.allclose(logits, rtol: 1e-4, atol: 1e-5), $"largest difference {(output - logits).abs().max().item<float>()}");
        Assert.Equal(8L, network.state_dict()["1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void FileOfAnotherModelIsOneErrorListingWhatDiffers()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("cnn.pt");
        using (var cnn = ModelZoo.Create(CnnSevenLayerBn.Name, new ImageShape(3, 32), 10))
        {
            PyTorchStateDict.Save(cnn, path);
        }

        using var wide = ModelZoo.Create(WideResNet.Name, new ImageShape(3, 32), 10);
        var error = Assert.Throws<CheckpointException>(() => PyTorchStateDict.Load(wide, path));
        Assert.Contains(path, error.Message);
        Assert.Contains("does not fit model 'wide_resnet_8'", error.Message);
        Assert.Contains("missing conv1.weight", error.Message);
        Assert.Matches("unexpected [^;]*0.weight", error.Message);

        using var cnnOnMnist = ModelZoo.Create(CnnSevenLayerBn.Name, new ImageShape(1, 28), 10);
        error = Assert.Throws<CheckpointException>(() => PyTorchStateDict.Load(cnnOnMnist, path));
        Assert.Contains("0.weight is [64, 3, 3, 3] in the file, [64, 1, 3, 3] in the model", error.Message);
    }

    [Fact]
    public void FileThatIsNoPyTorchFileIsAnError()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("junk.pt");
        File.WriteAllText(path, "not a zip");
        using var network = ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 4), 10);

        var error = Assert.Throws<CheckpointException>(() => PyTorchStateDict.Load(network, path));
        Assert.Contains(path, error.Message);
    }

    private static Network Initialized(string model, ulong seed)
    {
        var network = ModelZoo.Create(model, new ImageShape(3, 8), 10);
        using var generator = new Generator(seed);
        DefaultInitialization.Apply(network, generator);
        using var noGrad = no_grad();
        foreach (var norm in network.modules().OfType<BatchNormLayer>())
        {
            norm.RunningMean.normal_(0, 1, generator);
            norm.RunningVariance.uniform_(0.5, 2, generator);
        }

        return network;
    }

    /// <summary>The keys in the order the pickle stores them (each is a length-prefixed unicode string).</summary>
    private static List<string> KeysInPickleOrder(string path, IEnumerable<string> keys)
    {
        using var archive = ZipFile.OpenRead(path);
        using var stream = archive.Entries.Single(e => e.Name == "data.pkl").Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var pickle = buffer.ToArray();
        int PositionOf(string key)
        {
            var utf8 = Encoding.UTF8.GetBytes(key);
            var binUnicode = new byte[] { (byte)'X' }.Concat(BitConverter.GetBytes(utf8.Length)).Concat(utf8).ToArray();
            var shortBinUnicode = new byte[] { 0x8c, (byte)utf8.Length }.Concat(utf8).ToArray();
            var at = pickle.AsSpan().IndexOf(binUnicode);
            return at >= 0 ? at : pickle.AsSpan().IndexOf(shortBinUnicode);
        }

        return keys.Select(k => (Key: k, At: PositionOf(k))).Where(p => p.At >= 0).OrderBy(p => p.At).Select(p => p.Key).ToList();
    }
}
