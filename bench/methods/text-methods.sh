#!/usr/bin/env bash
# BERT-flow beside BERT-whitening, SBERT (NLI classification, STS-B regression) and supervised SimCSE with the
# InfoNCE and SupCon losses, all from one small from-scratch MLM model, evaluated on STS-B test; one thread.
# usage: bench/methods/text-methods.sh OUT_DIR [TRAIN_BUDGET] [MLM_BUDGET] [CLI]
set -euo pipefail
out=${1:?out dir}; budget=${2:-3m}; mlm_budget=${3:-4m}; cli=${4:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=../shared/data
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
timed() { local log=$1; shift; /usr/bin/time -f "%e s wall" "$@" > "$log" 2>&1; }
sts() { "$cli" eval sts --model "$1" --data "$data/sts/sts-test.csv" --json "$out/$2.json" > "$out/$2.eval.log" 2>&1; }

# 1. a small BERT pre-trained from scratch by MLM (bert-base-uncased vocabulary, hidden 128, 2 layers)
rm -rf "$out/mlm"
timed "$out/mlm.log" "$cli" bert pretrain --corpus "$data/text/wordnet_glosses.txt" "$data/text/wikitext2_validtest_sentences.txt" \
  --vocab "$data/vocab/vocab.txt" --hidden-size 128 --num-layers 2 --num-heads 2 --output-dir "$out/mlm" \
  --time-budget "$mlm_budget" --eval-steps 200 --seed 42
# 2. post-processing fitted on the STS-B train sentences (no test sentence), avg_first_last as BERT-flow
cut -f6,7 "$data/sts/sts-train.csv" | tr '\t' '\n' | awk 'NF' > "$out/sts-train-sentences.txt"
sts "$out/mlm/best" mlm.cls
rm -rf "$out/mlm-white" "$out/mlm-flow" "$out/mlm-plain"
timed "$out/whiten.log" "$cli" whiten --model "$out/mlm/best" --pooler avg_first_last --corpus "$out/sts-train-sentences.txt" --output "$out/mlm-white"
timed "$out/flow.log" "$cli" flow --model "$out/mlm/best" --pooler avg_first_last --corpus "$out/sts-train-sentences.txt" --output "$out/mlm-flow" --epochs 1
"$cli" eval sts --model "$out/mlm/best" --pooler avg_first_last --data "$data/sts/sts-test.csv" --json "$out/mlm.avgfl.json" > "$out/mlm.avgfl.eval.log" 2>&1
sts "$out/mlm-white" mlm.whitened
sts "$out/mlm-flow" mlm.flow
# 3. SBERT and supervised SimCSE / SupCon from the same MLM model, same budget each, STS-B dev for the best model
common=(--model "$out/mlm/best" --time-budget "$budget" --eval-file "$data/sts/sts-dev.csv" --seed 42)
for run in sbert-nli sbert-sts simcse-sup simcse-supcon; do rm -rf "$out/$run"; done
timed "$out/sbert-nli.log" "$cli" sbert train --objective nli --train-file "$data/text/snli_devtest_triplets.csv" --output-dir "$out/sbert-nli" \
  "${common[@]}" --epochs 1 --eval-steps 150 --max-seq-length 32
sts "$out/sbert-nli/best" sbert-nli
timed "$out/sbert-sts.log" "$cli" sbert train --objective sts-regression --train-file "$data/sts/sts-train.csv" --output-dir "$out/sbert-sts" \
  "${common[@]}" --epochs 4 --eval-steps 150 --max-seq-length 32
sts "$out/sbert-sts/best" sbert-sts
timed "$out/simcse-sup.log" "$cli" simcse train --supervised --train-file "$data/text/snli_devtest_triplets.csv" --output-dir "$out/simcse-sup" \
  "${common[@]}" --epochs 1 --eval-steps 30 --batch-size 64 --learning-rate 5e-5 --pooler cls
sts "$out/simcse-sup/best" simcse-sup
timed "$out/simcse-supcon.log" "$cli" simcse train --supervised --loss supcon --train-file "$data/text/snli_devtest_triplets.csv" --output-dir "$out/simcse-supcon" \
  "${common[@]}" --epochs 1 --eval-steps 30 --batch-size 64 --learning-rate 5e-5 --pooler cls
sts "$out/simcse-supcon/best" simcse-supcon
