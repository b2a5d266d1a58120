#!/usr/bin/env bash
# SimCLR v2's three steps on Fashion-MNIST, one thread per run, short bounded runs (bench/RESULTS.md, issue 13):
#   1. pre-train SimCLR with SimCLR v2's 3-layer head (small CNN width 32);
#   2. fine-tune on a fraction of the labels (class-balanced, seed 42) from the head's first layer and from the encoder
#      output (the two runs side by side), accuracy on the first TEST_LIMIT test images;
#   3. distil the head-layer fine-tuned model into a fresh small CNN with kl-predictions on the 60k images without
#      their labels (the monitor measures agreement and accuracy on 1,000 test images).
# A model already in OUT/pretrain/final is reused (step 1 skipped).
# usage: bench/methods/simclr-v2-steps.sh OUT_DIR [PRETRAIN_BUDGET FINETUNE_BUDGET DISTILL_BUDGET FRACTION TEST_LIMIT CLI]
set -euo pipefail
out=${1:?out dir}; pre=${2:-7m}; ft=${3:-2m}; dist=${4:-2m}; fraction=${5:-0.1}; test_limit=${6:-2000}
cli=${7:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=/usr/share/datasets/fashion-mnist
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
step() {  # name, then the command's arguments; logs wall time and keeps the trainer log
  local name=$1; shift
  rm -rf "$out/$name"
  echo "$(date -u +%H:%M:%S) $name: contrastive $*" | tee -a "$out/commands.txt"
  /usr/bin/time -f "%e s wall" nice -n 19 "$cli" "$@" --output-dir "$out/$name" > "$out/$name.log" 2>&1
  cp "$out/$name/trainer_log.jsonl" "$out/$name.trainer_log.jsonl"
  echo "$(date -u +%H:%M:%S) $name done" | tee -a "$out/commands.txt"
}
common=(--data "$data" --batch-size 128 --warmup-steps 10 --seed 42)

[ -f "$out/pretrain/final/vision_model.json" ] ||
  step pretrain vision train --method simclr --head simclr-v2 "${common[@]}" --epochs 1 --eval-steps 100 --time-budget "$pre"

for layers in 1 0; do
  name=ft-$fraction-layer$layers
  step "$name" vision finetune --model "$out/pretrain/final" --label-fraction "$fraction" --head-layers "$layers" \
    "${common[@]}" --epochs 5 --eval-steps 1000 --time-budget "$ft" --test-limit "$test_limit" --json "$out/$name.json" &
done
wait

step distill-pred vision distill --teacher "$out/ft-$fraction-layer1/final" --loss kl-predictions "${common[@]}" --epochs 1 \
  --eval-steps 1000 --time-budget "$dist"
echo "$(date -u +%H:%M:%S) done" | tee -a "$out/commands.txt"
