#!/usr/bin/env bash
# The vision-quality runs of issue 13 (bench/RESULTS.md, "Vision quality: 60-minute runs"): self-supervised MoCo v2
# on Fashion-MNIST with the small CNN and with ResNet-18 (width 16, CIFAR stem), and the supervised baseline of the
# same encoder with the same budget; each run one torch thread, two runs side by side on the 2-core machine; then the
# full 60k / 10k evaluation of each final model (weighted kNN k = 200, linear probe) beside raw pixels, and the
# learning curves (monitor kNN every 1,000 steps) as one PNG.
# Usage: bench/vision/long-runs.sh OUT [BUDGET] [CROP_SCALE]   (defaults 60m, 0.2)
# RUNS picks the runs (default "moco-smallcnn moco-resnet18 supervised-smallcnn"); PARALLEL how many train at once (2).
set -euo pipefail
OUT=${1:?usage: bench/vision/long-runs.sh OUT [BUDGET] [CROP_SCALE]}
BUDGET=${2:-60m}
CROP=${3:-0.2}
RUNS=${RUNS:-moco-smallcnn moco-resnet18 supervised-smallcnn}
PARALLEL=${PARALLEL:-2}
DATA=${VISION_DATA:-/usr/share/datasets/fashion-mnist}
cd "$(dirname "$0")/../.."
[ -d "$DATA" ] || { echo "error: $DATA not found (Debian package dataset-fashion-mnist)" >&2; exit 1; }
dotnet build src/Contrastive.Cli -c Release -v q -nologo
# Run from a copy, so that rebuilding the repository while the runs train does not replace their binaries.
BIN="$OUT/bin"; mkdir -p "$BIN"; cp -r src/Contrastive.Cli/bin/Release/net10.0/linux-x64/. "$BIN/"
CLI="$BIN/contrastive"
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1

# Epochs are planned so that the cosine schedule ends inside the budget at the throughput measured on an idle core
# (small CNN about 1.55 MoCo steps/s, ResNet-18 width 16 about 1.04, batch 128); the budget stops what remains.
train() {
  local name=$1; shift
  [ -f "$OUT/$name/final/vision_model.json" ] && { echo "== $name done"; return; }
  local resume=""; [ -d "$OUT/$name/checkpoint" ] && resume="--resume"
  echo "== $name ($(date -u +%H:%M:%S))"
  "$CLI" vision train --data "$DATA" --batch-size 128 --warmup-steps 10 --eval-steps 1000 --seed 42 \
    --crop-scale "$CROP" --time-budget "$BUDGET" --output-dir "$OUT/$name" $resume "$@" > "$OUT/$name.train.log" 2>&1
}
run() {
  case $1 in
    moco-smallcnn) train "$1" --method moco --encoder small-cnn --width 32 --epochs 12 ;;
    moco-resnet18) train "$1" --method moco --encoder resnet18 --width 16 --epochs 8 ;;
    supervised-smallcnn) train "$1" --method supervised --encoder small-cnn --width 32 --epochs 12 ;;
    simclr-smallcnn) train "$1" --method simclr --encoder small-cnn --width 32 --epochs 8 ;;
    *) echo "error: unknown run '$1'" >&2; exit 1 ;;
  esac
}
mkdir -p "$OUT"
active=0
for r in $RUNS; do
  run "$r" &
  active=$((active + 1))
  if [ "$active" -ge "$PARALLEL" ]; then wait -n; active=$((active - 1)); fi
done
wait

[ -f "$OUT/raw.json" ] || "$CLI" vision eval --raw-pixels --data "$DATA" --json "$OUT/raw.json" > "$OUT/raw.eval.log" 2>&1
curves=()
for r in $RUNS; do
  [ -f "$OUT/$r.json" ] || "$CLI" vision eval --model "$OUT/$r/final" --data "$DATA" --json "$OUT/$r.json" > "$OUT/$r.eval.log" 2>&1
  curves+=(--run "$r=$OUT/$r")
done
"$CLI" plot curves "${curves[@]}" --metric knn_acc --x epoch --title "monitor kNN (1,000 test images, bank of 2,000)" \
  --output "$OUT/learning_curves.png"
python3 - "$OUT" raw $RUNS <<'PY'
import json, sys, os
out, names = sys.argv[1], sys.argv[2:]
print("| Features | kNN acc % | linear probe % | alignment | uniformity |")
print("|---|---|---|---|---|")
for n in names:
    r = json.load(open(os.path.join(out, n + ".json")))
    g = lambda *ks: next((r[k] for k in ks if k in r), float("nan"))
    print(f"| {n} | {100 * g('knn_accuracy', 'knn_acc'):.2f} | {100 * g('linear_probe_accuracy', 'linear_probe_test_accuracy'):.2f} | {g('alignment'):.3f} | {g('uniformity'):.3f} |")
PY
