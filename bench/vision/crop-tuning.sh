#!/usr/bin/env bash
# Augmentation strength for 28x28 grey images (issue 13): MoCo v2 on Fashion-MNIST with the small CNN, one run per
# smallest crop area (SimCLR's 0.08, MoCo's 0.2, a weaker 0.5), same seed, epochs and budget, one torch thread, run one
# after the other; then each final model on the full 60k / 10k split (kNN k = 200, linear probe), and the monitor
# kNN curves of the runs as one PNG.
# Usage: bench/vision/crop-tuning.sh OUT [BUDGET] [EPOCHS] [SCALES]   (defaults 18m, 3, "0.08 0.2 0.5")
set -euo pipefail
OUT=${1:?usage: bench/vision/crop-tuning.sh OUT [BUDGET] [EPOCHS] [SCALES]}
BUDGET=${2:-18m}
EPOCHS=${3:-3}
SCALES=${4:-0.08 0.2 0.5}
DATA=${VISION_DATA:-/usr/share/datasets/fashion-mnist}
cd "$(dirname "$0")/../.."
[ -d "$DATA" ] || { echo "error: $DATA not found (Debian package dataset-fashion-mnist)" >&2; exit 1; }
dotnet build src/Contrastive.Cli -c Release -v q -nologo
BIN="$OUT/bin"; mkdir -p "$BIN"; cp -r src/Contrastive.Cli/bin/Release/net10.0/linux-x64/. "$BIN/"
CLI="$BIN/contrastive"
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
for s in $SCALES; do
  dir="$OUT/crop$s"
  if [ ! -f "$dir/final/vision_model.json" ]; then
    resume=""; [ -d "$dir/checkpoint" ] && resume="--resume"
    echo "== crop scale $s ($(date -u +%H:%M:%S))"
    "$CLI" vision train --method moco --encoder small-cnn --width 32 --crop-scale "$s" --data "$DATA" --batch-size 128 \
      --epochs "$EPOCHS" --warmup-steps 10 --eval-steps 500 --seed 42 --time-budget "$BUDGET" --output-dir "$dir" $resume \
      > "$dir.train.log" 2>&1
  fi
  [ -f "$dir.json" ] || "$CLI" vision eval --model "$dir/final" --data "$DATA" --json "$dir.json" > "$dir.eval.log" 2>&1
done
curves=(); for s in $SCALES; do curves+=(--run "crop $s=$OUT/crop$s"); done
"$CLI" plot curves "${curves[@]}" --metric knn_acc --x step --title "MoCo v2 small CNN: monitor kNN by smallest crop area" \
  --output "$OUT/crop_curves.png"
python3 - "$OUT" $SCALES <<'PY'
import json, sys, os
out, scales = sys.argv[1], sys.argv[2:]
print("| smallest crop area | kNN acc % | linear probe % | alignment | uniformity |")
print("|---|---|---|---|---|")
for s in scales:
    r = json.load(open(os.path.join(out, f"crop{s}.json")))
    print(f"| {s} | {100 * r['knn_accuracy']:.2f} | {100 * r['linear_probe_accuracy']:.2f} | {r['alignment']:.3f} | {r['uniformity']:.3f} |")
PY
