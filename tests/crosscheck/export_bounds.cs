#:project ../../src/Training/Certsweep.Training.csproj
// Writes, for a few networks of the zoo, the weights (PyTorch state_dict), a batch with its input box, and our
// IBP, CROWN-IBP and full CROWN margin lower bounds, for compare_auto_lirpa.py. See README.md beside this file.
using System.Collections.Specialized;
using Certsweep.Training.Bounds;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

var output = args.Length > 0 ? args[0] : "crosscheck-out";
Directory.CreateDirectory(output);
var cifar = new Normalization(new[] { 0.4914, 0.4822, 0.4465 }, new[] { 0.2023, 0.1994, 0.2010 });
var cases = new (string Name, string Model, int Size, int Batch, bool Training, string Variant)[]
{
    ("cnn_4layer_bn-eval", CnnFourLayerBn.Name, 16, 4, false, "full"),
    ("cnn_4layer_bn-train", CnnFourLayerBn.Name, 16, 4, true, "full"),
    ("cnn_4layer_bn-mean-train", CnnFourLayerBn.Name, 16, 4, true, "mean"),
    ("cnn_4layer_bn-var-wo-affine-eval", CnnFourLayerBn.Name, 16, 4, false, "var-wo-affine"),
    ("cnn-eval", CnnSevenLayerBn.Name, 16, 2, false, "full"),
    ("wide_resnet_8-eval", WideResNet.Name, 8, 2, false, "full"),
    ("resnext-eval", ResNeXt.Name, 8, 2, false, "full"),
};
const double Eps = 2.0 / 255;
foreach (var (name, model, size, batch, training, variant) in cases)
{
    using var scope = NewDisposeScope();
    var shape = new ImageShape(3, size);
    using var generator = new Generator(20211208);
    using var network = ModelZoo.Create(model, shape, 10);
    DefaultInitialization.Apply(network, generator);
    IbpInitialization.Apply(network, generator);
    network.Use(BatchNormVariant.Parse(variant));
    Tensor Normalized(long count) =>
        (rand(shape.BatchShape(count), generator: generator) - tensor(cifar.Mean.Select(m => (float)m).ToArray()).view(1, 3, 1, 1))
        / tensor(cifar.Std.Select(s => (float)s).ToArray()).view(1, 3, 1, 1);

    // Running statistics from clean training-mode passes, then a few CROWN-IBP steps: weights and statistics
    // that are neither the initial ones nor PyTorch's defaults.
    network.train();
    using (no_grad())
    {
        for (var pass = 0; pass < 10; pass++)
        {
            network.Evaluate(Normalized(16), null, null, new PropagationContext());
        }
    }

    var images = Normalized(batch);
    var labels = randint(10, new long[] { batch }, generator: generator);
    var box = InputBox.Around(images, Eps, cifar);
    using (var optimizer = optim.Adam(network.parameters(), 1e-3))
    {
        for (var step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            var context = new PropagationContext();
            var pass = network.Evaluate(images, box, labels, context);
            MarginBounds.RobustLoss(CrownIbpMix.Lower(network, box, labels, context, pass.MarginLower!, 0.5, 1)).backward();
            optimizer.step();
        }
    }

    network.train(training);
    PyTorchStateDict.Save(network, Path.Combine(output, name + ".state_dict.pt"));
    using var noGrad = no_grad();
    var boundsContext = new PropagationContext();
    var ibp = network.Evaluate(images, box, labels, boundsContext).MarginLower!;
    var crownIbp = CrownMarginBounds.CrownIbpLower(network, box, labels, boundsContext);
    var crown = CrownMarginBounds.CrownLower(network, box, labels, boundsContext);
    var content = new OrderedDictionary
    {
        { "images", images }, { "labels", labels }, { "lower", box.Lower }, { "upper", box.Upper },
        { "ibp", ibp }, { "crown_ibp", crownIbp }, { "crown", crown },
    };
    using (var stream = File.Create(Path.Combine(output, name + ".bounds.pt")))
    {
        PyTorchPickler.PickleStateDict(stream, content);
    }

    Console.WriteLine($"{name}: {model} {shape}, {(training ? "train" : "eval")} mode, BatchNorm {variant}, batch {batch}");
}
