#!/usr/bin/env bash
# The temperature study of issue 13 item 6 (Wang & Liu 2021, "Understanding the Behaviour of Contrastive Loss"):
# sweep tau for unsupervised SimCSE (STS-B dev Spearman) and SimCLR on Fashion-MNIST (kNN accuracy, uniformity,
# tolerance), then the hard-negative-aware loss (Robinson et al. 2021, --loss hcl) at the best tau of each sweep,
# then the tables and plots (bench/Contrastive.Bench temperature-study -> bench/temperature/).
# One training at a time, one thread. Budgets are variables: a longer study is e.g.
#   TEXT_STEPS=2000 VISION_STEPS=1000 TEXT_BUDGET=30m VISION_BUDGET=30m bash bench/temperature-study.sh
# Usage: bash bench/temperature-study.sh [text|vision|hcl|hcl-text|hcl-vision|analyze|all]   (hcl needs the sweeps)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} CONTRASTIVE_THREADS=${CONTRASTIVE_THREADS:-1}
D=${DATA:-../shared/data}
FMNIST=${FMNIST:-/usr/share/datasets/fashion-mnist}
OUT=${OUT:-runs/temperature}
TAUS=${TAUS:-"0.01 0.05 0.1 0.2 0.5 1.0"}
TEXT_STEPS=${TEXT_STEPS:-40}        # SimCSE steps per run (fixed, so that runs compare under any machine load)
TEXT_WARMUP=${TEXT_WARMUP:-4}
TEXT_BUDGET=${TEXT_BUDGET:-5m}      # safety cap on the training time per SimCSE run
VISION_STEPS=${VISION_STEPS:-20}    # SimCLR steps per run (fixed, so that runs compare under any machine load)
VISION_WARMUP=${VISION_WARMUP:-2}
VISION_BUDGET=${VISION_BUDGET:-5m}  # safety cap on the training time per SimCLR run
HCL_BETA=${HCL_BETA:-1.0}
HCL_TAU_PLUS=${HCL_TAU_PLUS:-0.1}
C=src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive
B=bench/Contrastive.Bench/bin/Release/net10.0/linux-x64/Contrastive.Bench
[ -x "$C" ] || dotnet build src/Contrastive.Cli -c Release --nologo -v q
mkdir -p "$OUT"

CORPUS=("$D/text/senteval_snli_sentences.tsv" "$D/text/wordnet_examples.txt" "$D/text/wikitext2_validtest_sentences.txt")
text_run() {  # name tau [extra args]: a small BERT from random weights (hidden 128, 2 layers), STS-B dev at the end
  local name=$1 tau=$2; shift 2
  rm -rf "$OUT/text-$name"
  $C simcse train --train-file "${CORPUS[@]}" --vocab "$D/vocab/vocab.txt" --hidden-size 128 --num-layers 2 --num-heads 2 \
    --output-dir "$OUT/text-$name" --pooler avg --temp "$tau" --learning-rate 5e-4 --warmup-steps "$TEXT_WARMUP" \
    --max-steps "$TEXT_STEPS" --time-budget "$TEXT_BUDGET" --eval-file "$D/sts/sts-dev.csv" --eval-steps 100000 \
    --seed 42 "$@" > "$OUT/text-$name.log" 2>&1
  tail -n 3 "$OUT/text-$name.log"
}
vision_run() {  # name tau [extra args]: SimCLR, small CNN, Fashion-MNIST
  local name=$1 tau=$2; shift 2
  rm -rf "$OUT/vision-$name"
  $C vision train --method simclr --data "$FMNIST" --output-dir "$OUT/vision-$name" --temperature "$tau" \
    --batch-size 128 --warmup-steps "$VISION_WARMUP" --max-steps "$VISION_STEPS" --time-budget "$VISION_BUDGET" --eval-steps 100000 \
    --seed 42 "$@" > "$OUT/vision-$name.log" 2>&1
  tail -n 3 "$OUT/vision-$name.log"
}

what=${1:-all}
if [[ $what == text || $what == all ]]; then
  for tau in $TAUS; do echo "SimCSE tau=$tau"; text_run "tau$tau" "$tau"; done
fi
if [[ $what == vision || $what == all ]]; then
  for tau in $TAUS; do echo "SimCLR tau=$tau"; vision_run "tau$tau" "$tau"; done
fi
if [[ $what == hcl* || $what == analyze || $what == all ]]; then
  [ -x "$B" ] || dotnet build bench/Contrastive.Bench -c Release --nologo -v q
fi
# HCL at the best tau of each sweep (HCL_TAU_TEXT / HCL_TAU_VISION override)
if [[ $what == hcl || $what == hcl-text || $what == all ]]; then
  HCL_TAU_TEXT=${HCL_TAU_TEXT:-$($B temperature-study best-text "$OUT" "$TAUS" | tail -n 1)}
  echo "SimCSE HCL tau=$HCL_TAU_TEXT"; echo "$HCL_TAU_TEXT" > "$OUT/text-hcl.tau"
  text_run hcl "$HCL_TAU_TEXT" --loss hcl --hcl-beta "$HCL_BETA" --hcl-tau-plus "$HCL_TAU_PLUS"
fi
if [[ $what == hcl || $what == hcl-vision || $what == all ]]; then
  HCL_TAU_VISION=${HCL_TAU_VISION:-$($B temperature-study best-vision "$OUT" "$TAUS" "$FMNIST" | tail -n 1)}
  echo "SimCLR HCL tau=$HCL_TAU_VISION"; echo "$HCL_TAU_VISION" > "$OUT/vision-hcl.tau"
  vision_run hcl "$HCL_TAU_VISION" --loss hcl --hcl-beta "$HCL_BETA" --hcl-tau-plus "$HCL_TAU_PLUS"
fi
if [[ $what == analyze || $what == all ]]; then
  $B temperature-study analyze "$OUT" "$TAUS" "$FMNIST" bench/temperature
fi
