using System.Text.Json;
using Certsweep.Client.Commands;
using Certsweep.Client.Local;
using Certsweep.Hyperparameters;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;

namespace Certsweep.Client.Tests.Commands;

/// <summary>A one-epoch trial on the synthetic set, then its checkpoint through export and eval.</summary>
public sealed class ExportEvalCommandTests
{
    [Fact]
    public async Task ExportedFileEvaluatesExactlyLikeItsCheckpoint()
    {
        using var directory = new TemporaryDirectory();
        var checkpoint = Train(directory.Combine("run"));
        var exported = directory.Combine("model.pt");

        var export = await CommandRunner.RunAsync(ExportCommand.Create(), "export", checkpoint, "--out", exported);
        Assert.Equal(ExitCodes.Success, export.Code);
        Assert.True(PyTorchStateDict.IsPyTorchFile(exported));
        Assert.Contains("exported cnn_4layer_bn", export.Output);

        var fromCheckpoint = await CommandRunner.RunAsync(EvalCommand.Create(), "eval", checkpoint, "--test-limit", "100", "--device", "cpu");
        var fromFile = await CommandRunner.RunAsync(EvalCommand.Create(),
            "eval", exported, "--model", "cnn_4layer_bn", "--dataset", "synthetic", "--eps", "0.05", "--test-limit", "100", "--device", "cpu");

        Assert.Equal(ExitCodes.Success, fromCheckpoint.Code);
        Assert.Equal(ExitCodes.Success, fromFile.Code);
        Assert.Matches(@"^cnn_4layer_bn on synthetic test \(100 samples\) at eps 0\.05 \(CPU\): clean error \d+\.\d\d%\n  ibp       verified error \d+\.\d\d%", fromFile.Output.ReplaceLineEndings("\n"));
        Assert.Equal(Errors(fromCheckpoint.Output), Errors(fromFile.Output));
    }

    [Fact]
    public async Task TheLoadingHintNamesTheReferenceFunctionOnlyWhereItsFixedShapesFit()
    {
        using var directory = new TemporaryDirectory();

        // The reference's cnn() follows in_ch and in_dim and has 10 classes, as the synthetic set does.
        var fits = await CommandRunner.RunAsync(ExportCommand.Create(), "export", Train(directory.Combine("cnn"), CnnSevenLayerBn.Name), "--out", directory.Combine("cnn.pt"));
        Assert.Equal(ExitCodes.Success, fits.Code);
        Assert.Contains("model = cnn(in_ch=1, in_dim=16); model.load_state_dict(torch.load('cnn.pt'))", fits.Output);
        Assert.DoesNotContain("warning", fits.Error);

        // Its Tiny-ImageNet CNN is written for 200 classes and 3x64x64 inputs (Linear(32768, 512)).
        var differs = await CommandRunner.RunAsync(ExportCommand.Create(),
            "export", Train(directory.Combine("imagenet"), CnnSevenLayerBn.ImageNetName), "--out", directory.Combine("imagenet.pt"));
        Assert.Equal(ExitCodes.Success, differs.Code);
        Assert.True(File.Exists(directory.Combine("imagenet.pt")));
        Assert.Contains("warning: the reference's cnn_7layer_bn_imagenet() is defined for 200 classes, this network 10; input 3x64x64, this network 1x16x16", differs.Error);
        Assert.DoesNotContain("in the reference repository", differs.Output);
    }

    [Fact]
    public async Task PyTorchFileWithoutModelIsInvalidInputAndMissingFileUnavailable()
    {
        using var directory = new TemporaryDirectory();
        var exported = directory.Combine("model.pt");
        using (var network = ModelZoo.Create(CnnFourLayerBn.Name, SyntheticDataset.Shape, 10))
        {
            PyTorchStateDict.Save(network, exported);
        }

        var (code, _, error) = await CommandRunner.RunAsync(EvalCommand.Create(), "eval", exported, "--eps", "0.1");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("pass --model and --dataset", error);

        (code, _, error) = await CommandRunner.RunAsync(ExportCommand.Create(), "export", directory.Combine("nope"), "--out", exported);
        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public async Task Train_and_export_print_one_json_document_with_output_json()
    {
        using var directory = new TemporaryDirectory();
        var run = directory.Combine("run");
        var train = await CommandRunner.RunAsync(TrainCommand.Create(),
            "train", "--dataset", "synthetic", "--train-limit", "64", "--test-limit", "16", "--model", "cnn_4layer_bn", "--eps", "1/255",
            "--epochs", "2", "--warmup", "1", "--batch-size", "32", "--out", run, "--output", "json");

        Assert.Equal(ExitCodes.Success, train.Code);
        using (var document = JsonDocument.Parse(train.Output))
        {
            var root = document.RootElement;
            Assert.Equal(("completed", 2, 2), (root.GetProperty("outcome").GetString(), root.GetProperty("completed_epochs").GetInt32(), root.GetProperty("epochs").GetArrayLength()));
            Assert.Equal(1.0 / 255, root.GetProperty("trial").GetProperty("eps").GetDouble(), 12);
            Assert.Equal(2, root.GetProperty("batches_per_epoch").GetInt32());
            Assert.Equal(Path.Combine(run, IbpTrainer.LastCheckpointName), root.GetProperty("last_checkpoint").GetString());
            Assert.Equal(2, root.GetProperty("best").GetProperty("epoch").GetInt32());
        }

        // The epoch lines are progress on stderr, not part of the document.
        Assert.Contains("epoch 2/2", train.Error, StringComparison.Ordinal);

        var export = await CommandRunner.RunAsync(ExportCommand.Create(), "export", Path.Combine(run, IbpTrainer.LastCheckpointName), "--out", directory.Combine("m.pt"), "--output", "json");
        Assert.Equal(ExitCodes.Success, export.Code);
        using (var document = JsonDocument.Parse(export.Output))
        {
            var root = document.RootElement;
            Assert.Equal(("cnn_4layer_bn", 2, "synthetic", "state_dict"),
                (root.GetProperty("model").GetString(), root.GetProperty("epoch").GetInt32(), root.GetProperty("dataset").GetString(), root.GetProperty("format").GetString()));
            Assert.Equal(directory.Combine("m.pt"), root.GetProperty("out").GetString());
        }
    }

    /// <summary>The error figures of eval's text output, without its timings.</summary>
    private static string Errors(string output) => System.Text.RegularExpressions.Regex.Replace(output, @" \(\d+\.\ds\)", string.Empty);

    [Fact]
    public async Task Eval_certifies_with_each_bound_side_by_side_in_json_and_image_by_image()
    {
        using var directory = new TemporaryDirectory();
        var checkpoint = Train(directory.Combine("run"));
        var perImage = directory.Combine("images.csv");
        var eval = await CommandRunner.RunAsync(EvalCommand.Create(),
            "eval", checkpoint, "--bound", "ibp,crown-ibp", "--bound", "crown", "--test-limit", "40", "--batch-size", "16", "--device", "cpu",
            "--per-image", perImage, "--output", "json");
        Assert.True(eval.Code == ExitCodes.Success, $"eval exited {eval.Code}: {eval.Error}");

        using var document = JsonDocument.Parse(eval.Output);
        var root = document.RootElement;
        Assert.Equal(("cnn_4layer_bn", "synthetic", 40L, perImage),
            (root.GetProperty("model").GetString(), root.GetProperty("dataset").GetString(), root.GetProperty("samples").GetInt64(), root.GetProperty("per_image").GetString()));
        var bounds = root.GetProperty("bounds").EnumerateArray().ToDictionary(b => b.GetProperty("bound").GetString()!, b => b);
        Assert.Equal(["ibp", "crown-ibp", "crown"], bounds.Keys);
        double Verified(string kind) => bounds[kind].GetProperty("verified_error").GetDouble();
        Assert.InRange(Verified("crown"), root.GetProperty("clean_error").GetDouble(), Verified("ibp"));

        var rows = File.ReadAllLines(perImage);
        Assert.Equal("index,label,prediction,ibp_certified,ibp_margin,crown-ibp_certified,crown-ibp_margin,crown_certified,crown_margin", rows[0]);
        Assert.Equal(41, rows.Length);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), cells.Select(c => c[0]));
        foreach (var (kind, column) in new[] { ("ibp", 3), ("crown-ibp", 5), ("crown", 7) })
        {
            Assert.Equal(bounds[kind].GetProperty("certified").GetInt64(), cells.Count(c => c[column] == "1"));
            Assert.All(cells, c => Assert.Equal(c[column] == "1", c[1] == c[2] && double.Parse(c[column + 1], System.Globalization.CultureInfo.InvariantCulture) >= 0));
        }

        // Full CROWN is never looser than IBP image by image on this network's margins.
        Assert.All(cells, c => Assert.True(
            double.Parse(c[8], System.Globalization.CultureInfo.InvariantCulture) >= double.Parse(c[4], System.Globalization.CultureInfo.InvariantCulture) - 1e-4, string.Join(',', c)));
    }

    [Theory]
    [InlineData("crown,crown")]
    [InlineData("lp")]
    [InlineData("\u001b[31mibp")]
    public async Task Eval_refuses_an_unknown_or_repeated_bound_with_exit_2_before_loading_anything(string bound)
    {
        var (code, output, error) = await CommandRunner.RunAsync(EvalCommand.Create(), "eval", "no-such-checkpoint", "--bound", bound);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(output);
        Assert.Contains("--bound", error, StringComparison.Ordinal);
        Assert.Contains("allowed: one or more of ibp, crown-ibp, crown", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error);
    }

    private static string Train(string directory, string model = CnnFourLayerBn.Name)
    {
        var options = new TrainingOptions
        {
            Trial = TrialConfig.Of(
                Parameters.Dataset.Set(SyntheticDataset.Name),
                Parameters.TrainLimit.Set(64),
                Parameters.TestLimit.Set(16),
                Parameters.Model.Set(model),
                Parameters.Eps.Set(0.05),
                Parameters.Warmup.Set(1),
                Parameters.Epochs.Set(1),
                Parameters.BatchSize.Set(32)),
        };
        using var data = DatasetCatalog.Load(options.DatasetRequest);
        using var trainer = new IbpTrainer(options, data, torch.CPU, directory);
        trainer.Run();
        return trainer.LastCheckpointPath;
    }
}
