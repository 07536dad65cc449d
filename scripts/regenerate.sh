#!/usr/bin/env bash
# Rewrites the files generated from the parameter declarations (src/Hyperparameters/Parameters.cs): the spec
# JSON Schema and the reference table in docs/cli.md. Tests fail until they match; run this after changing a
# declaration.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
dotnet build src/Client -c Release --nologo -v quiet -clp:ErrorsOnly
cli=(dotnet src/Client/bin/Release/net10.0/certsweep.dll)
"${cli[@]}" spec schema > schemas/sweep-spec.schema.json
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
"${cli[@]}" spec reference > "$table"
awk -v table="$table" '
  /^<!-- parameter-reference:begin/ { while ((getline line < table) > 0) print line; skipping = 1; next }
  /^<!-- parameter-reference:end -->/ { skipping = 0; next }
  !skipping { print }
' docs/cli.md > docs/cli.md.new
mv docs/cli.md.new docs/cli.md
echo "regenerated schemas/sweep-spec.schema.json and the reference table in docs/cli.md"
