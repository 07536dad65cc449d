# Sourced by scripts/certsweep and scripts/test.sh: the .NET runtime settings certsweep's processes run with.
#
# TorchSharp 0.107 frees the native Scalar behind every number passed to a tensor operation in that Scalar's
# finalizer, and keeps nothing alive during the native call: a garbage collection in the middle of one can free
# a Scalar still in use (segfaults in libtorch_cpu.so were seen). The trainer collects only between steps, when
# no thread is inside torch work (ScalarGarbage); a 256 MB gen0 budget makes the runtime's own collections, which
# can come at any moment, about ten times rarer. Only an environment variable sets it (docs/architecture.md,
# "TorchSharp's Scalars").
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x10000000}"
