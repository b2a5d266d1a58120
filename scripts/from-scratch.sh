#!/usr/bin/env bash
# The from-scratch research pipeline (the main job until issue 12; now `scripts/main.sh` starts from pretrained
# encoders): a sentence encoder trained from scratch on 2 CPU cores in about 20 minutes, and the dropout ablation.
#   1. install what is missing (the .NET SDK is expected; Debian's wordnet-base when ../shared/data is absent;
#      dataset-fashion-mnist and chromium for the vision job and the search-page tests)
#   2. build the `contrastive` command
#   3. train a WordPiece vocabulary on the corpus
#   4. pre-train a small BERT by masked language modelling (MLM_BUDGET)
#   5. unsupervised SimCSE from the MLM model (SIMCSE_BUDGET), evaluated on STS-B dev, best kept
#   6. STS-B test comparison table against the baselines (TF-IDF, GloVe average, untrained, MLM-only, whitening)
#   7. plots next to the models, and a few similarity / search examples
#   8. with ABLATION=1, the dropout ablation of bench/RESULTS.md (bench/text-experiments.sh dropout on this MLM model)
# Environment overrides: OUT (default runs/from-scratch), MLM_BUDGET (12m) and MLM_STEPS (900), SIMCSE_BUDGET (8m) and
# SIMCSE_STEPS (600) (the learning-rate schedules are planned on the steps; the budgets stop a slower machine early),
# STS_DIR (folder with sts-dev.csv and sts-test.csv; default ../shared/data/sts), VOCAB_SIZE (16000), HIDDEN (256),
# LAYERS (4).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
OUT=${OUT:-runs/from-scratch}
MLM_BUDGET=${MLM_BUDGET:-12m}
MLM_STEPS=${MLM_STEPS:-900}
SIMCSE_BUDGET=${SIMCSE_BUDGET:-8m}
SIMCSE_STEPS=${SIMCSE_STEPS:-600}
VOCAB_SIZE=${VOCAB_SIZE:-16000}
HIDDEN=${HIDDEN:-256}
LAYERS=${LAYERS:-4}
SHARED=../shared/data
STS_DIR=${STS_DIR:-$SHARED/sts}
STS_URL=https://ixa2.si.ehu.eus/stswiki/images/4/48/Stsbenchmark.tar.gz
step() { printf '\n\033[1m== %s (%ds elapsed)\033[0m\n' "$*" $(( $(date +%s) - start )); }

step "1/7 set-up"
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required: https://dotnet.microsoft.com/download" >&2; exit 1; }
bash scripts/install-extras.sh   # Fashion-MNIST (scripts/vision.sh) and chromium (search-page tests); best effort
mkdir -p "$OUT"
CORPUS=()
if [ -d "$SHARED/text" ]; then
  CORPUS=("$SHARED/text/senteval_snli_sentences.tsv" "$SHARED/text/wordnet_examples.txt" "$SHARED/text/wikitext2_validtest_sentences.txt")
else
  if [ ! -f /usr/share/wordnet/data.noun ]; then
    echo "installing Debian's wordnet-base (English glosses and example sentences)"
    apt-get update -qq && apt-get install -y -qq wordnet-base >/dev/null
  fi
  # WordNet data lines end in "| gloss"; a gloss holds definitions and quoted examples separated by "; ".
  sed -n 's/^[0-9]\{8\} .* | //p' /usr/share/wordnet/data.{noun,verb,adj,adv} | tr ';' '\n' \
    | sed 's/^ *"\{0,1\}//; s/"\{0,1\} *$//' | awk 'NF >= 4' > "$OUT/wordnet_sentences.txt"
  CORPUS=("$OUT/wordnet_sentences.txt")
fi
if [ ! -f "$STS_DIR/sts-test.csv" ]; then
  echo "STS-B not found in $STS_DIR; trying $STS_URL"
  if curl -fsSL --max-time 60 "$STS_URL" -o "$OUT/stsb.tar.gz" && tar -xzf "$OUT/stsb.tar.gz" -C "$OUT"; then
    STS_DIR="$OUT/stsbenchmark"
  else
    echo "error: no STS Benchmark: set STS_DIR to a folder holding sts-dev.csv and sts-test.csv ($STS_URL was not reachable)" >&2
    exit 1
  fi
fi
echo "corpus: ${CORPUS[*]}"
echo "STS-B: $STS_DIR"

step "2/7 build"
dotnet build src/Contrastive.Cli -c Release --nologo -v q
C=src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive

step "3/7 WordPiece vocabulary ($VOCAB_SIZE tokens)"
$C tokenizer train --corpus "${CORPUS[@]}" --vocab-size "$VOCAB_SIZE" --out "$OUT/tokenizer"

step "4/7 MLM pre-training ($MLM_BUDGET)"
MODEL_ARGS=(--hidden-size "$HIDDEN" --num-layers "$LAYERS" --num-heads $(( HIDDEN / 64 )))
$C bert init --vocab "$OUT/tokenizer/vocab.txt" "${MODEL_ARGS[@]}" --out "$OUT/untrained"
$C bert pretrain --corpus "${CORPUS[@]}" --vocab "$OUT/tokenizer/vocab.txt" "${MODEL_ARGS[@]}" \
  --output-dir "$OUT/mlm" --time-budget "$MLM_BUDGET" --max-steps "$MLM_STEPS" --eval-steps 150

step "5/7 unsupervised SimCSE from the MLM model ($SIMCSE_BUDGET)"
$C simcse train --model "$OUT/mlm/best" --train-file "${CORPUS[@]}" --output-dir "$OUT/simcse" \
  --pooler avg --learning-rate 1e-4 --batch-size 64 --max-seq-length 32 \
  --time-budget "$SIMCSE_BUDGET" --max-steps "$SIMCSE_STEPS" --warmup-steps 30 --eval-file "$STS_DIR/sts-dev.csv" --eval-steps 100

step "6/7 STS-B test: comparison"
T="$STS_DIR/sts-test.csv"; R="$OUT/results"; mkdir -p "$R"
$C eval baseline --kind tfidf --corpus "${CORPUS[@]}" --data "$T" --json "$R/tfidf.json" >/dev/null
ROWS=("TF-IDF (IDF on the corpus)=$R/tfidf.json")
if [ -f "$SHARED/vectors/glove_twitter_25d_subset.txt" ]; then
  $C eval baseline --kind word-vectors --vectors "$SHARED/vectors/glove_twitter_25d_subset.txt" --data "$T" --json "$R/glove.json" >/dev/null
  ROWS+=("GloVe-25 average=$R/glove.json")
fi
$C eval sts --model "$OUT/untrained" --pooler avg_first_last --data "$T" --json "$R/untrained.json" >/dev/null
$C eval sts --model "$OUT/mlm/best" --pooler cls_before_pooler --data "$T" --json "$R/mlm_cls.json" >/dev/null
$C eval sts --model "$OUT/mlm/best" --pooler avg_first_last --data "$T" --json "$R/mlm_avg_first_last.json" >/dev/null
$C whiten --model "$OUT/untrained" --pooler avg_first_last --corpus "${CORPUS[@]}" --output "$OUT/untrained_whitened" >/dev/null
$C eval sts --model "$OUT/untrained_whitened" --data "$T" --json "$R/untrained_whitened.json" >/dev/null
$C whiten --model "$OUT/mlm/best" --pooler avg_first_last --corpus "${CORPUS[@]}" --output "$OUT/mlm_whitened" >/dev/null
$C eval sts --model "$OUT/mlm_whitened" --data "$T" --json "$R/mlm_whitened.json" >/dev/null
$C eval sts --model "$OUT/simcse/best" --data "$T" --json "$R/simcse.json" >/dev/null
ROWS+=("untrained BERT (avg_first_last)=$R/untrained.json" "untrained + whitening=$R/untrained_whitened.json"
       "MLM only (cls)=$R/mlm_cls.json"
       "MLM only (avg_first_last)=$R/mlm_avg_first_last.json" "MLM + whitening=$R/mlm_whitened.json"
       "MLM + unsupervised SimCSE=$R/simcse.json")
$C eval report "${ROWS[@]}" --markdown "$R/table.md"

step "7/7 plots and examples"
ls -1 "$OUT"/mlm/*.png "$OUT"/simcse/*.png
$C similarity --model "$OUT/simcse/best" "A man is playing a guitar." "A person plays an instrument."
$C similarity --model "$OUT/simcse/best" "A man is playing a guitar." "The stock market fell sharply today."
cut -f6 "$T" | head -2000 > "$OUT/search_corpus.txt"
$C index build --model "$OUT/simcse/best" --corpus "$OUT/search_corpus.txt" --out "$OUT/index"
$C search --index "$OUT/index" --query "A dog runs through the grass." --query "Oil prices rise." --top-k 3 --threshold 0
if [ "${ABLATION:-0}" = 1 ]; then
  step "8/7 dropout ablation (bench/text-experiments.sh dropout)"
  MLM="$OUT/mlm/best" OUT="$OUT/experiments" bash bench/text-experiments.sh dropout
fi
echo
echo "done in $(( $(date +%s) - start ))s; models, plots and results are in $OUT"
