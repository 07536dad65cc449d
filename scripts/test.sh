#!/usr/bin/env bash
# The README's test command: prepares the machine (scripts/setup.sh --tests) and runs every test project.
# Extra arguments go to 'dotnet test' (e.g. --filter FullyQualifiedName~Soundness).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=runtime-env.sh
. "$repo/scripts/runtime-env.sh"
"$repo/scripts/setup.sh" --tests
cd "$repo"
dotnet build Distributed.sln -c Release --nologo -v quiet -clp:ErrorsOnly
# One test project at a time: in parallel they compete for the cores, and the real-time parts (Prometheus
# scraping a silo every second, membership timeouts) then see a machine slower than any real one.
dotnet test Distributed.sln -c Release --no-build --nologo -m:1 "$@"
