#!/usr/bin/env bash
# The README's test command: prepares the machine (scripts/setup.sh --tests) and runs every test project.
# Extra arguments go to 'dotnet test' (e.g. --filter FullyQualifiedName~Soundness).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# TorchSharp 0.107 frees the native Scalar behind every number passed to a tensor operation in that Scalar's
# finalizer, and keeps nothing alive during the native call: a garbage collection in the middle of one can free
# a Scalar still in use (segfaults in libtorch_cpu.so were seen). The trainer collects only between steps, when
# no thread is inside torch work (ScalarGarbage); a 256 MB gen0 budget makes the runtime's own collections, which
# can come at any moment, about ten times rarer. Only an environment variable sets it.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x10000000}"
"$repo/scripts/setup.sh" --tests
cd "$repo"
dotnet build Distributed.sln -c Release --nologo -v quiet -clp:ErrorsOnly
# One test project at a time: in parallel they compete for the cores, and the real-time parts (Prometheus
# scraping a silo every second, membership timeouts) then see a machine slower than any real one.
dotnet test Distributed.sln -c Release --no-build --nologo -m:1 "$@"
