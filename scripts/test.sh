#!/usr/bin/env bash
# The README's test command: prepares the machine (scripts/setup.sh --tests) and runs every test project.
# Extra arguments go to 'dotnet test' (e.g. --filter FullyQualifiedName~Soundness).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo/scripts/setup.sh" --tests
cd "$repo"
dotnet build Distributed.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet test Distributed.sln -c Release --no-build --nologo "$@"
