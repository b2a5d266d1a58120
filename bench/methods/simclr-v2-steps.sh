#!/usr/bin/env bash
# SimCLR v2's three steps on Fashion-MNIST, one thread, short bounded runs (bench/RESULTS.md, issue 13 item 2):
#   1. pre-train SimCLR with SimCLR v2's 3-layer head (small CNN width 32);
#   2. fine-tune on 1 % and 10 % of the labels (class-balanced, seed 42), from the head's first layer and from the
#      encoder output, accuracy on the full 10k test set;
#   3. distil: the 10 %-labels fine-tuned model (kl-predictions) into a fresh small CNN, and the pre-trained encoder
#      (kl-similarity on its kept 512-d head layer) into a small CNN and into ResNet-18 width 16, on the 60k images
#      without their labels; students evaluated like the vision table (kNN / linear probe on the 5k / 2k subsets).
# usage: bench/methods/simclr-v2-steps.sh OUT_DIR [PRETRAIN_BUDGET FINETUNE_BUDGET DISTILL_BUDGET CLI]
set -euo pipefail
out=${1:?out dir}; pre=${2:-7m}; ft=${3:-2m}; dist=${4:-4m}; cli=${5:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=/usr/share/datasets/fashion-mnist
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
step() {  # name, then the command's arguments; logs wall time and keeps the trainer log
  local name=$1; shift
  rm -rf "$out/$name"
  echo "$(date -u +%H:%M:%S) $name: contrastive $*" | tee -a "$out/commands.txt"
  /usr/bin/time -f "%e s wall" nice -n 19 "$cli" "$@" --output-dir "$out/$name" > "$out/$name.log" 2>&1
  cp "$out/$name/trainer_log.jsonl" "$out/$name.trainer_log.jsonl"
}
evaluate() {  # model folder name, json name, extra eval arguments
  local name=$1 json=$2; shift 2
  echo "$(date -u +%H:%M:%S) eval $json" | tee -a "$out/commands.txt"
  nice -n 19 "$cli" vision eval --model "$out/$name/final" --data "$data" --train-limit 5000 --test-limit 2000 --augment none \
    --json "$out/$json.json" "$@" > "$out/$json.eval.log" 2>&1
}
common=(--data "$data" --batch-size 128 --warmup-steps 10 --seed 42)

step pretrain vision train --method simclr --head simclr-v2 "${common[@]}" --epochs 1 --eval-steps 100 --time-budget "$pre"
evaluate pretrain pretrain.layer0 --probe-layer 0

for fraction in 0.01 0.1; do
  for layers in 1 0; do
    name=ft-$fraction-layer$layers
    epochs=$([ "$fraction" = 0.01 ] && echo 40 || echo 5)
    step "$name" vision finetune --model "$out/pretrain/final" --label-fraction "$fraction" --head-layers "$layers" \
      "${common[@]}" --epochs "$epochs" --eval-steps 50 --time-budget "$ft" --json "$out/$name.json"
  done
done

step distill-pred vision distill --teacher "$out/ft-0.1-layer1/final" --loss kl-predictions "${common[@]}" --epochs 1 --eval-steps 100 --time-budget "$dist"
evaluate distill-pred distill-pred
step distill-sim vision distill --teacher "$out/pretrain/final" --loss kl-similarity "${common[@]}" --epochs 1 --eval-steps 100 --time-budget "$dist"
evaluate distill-sim distill-sim
step distill-sim-resnet vision distill --teacher "$out/pretrain/final" --loss kl-similarity --student-arch resnet18 --student-width 16 \
  "${common[@]}" --epochs 1 --eval-steps 100 --time-budget "$dist"
evaluate distill-sim-resnet distill-sim-resnet
echo "$(date -u +%H:%M:%S) done" | tee -a "$out/commands.txt"
