#!/usr/bin/env bash
# CMC with three grey views (intensity core view, signed Sobel x and y): core-view against full-graph objective,
# same budget, seed and evaluation as bench/methods/vision-methods.sh; one thread.
# usage: bench/methods/cmc-graph.sh OUT_DIR BUDGET [CLI]
set -euo pipefail
out=${1:?out dir}; budget=${2:-2m}; cli=${3:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=/usr/share/datasets/fashion-mnist
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
for graph in core full; do
  rm -rf "$out/cmc3-$graph"
  /usr/bin/time -f "%e s wall" "$cli" vision train --method cmc --cmc-views intensity,sobel-x,sobel-y --cmc-graph "$graph" \
    --data "$data" --batch-size 128 --epochs 1 --warmup-steps 10 --eval-steps 100 --seed 42 --time-budget "$budget" \
    --output-dir "$out/cmc3-$graph" > "$out/cmc3-$graph.log" 2>&1
  cp "$out/cmc3-$graph/trainer_log.jsonl" "$out/cmc3-$graph.trainer_log.jsonl"
  "$cli" vision eval --model "$out/cmc3-$graph/final" --data "$data" --train-limit 5000 --test-limit 2000 \
    --json "$out/cmc3-$graph.json" > "$out/cmc3-$graph.eval.log" 2>&1
done
