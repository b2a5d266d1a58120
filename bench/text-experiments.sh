#!/usr/bin/env bash
# The text experiments reported in bench/RESULTS.md beyond the main job. Needs ../shared/data and, for the rows that
# start from the MLM model, a finished `bash scripts/from-scratch.sh` (MLM=runs/from-scratch/mlm/best by default).
# Usage: bash bench/text-experiments.sh [untrained|unsup-scratch|sup-scratch|sup-mlm|dropout|whiten|all]
set -euo pipefail
cd "$(dirname "$0")/.."
D=../shared/data
MLM=${MLM:-runs/from-scratch/mlm/best}
OUT=${OUT:-runs/experiments}
C=src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive
[ -x "$C" ] || dotnet build src/Contrastive.Cli -c Release --nologo -v q
CORPUS=("$D/text/senteval_snli_sentences.tsv" "$D/text/wordnet_examples.txt" "$D/text/wikitext2_validtest_sentences.txt")
NEW=(--vocab "$D/vocab/vocab.txt" --hidden-size 256 --num-layers 4 --num-heads 4)
EVAL=(--eval-file "$D/sts/sts-dev.csv")
mkdir -p "$OUT"
test_sts() { $C eval sts --model "$1/best" --data "$D/sts/sts-test.csv" --json "$1.test.json"; }

what=${1:-all}
if [[ $what == untrained || $what == all ]]; then
  $C bert init "${NEW[@]}" --out "$OUT/untrained" --seed 42
  $C eval sts --model "$OUT/untrained" --data "$D/sts/sts-test.csv" --json "$OUT/untrained.test.json"
fi
if [[ $what == unsup-scratch || $what == all ]]; then   # 20 minutes of unsupervised SimCSE from random weights
  $C simcse train --train-file "${CORPUS[@]}" "${NEW[@]}" --output-dir "$OUT/unsup-scratch" --pooler avg \
    --learning-rate 5e-4 --warmup-steps 100 --max-steps 1500 --time-budget 20m "${EVAL[@]}" --eval-steps 125
  test_sts "$OUT/unsup-scratch"
fi
if [[ $what == sup-scratch || $what == all ]]; then     # supervised SimCSE on the SNLI triplets from random weights
  $C simcse train --supervised --train-file "$D/text/snli_devtest_triplets.csv" "${NEW[@]}" --output-dir "$OUT/sup-scratch" \
    --pooler avg --learning-rate 5e-4 --warmup-steps 30 --epochs 3 "${EVAL[@]}" --eval-steps 46
  test_sts "$OUT/sup-scratch"
fi
if [[ $what == sup-mlm || $what == all ]]; then         # supervised SimCSE from the main job's MLM model
  $C simcse train --supervised --train-file "$D/text/snli_devtest_triplets.csv" --model "$MLM" --output-dir "$OUT/sup-mlm" \
    --pooler avg --learning-rate 1e-4 --warmup-steps 30 --epochs 3 "${EVAL[@]}" --eval-steps 46
  test_sts "$OUT/sup-mlm"
fi
if [[ $what == dropout || $what == all ]]; then         # the SimCSE paper's dropout ablation, from the MLM model
  for p in 0 0.1 0.3; do
    $C simcse train --train-file "${CORPUS[@]}" --model "$MLM" --output-dir "$OUT/dropout-$p" --dropout "$p" \
      --pooler avg --learning-rate 1e-4 --warmup-steps 30 --max-steps 300 "${EVAL[@]}" --eval-steps 150
    test_sts "$OUT/dropout-$p"
  done
fi
if [[ $what == whiten || $what == all ]]; then          # BERT-whitening of the from-scratch SimCSE models (after those runs)
  for run in unsup-scratch sup-scratch; do
    $C whiten --model "$OUT/$run/best" --corpus "${CORPUS[@]}" --output "$OUT/$run-whitened/best"
    test_sts "$OUT/$run-whitened"
  done
  for k in 128 64; do
    $C whiten --model "$OUT/sup-scratch/best" --corpus "${CORPUS[@]}" --k "$k" --output "$OUT/sup-scratch-whitened-k$k/best"
    test_sts "$OUT/sup-scratch-whitened-k$k"
  done
fi
