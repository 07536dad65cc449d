using Xunit;

// One test at a time: the trainer collects TorchSharp's Scalar garbage between steps (ScalarGarbage), which is
// safe only while no other thread is inside torch work outside a ScalarGarbage section, and test code computes
// with tensors directly. libtorch then has the machine's cores to itself.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
