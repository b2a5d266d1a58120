#!/usr/bin/env bash
# SupCon, CMC (core view; grey Fashion-MNIST: intensity vs Sobel magnitude), SimCLR and SimCLR with SimCLR v2's
# 3-layer head, on the same data, budget and evaluation as the vision table of bench/RESULTS.md (one thread).
# usage: bench/methods/vision-methods.sh OUT_DIR BUDGET [CLI]
set -euo pipefail
out=${1:?out dir}; budget=${2:-3m}; cli=${3:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=/usr/share/datasets/fashion-mnist
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
common=(--data "$data" --batch-size 128 --epochs 1 --warmup-steps 10 --eval-steps 100 --seed 42 --time-budget "$budget")
run() {  # name, then train arguments
  local name=$1; shift
  rm -rf "$out/$name"
  /usr/bin/time -f "%e s wall" "$cli" vision train "${common[@]}" "$@" --output-dir "$out/$name" > "$out/$name.log" 2>&1
  cp "$out/$name/trainer_log.jsonl" "$out/$name.trainer_log.jsonl"
}
evaluate() {  # name, json, extra eval arguments
  local name=$1 json=$2; shift 2
  "$cli" vision eval --model "$out/$name/final" --data "$data" --train-limit 5000 --test-limit 2000 --json "$out/$json.json" "$@" > "$out/$json.eval.log" 2>&1
}
run simclr --method simclr;                   evaluate simclr simclr
run supcon --method supcon;                   evaluate supcon supcon
run cmc --method cmc --cmc-graph core;        evaluate cmc cmc
run simclr-v2 --method simclr --head simclr-v2
evaluate simclr-v2 simclr-v2.layer1
evaluate simclr-v2 simclr-v2.layer0 --probe-layer 0
