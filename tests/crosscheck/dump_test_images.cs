#:project ../../src/Training/Certsweep.Training.csproj
// Writes the first N test images of a data set as `certsweep eval` sees them (normalized), their labels, and the
// input box at eps (lower, upper; docs/method.md §1) to one PyTorch file, for compare_auto_lirpa.py.
// Usage: dotnet run dump_test_images.cs -- DATASET COUNT EPS OUT.pt [DATA_ROOT]
using System.Collections.Specialized;
using System.Globalization;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: dotnet run dump_test_images.cs -- DATASET COUNT EPS OUT.pt [DATA_ROOT]");
    return 2;
}

var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var eps = double.Parse(args[2], CultureInfo.InvariantCulture);
using var test = DatasetCatalog.LoadTest(args[0], args.Length > 4 ? args[4] : null, count);
using var batch = test.Batch(0, test.Count, CPU);
var box = InputBox.Around(batch.Images, eps, test.Normalization);
var content = new OrderedDictionary
{
    { "images", batch.Images }, { "labels", batch.Labels }, { "lower", box.Lower }, { "upper", box.Upper },
};
using (var stream = File.Create(args[3]))
{
    PyTorchPickler.PickleStateDict(stream, content);
}

Console.WriteLine($"{test.Count} {args[0]} test images at eps {eps.ToString(CultureInfo.InvariantCulture)} written to {args[3]}");
return 0;
