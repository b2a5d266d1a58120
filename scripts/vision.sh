#!/usr/bin/env bash
# Reproduces the "Vision (issue 4)" table of bench/RESULTS.md: Fashion-MNIST, small CNN (width 32, 128-d features),
# one thread, each method under the same wall-clock budget, then kNN / linear probe on frozen features.
# Usage: scripts/vision.sh [OUT_DIR] [METHOD_BUDGET] [ABLATION_BUDGET]    (defaults: bench/vision 4m 2m)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/vision}
BUDGET=${2:-4m}
ABLATION=${3:-2m}
DATA=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
dotnet build src/Contrastive.Cli -c Release -v q >/dev/null
dotnet build bench/Contrastive.Bench -c Release -v q >/dev/null
RUNS=${RUNS:-/tmp/contrastive-vision-runs}   # model folders and checkpoints (not committed)
mkdir -p "$OUT" "$RUNS"
# Run copies of the binaries, so that rebuilding the tree during the runs cannot change them.
rm -rf "$RUNS/cli" "$RUNS/bench"
cp -r src/Contrastive.Cli/bin/Release/net10.0/linux-x64 "$RUNS/cli"
cp -r bench/Contrastive.Bench/bin/Release/net10.0/linux-x64 "$RUNS/bench"
CLI=$RUNS/cli/contrastive
BENCH=$RUNS/bench/Contrastive.Bench
# Evaluation: kNN bank / probe training set = first 5,000 training images, queries = first 2,000 test images.
EVAL=(--data "$DATA" --train-limit 5000 --test-limit 2000)
TRAIN=(--data "$DATA" --batch-size 128 --epochs 1 --warmup-steps 10 --eval-steps 100 --seed 42)

run() {  # name budget extra-train-args...
  local name=$1 budget=$2; shift 2
  rm -rf "$RUNS/$name"
  echo "== $name ($budget): $*"
  /usr/bin/time -f "$name train wall %e s" "$CLI" vision train "${TRAIN[@]}" --time-budget "$budget" --output-dir "$RUNS/$name" "$@" \
    > "$OUT/$name.train.log" 2>&1 || { echo "$name: training failed"; tail -3 "$OUT/$name.train.log"; return 0; }
  tail -4 "$OUT/$name.train.log"
  "$CLI" vision eval --model "$RUNS/$name/final" "${EVAL[@]}" --json "$OUT/$name.json" | tee "$OUT/$name.eval.log"
  cp "$RUNS/$name/training_curve.png" "$OUT/$name.training_curve.png" 2>/dev/null || true
  cp "$RUNS/$name/collapse_monitor.png" "$OUT/$name.collapse_monitor.png" 2>/dev/null || true
  cp "$RUNS/$name/trainer_log.jsonl" "$OUT/$name.trainer_log.jsonl" 2>/dev/null || true
  rm -rf "$RUNS/$name/checkpoint"
}

"$BENCH" vision-step 128 32 | tee "$OUT/throughput.log"
"$CLI" vision eval --raw-pixels "${EVAL[@]}" --json "$OUT/raw_pixels.json" | tee "$OUT/raw_pixels.eval.log"
"$CLI" vision eval --untrained small-cnn "${EVAL[@]}" --json "$OUT/untrained.json" | tee "$OUT/untrained.eval.log"
run simclr "$BUDGET" --method simclr
run moco "$BUDGET" --method moco
run byol "$BUDGET" --method byol
run simsiam "$BUDGET" --method simsiam
run supervised "$BUDGET" --method supervised
run ablation_crop "$ABLATION" --method simclr --augment crop,flip
run ablation_intensity "$ABLATION" --method simclr --augment jitter,grayscale,noise
run ablation_crop_intensity "$ABLATION" --method simclr --augment crop,flip,jitter,grayscale
run ablation_all "$ABLATION" --method simclr --augment crop,flip,jitter,grayscale,blur,noise,cutout
run simsiam_no_stop_gradient "$ABLATION" --method simsiam --no-stop-gradient
run simsiam_ablation_reference "$ABLATION" --method simsiam
run byol_no_ema "$ABLATION" --method byol --no-ema
"$CLI" vision preview --data "$DATA" --out "$OUT/augmentations.png"
echo "done"
