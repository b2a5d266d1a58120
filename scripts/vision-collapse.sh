#!/usr/bin/env bash
# The collapse-monitor curves of bench/RESULTS.md "Vision (issue 4)": SimSiam with and without the stop-gradient and
# BYOL without EMA, the monitor (kNN on 1,000 test images against 2,000 training images, std of the l2-normalised
# projections) logged every 15 steps. Usage: scripts/vision-collapse.sh [OUT_DIR] [BUDGET]   (defaults: bench/vision 2m)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/vision}
BUDGET=${2:-2m}
DATA=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
dotnet build src/Contrastive.Cli -c Release -v q >/dev/null
RUNS=${RUNS:-/tmp/contrastive-vision-runs}
mkdir -p "$OUT" "$RUNS"
rm -rf "$RUNS/cli-collapse" && cp -r src/Contrastive.Cli/bin/Release/net10.0/linux-x64 "$RUNS/cli-collapse"
CLI=$RUNS/cli-collapse/contrastive
for run in "simsiam_curve --method simsiam" "simsiam_no_stop_gradient_curve --method simsiam --no-stop-gradient" "byol_no_ema_curve --method byol --no-ema"; do
  set -- $run
  name=$1; shift
  rm -rf "$RUNS/$name"
  "$CLI" vision train --data "$DATA" --batch-size 128 --epochs 1 --warmup-steps 10 --eval-steps 15 --seed 42 \
    --time-budget "$BUDGET" --output-dir "$RUNS/$name" "$@" > "$OUT/$name.train.log" 2>&1 || echo "$name failed"
  grep -v '^step' "$OUT/$name.train.log" | grep 'eval at' | tail -20
  cp "$RUNS/$name/collapse_monitor.png" "$OUT/$name.collapse_monitor.png"
  cp "$RUNS/$name/trainer_log.jsonl" "$OUT/$name.trainer_log.jsonl"
done
