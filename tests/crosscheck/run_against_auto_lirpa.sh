#!/usr/bin/env bash
# Certifies the first COUNT test images of a checkpoint with certsweep eval (IBP, CROWN-IBP, CROWN) and compares
# every image's worst margin lower bound with auto_LiRPA's on the same weights, images and input box.
# Without CHECKPOINT it first trains a small cnn_4layer_bn on the synthetic set.
# Usage (from the repository root):
#   tests/crosscheck/run_against_auto_lirpa.sh AUTO_LIRPA_SOURCE [WORK_DIR [CHECKPOINT]]
# Environment: EPS (default "0.05 0.1"), COUNT (images, default 16), DATA_ROOT, PYTHON (default /usr/bin/python3),
# LIRPA_BATCH (images per auto_LiRPA call, default 1: see README.md).
set -euo pipefail
lirpa=$(cd "${1:?"usage: $0 AUTO_LIRPA_SOURCE [WORK_DIR [CHECKPOINT]]"}" && pwd)
work=${2:-crosscheck-out}
checkpoint=${3:-}
python=${PYTHON:-/usr/bin/python3}
count=${COUNT:-16}
data_root=()
if [[ -n ${DATA_ROOT:-} ]]; then data_root=(--data-root "$DATA_ROOT"); fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
. scripts/runtime-env.sh
dotnet build src/Client -c Release -v q
certsweep() { dotnet src/Client/bin/Release/net10.0/certsweep.dll "$@"; }
if [[ -z $checkpoint ]]; then
  certsweep train --dataset synthetic --model cnn_4layer_bn --method fast --eps 0.02 --epochs 4 --warmup 2 \
    --train-limit 1024 --test-limit 64 --selection-split test --batch-size 64 --threads 1 --out "$work/run"
  checkpoint=$work/run/checkpoint.best
fi
certsweep export "$checkpoint" --out "$work/model.pt"
for eps in ${EPS:-0.05 0.1}; do
  certsweep eval "$checkpoint" --eps "$eps" --bound ibp,crown-ibp,crown --test-limit "$count" --device cpu \
    "${data_root[@]}" --per-image "$work/ours-$eps.csv" --output json > "$work/eval-$eps.json"
  read -r model dataset < <("$python" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["model"], r["dataset"])' "$work/eval-$eps.json")
  (cd tests/crosscheck && dotnet run dump_test_images.cs -- "$dataset" "$count" "$eps" "$work/images-$eps.pt" ${DATA_ROOT:+"$DATA_ROOT"})
  echo "== $model on $dataset, eps $eps, $count images ($checkpoint)"
  PYTHONPATH="$lirpa" "$python" -W ignore tests/crosscheck/compare_auto_lirpa.py --model "$model" \
    --weights "$work/model.pt" --images "$work/images-$eps.pt" --ours "$work/ours-$eps.csv" --batch "${LIRPA_BATCH:-1}"
done
