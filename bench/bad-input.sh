#!/usr/bin/env bash
# Runs malformed inputs (issue 17) through the built CLI, every command and every input file type, and prints a
# Markdown table of case | command | what it prints | exit code, then the totals (docs/bad-input.md holds one run).
# Each case states what it expects: 1 (one line "error: ...", exit 1), 0 (a documented success or skip, e.g. a
# warning) or 130 (interrupted). A case counts as a crash when it exits otherwise (70 = internal error, a signal...),
# as an internal error text when its output holds "internal error", an exception type or a stack trace, and as a
# silent wrong result when it exits 0 where an error was expected.
# Usage: bench/bad-input.sh [path/to/contrastive]   (default: the Release build under src/Contrastive.Cli/bin)
# Needs curl and python3 (to write NaN weights); tiny fixtures, about 150 runs of the CLI.
set -u
set -m   # job control: background runs keep the default SIGINT action (a script's background jobs otherwise ignore it)
CLI=${1:-$(dirname "$0")/../src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
CLI=$(realpath "$CLI")
export OMP_NUM_THREADS=1 CONTRASTIVE_THREADS=1
W=$(mktemp -d /tmp/bad-input.XXXXXX)
trap 'rm -rf "$W"' EXIT
cd "$W"
START=$(date +%s)

# ---- Fixtures: a 32-word vocabulary, a corpus over it, STS files, an untrained model folder, an index, an ONNX
# export, sequences, a digits CSV and images.
printf '%s\n' '[PAD]' '[UNK]' '[CLS]' '[SEP]' '[MASK]' the a man woman child dog cat is are plays playing reads reading \
  runs running guitar piano book park street in on with and red small . > vocab.txt
words=(the a man woman child dog cat is plays reads runs guitar piano book park street in on with and red small)
RANDOM=7
for i in $(seq 1 64); do s=""; for j in $(seq 1 $((RANDOM % 8 + 3))); do s="$s ${words[RANDOM % ${#words[@]}]}"; done; echo "${s# } ."; done > corpus.txt
head -3 corpus.txt > three.txt
head -1 corpus.txt > one.txt
paste <(seq 0 15) <(head -16 corpus.txt) <(tail -16 corpus.txt) | awk -F'\t' '{printf "main-captions\tMSRvid\t2012test\t%04d\t%.2f\t%s\t%s\n", $1, ($1*0.31)%5, $2, $3}' > sts.csv
paste -d, <(head -16 corpus.txt) <(sed -n 17,32p corpus.txt) <(tail -16 corpus.txt) | sed '1i sent0,sent1,hard_neg' > nli.csv
"$CLI" bert init --vocab vocab.txt --out model --hidden-size 64 --num-layers 2 --num-heads 2 --intermediate-size 128 >/dev/null
"$CLI" bert init --vocab vocab.txt --out model32 --hidden-size 32 --num-layers 1 --num-heads 2 --intermediate-size 64 >/dev/null
"$CLI" index build --model model --corpus corpus.txt --out index >/dev/null 2>&1
"$CLI" model export-onnx --model model --out model.onnx >/dev/null 2>&1
"$CLI" encode --model model --input three.txt --output part64.npy >/dev/null 2>&1
"$CLI" encode --model model32 --input three.txt --output part32.npy >/dev/null 2>&1
cp -r model bigvocab && printf '%s\n' guitarist pianist bookshop >> bigvocab/vocab.txt
head -c 4096 /dev/urandom > data.bin
echo "not a folder" > afile
mkdir -p adir adir.npy emptydir
RANDOM=11
for u in $(seq 1 40); do s="u$u"; for j in $(seq 1 $((RANDOM % 6 + 4))); do s="$s $((RANDOM % 30 + 1))"; done; echo "$s"; done > seq.txt
awk '{for (i = 2; i <= NF; i++) print $1 "\t" $i "\t" 4 "\t" 1000 + i}' seq.txt > ratings.tsv
"$CLI" seqrec train --model sasrec --data seq.txt --output-dir seqrun --hidden-size 16 --num-heads 2 --inner-size 32 --max-seq-length 8 \
  --batch-size 16 --max-steps 2 >/dev/null 2>&1
RANDOM=5
for i in $(seq 0 47); do p=""; for j in $(seq 1 36); do p="$p$((RANDOM % 17)),"; done; echo "$p$((i % 3))"; done > digits.csv
"$CLI" vision train --method simclr --data digits.csv --output-dir visionrun --width 8 --hidden-dim 16 --projection-dim 8 \
  --augment crop,flip --batch-size 8 --max-steps 1 --warmup-steps 0 >/dev/null 2>&1
"$CLI" vision preview --data digits.csv --out preview.png >/dev/null 2>&1
mkdir -p images/a images/b && cp preview.png images/a/1.png && cp preview.png images/b/1.png && head -c 300 /dev/urandom > images/b/2.png

TINY=(--hidden-size 64 --num-layers 2 --num-heads 2 --intermediate-size 128)
SEQ=(--hidden-size 16 --num-heads 2 --inner-size 32 --max-seq-length 8 --batch-size 16 --max-steps 1)
VIS=(--width 8 --hidden-dim 16 --projection-dim 8 --augment crop,flip --batch-size 8 --max-steps 1 --warmup-steps 0)
variant() { rm -rf "$1"; cp -r "$2" "$1"; }   # variant NEW FROM: a copy of a fixture folder to break

# Cases run BAD_INPUT_JOBS at a time (default 3); each writes its table row and its verdict under rows/, printed in
# order at the end. "barrier" waits for the running cases where a later one depends on an earlier one's output.
JOBS=${BAD_INPUT_JOBS:-3}
mkdir -p rows
n=0
next_id() { n=$((n + 1)); id=$(printf '%03d' $n); }
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 0.1; done; }
barrier() { while [ "$(jobs -rp | wc -l)" -gt 0 ]; do sleep 0.1; done; }
verdict() {  # verdict ID EXPECT CODE ERRFILE: one line "expect code internal oneline" for the totals
  local internal=0 oneline=0
  if [ "$2" = 1v ]; then   # --verbose: the one line, then the stack trace asked for (a documented success)
    head -1 "$4" | grep -q '^error: ' && ! grep -q 'internal error' "$4" && [ "$3" = 1 ] && { echo "0 0 0 1" > "rows/$1.verdict"; return; }
    echo "1 $3 1 0" > "rows/$1.verdict"; return
  fi
  grep -qE 'internal error|Exception|^   at ' "$4" && internal=1
  [ "$(grep -c . "$4")" -eq 1 ] && head -1 "$4" | grep -q '^error: ' && oneline=1
  echo "$2 $3 $internal $oneline" > "rows/$1.verdict"
}
clean() { sed "s|$W/||g; s|$W|.|g" | tr '\n' ' ' | sed 's/|/\\|/g; s/ *$//'; }
run_row() {  # run_row ID CASE EXPECT PATTERN ARGS...
  local id=$1 case=$2 expect=$3 pattern=$4; shift 4
  timeout 120 "$CLI" "$@" > "rows/$id.out" 2> "rows/$id.err" < /dev/null; local code=$?
  verdict "$id" "$expect" "$code" "rows/$id.err"
  local msg; msg=$(head -1 "rows/$id.err"); [ -z "$msg" ] && msg=$(grep -E -- "$pattern" "rows/$id.out" | head -3)
  local trace; trace=$(grep -c '^   at ' "rows/$id.err"); [ "$trace" -gt 0 ] && msg="$msg (then the stack trace: $trace lines)"
  msg=$(echo "$msg" | clean)
  local cmd; cmd=$(echo "contrastive $*" | clean)
  [ ${#cmd} -gt 160 ] && cmd="${cmd:0:157}..."
  echo "| $case | \`$cmd\` | $msg | $code |" > "rows/$id.md"
}
row() {   # row CASE EXPECT PATTERN ARGS...: runs contrastive ARGS; the row shows stderr's first line, or stdout's lines matching PATTERN
  next_id; throttle
  run_row "$id" "$@" &
}
interrupt() {  # interrupt CASE ARGS...: starts a training run, sends SIGINT after its first step (alone: timing matters)
  local case=$1; shift
  barrier; next_id
  "$CLI" "$@" > int.out 2> int.err &
  local pid=$!
  for _ in $(seq 1 1200); do grep -q "step 1/" int.out 2>/dev/null && break; sleep 0.1; done
  kill -INT $pid; wait $pid; local code=$?
  verdict "$id" 130 "$code" /dev/null
  echo "| $case | \`contrastive $1 $2 ...\`, then SIGINT | $(clean < int.err) | $code |" > "rows/$id.md"
}

# ---- The command line
row "no command" 1 "^$"
row "unknown command" 1 "^$" frobnicate
row "unknown option" 1 "^$" encode --modle model --input corpus.txt --output e.npy
row "required option missing" 1 "^$" encode --input corpus.txt
row "integer option not a number" 1 "^$" encode --model model --input corpus.txt --output e.npy --batch-size abc
row "negative batch size (encode)" 1 "^$" encode --model model --input corpus.txt --output e.npy --batch-size -1
row "eval sts --batch-size 0" 1 "^$" eval sts --model model --data sts.csv --batch-size 0
row "bad input with --verbose" 1v "^$" encode --model model --input missing.txt --output e.npy --verbose

# ---- Model folders: config.json, model.safetensors, vocab.txt, modules.json, pooling
row "model folder missing" 1 "^$" encode --model nomodel --input corpus.txt --output e.npy
row "model is a file" 1 "^$" encode --model afile --input corpus.txt --output e.npy
row "model folder empty" 1 "^$" encode --model emptydir --input corpus.txt --output e.npy
variant m1 model; rm m1/config.json
row "config.json missing" 1 "^$" encode --model m1 --input corpus.txt --output e.npy
variant m2 model; echo '{"hidden_size": 64,' > m2/config.json
row "config.json not JSON" 1 "^$" encode --model m2 --input corpus.txt --output e.npy
variant m3 model; sed -i 's/"num_attention_heads": 2/"num_attention_heads": 3/' m3/config.json
row "config.json: hidden size not divisible by the heads" 1 "^$" encode --model m3 --input corpus.txt --output e.npy
variant m4 model; sed -i 's/"hidden_size": 64/"hidden_size": "64"/' m4/config.json
row "config.json: a number given as a string" 1 "^$" encode --model m4 --input corpus.txt --output e.npy
variant m5 model; sed -i 's/"vocab_size": [0-9]*/"vocab_size": -5/' m5/config.json
row "config.json: negative vocab_size" 1 "^$" encode --model m5 --input corpus.txt --output e.npy
variant m6 model; rm m6/model.safetensors
row "model.safetensors missing" 1 "^$" encode --model m6 --input corpus.txt --output e.npy
variant m7 model; head -c 5000 model/model.safetensors > m7/model.safetensors
row "safetensors truncated" 1 "^$" encode --model m7 --input corpus.txt --output e.npy
variant m8 model; head -c 20000 /dev/urandom > m8/model.safetensors
row "safetensors of random bytes" 1 "^$" encode --model m8 --input corpus.txt --output e.npy
variant m9 model; printf '\x10\x00\x00\x00\x00\x00\x00\x00{"a":{"dtype":"F' > m9/model.safetensors
row "safetensors header cut inside the JSON" 1 "^$" encode --model m9 --input corpus.txt --output e.npy
variant m10 model; cp model32/model.safetensors m10/model.safetensors
row "safetensors of another shape (hidden 32 for 64)" 1 "^$" encode --model m10 --input corpus.txt --output e.npy
variant m11 model
python3 - m11/model.safetensors <<'PY'
import json, struct, sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
n = struct.unpack('<Q', data[:8])[0]
header = json.loads(data[8:8 + n])
name = next(k for k, v in header.items() if k != '__metadata__' and v['dtype'] == 'F32' and 'word_embeddings' in k)
begin = 8 + n + header[name]['data_offsets'][0]
data[begin:begin + 16] = struct.pack('<4f', *[float('nan')] * 4)
open(path, 'wb').write(data)
PY
row "NaN weights" 1 "^$" encode --model m11 --input corpus.txt --output e.npy
variant m12 model; rm m12/vocab.txt
row "vocab.txt missing" 1 "^$" encode --model m12 --input corpus.txt --output e.npy
variant m13 model; : > m13/vocab.txt
row "vocab.txt empty" 1 "^$" encode --model m13 --input corpus.txt --output e.npy
variant m14 model; cp data.bin m14/vocab.txt
row "vocab.txt binary" 1 "^$" encode --model m14 --input corpus.txt --output e.npy
row "vocab.txt larger than vocab_size" 1 "^$" encode --model bigvocab --input corpus.txt --output e.npy
variant m15 model; grep -v UNK model/vocab.txt > m15/vocab.txt; echo extra >> m15/vocab.txt
row "vocab.txt without [UNK]" 1 "^$" encode --model m15 --input corpus.txt --output e.npy
variant m16 model; echo '[{"idx": 0,' > m16/modules.json
row "modules.json not JSON" 1 "^$" encode --model m16 --input corpus.txt --output e.npy
variant m17 model; sed -i 's/"type": "[^"]*Pooling"/"type": "sentence_transformers.models.Frobnicate"/' m17/modules.json
row "modules.json: unknown module type" 1 "^$" encode --model m17 --input corpus.txt --output e.npy
variant m18 model; rm -rf m18/1_Pooling
row "modules.json: module folder missing" 1 "^$" encode --model m18 --input corpus.txt --output e.npy
variant m19 model; echo '[]' > m19/modules.json
row "modules.json: empty pipeline" 1 "^$" encode --model m19 --input corpus.txt --output e.npy
variant m20 model; echo '{"word_embedding_dimension": 64, "pooling_mode_cls_token": "yes"}' > m20/1_Pooling/config.json
row "pooling config of the wrong type" 1 "^$" encode --model m20 --input corpus.txt --output e.npy
variant m21 model; echo '{"max_seq_length": 0}' > m21/sentence_bert_config.json
row "sentence_bert_config.json: max_seq_length 0" 1 "^$" encode --model m21 --input corpus.txt --output e.npy

# ---- Text inputs and encode's outputs
row "input missing" 1 "^$" encode --model model --input missing.txt --output e.npy
row "input file is a folder" 1 "^$" encode --model model --input adir --output e.npy
: > empty.txt
row "input empty" 1 "^$" encode --model model --input empty.txt --output e.npy
printf '\n\n  \n' > blank.txt
row "input of blank lines only" 1 "^$" encode --model model --input blank.txt --output e.npy
row "binary input (encode)" 1 "^$" encode --model model --input data.bin --output e.npy
printf 'caf\xe9 \xe0 la cr\xe8me\n%.0s' $(seq 1 20) > latin1.txt
row "Latin-1 input (invalid UTF-8 on most lines)" 1 "^$" encode --model model --input latin1.txt --output e.npy
row "output format unknown (.txt)" 1 "^$" encode --model model --input corpus.txt --output e.txt
row "output folder is a file (encode)" 1 "^$" encode --model model --input corpus.txt --output afile/e.npy
row "output file is a folder (encode)" 1 "^$" encode --model model --input corpus.txt --output adir.npy
row "output in an unwritable folder" 1 "^$" encode --model model --input corpus.txt --output /proc/x.npy
row "--shard past the count" 1 "^$" encode --model model --input corpus.txt --output e.npy --shard 3/2
row "--shard not i/n" 1 "^$" encode --model model --input corpus.txt --output e.npy --shard abc
row "--merge: a part missing" 1 "^$" encode --merge part64.npy nopart.npy --output m.npy
row "--merge: parts of different widths" 1 "^$" encode --merge part64.npy part32.npy --output m.npy
cp corpus.txt text.npy
row "--merge: a part that is not .npy" 1 "^$" encode --merge part64.npy text.npy --output m.npy
row "--dtype fp16" 1 "^$" encode --model model --input corpus.txt --output e.npy --dtype fp16
row "--backend unknown" 1 "^$" encode --model model --input corpus.txt --output e.npy --backend tpu
row "--backend onnx without an export" 1 "^$" encode --model model --input corpus.txt --output e.npy --backend onnx
row "--pooler unknown" 1 "^$" encode --model model --input corpus.txt --output e.npy --pooler bogus
row "similarity: model missing" 1 "^$" similarity --model nomodel "a cat" "a dog"
row "similarity: empty sentence" 1 "^$" similarity --model model "" "a dog"

# ---- STS, SentEval, baselines, reports
row "eval sts: data missing" 1 "^$" eval sts --model model --data missing.csv
awk -F'\t' -v OFS='\t' 'NR == 3 { $5 = "abc" } 1' sts.csv > sts-badscore.csv
row "STS-B: a score that is not a number" 1 "^$" eval sts --model model --data sts-badscore.csv
cut -f1-5 sts.csv > sts-short.csv
row "STS-B: too few columns" 1 "^$" eval sts --model model --data sts-short.csv
row "STS-B: empty file" 1 "^$" eval sts --model model --data empty.txt
awk -F'\t' -v OFS='\t' 'NR == 2 { $5 = "7.5" } 1' sts.csv > sts-range.csv
row "STS-B: a score outside 0-5" 1 "^$" eval sts --model model --data sts-range.csv
row "STS-B: binary file" 1 "^$" eval sts --model model --data data.bin
mkdir -p senteval-empty
row "SentEval folder without STS/ or SICK/" 1 "^$" eval sts --model model --data senteval-empty
mkdir -p senteval/STS/STS12-en-test
cut -f6,7 sts.csv > senteval/STS/STS12-en-test/STS.input.MSRvid.txt
cut -f5 sts.csv | head -10 > senteval/STS/STS12-en-test/STS.gs.MSRvid.txt
row "SentEval: gold scores and pairs of different lengths" 1 "^$" eval sts --model model --data senteval
row "eval sts --max-seq-length 0" 1 "^$" eval sts --model model --data sts.csv --max-seq-length 0
printf 'the 0.1 0.2\ncat 0.3\n' > vectors.txt
row "word vectors of different lengths" 1 "^$" eval baseline --kind word-vectors --vectors vectors.txt --data sts.csv
row "eval baseline: unknown kind" 1 "^$" eval baseline --kind bogus --data sts.csv
row "eval baseline tfidf without --corpus" 1 "^$" eval baseline --kind tfidf --data sts.csv
row "eval report: a file that is not JSON" 1 "^$" eval report a=corpus.txt
row "eval report: an entry without LABEL=" 1 "^$" eval report corpus.txt
echo '{"tasks": 3}' > wrong.json
row "eval report: JSON of another shape" 1 "^$" eval report a=wrong.json
row "alignment/uniformity digits (untrained model)" 0 "alignment" eval sts --model model --data sts.csv

# ---- NLI CSV and SBERT pairs
head -5 nli.csv | cut -d, -f1 > nli-onecol.csv
row "NLI CSV with one column" 1 "^$" simcse train --supervised --train-file nli-onecol.csv --vocab vocab.txt --output-dir nli1 --max-steps 1 "${TINY[@]}"
head -1 nli.csv > nli-header.csv
row "NLI CSV: header only" 1 "^$" simcse train --supervised --train-file nli-header.csv --vocab vocab.txt --output-dir nli2 --max-steps 1 "${TINY[@]}"
{ head -1 nli.csv; echo '"a man plays,the guitar,a dog'; tail -n +2 nli.csv; } > nli-quote.csv
row "NLI CSV: unbalanced quote" 1 "^$" simcse train --supervised --train-file nli-quote.csv --vocab vocab.txt --output-dir nli3 --max-steps 1 "${TINY[@]}"
row "NLI CSV: binary file" 1 "^$" simcse train --supervised --train-file data.bin --vocab vocab.txt --output-dir nli4 --max-steps 1 "${TINY[@]}"
row "supervised with two files" 1 "^$" simcse train --supervised --train-file nli.csv nli.csv --vocab vocab.txt --output-dir nli5 --max-steps 1 "${TINY[@]}"
paste <(head -8 corpus.txt) <(tail -8 corpus.txt) <(printf 'maybe\n%.0s' $(seq 1 8)) > sbert-label.tsv
row "SBERT NLI: unknown label" 1 "^$" sbert train --objective nli --train-file sbert-label.tsv --vocab vocab.txt --output-dir sb1 --max-steps 1 "${TINY[@]}"
row "SBERT STS: a score that is not a number" 1 "^$" sbert train --objective sts-regression --train-file sts-badscore.csv --vocab vocab.txt --output-dir sb2 --max-steps 1 "${TINY[@]}"
row "SBERT: unknown objective" 1 "^$" sbert train --objective bogus --train-file sts.csv --vocab vocab.txt --output-dir sb3

# ---- Training: simcse, bert, distill
row "output folder is a file (simcse train)" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir afile --max-steps 1
row "SimCSE --batch-size 1" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run1 --batch-size 1 --max-steps 1
row "binary corpus (simcse train)" 1 "^$" simcse train --train-file data.bin --vocab vocab.txt --output-dir run2 --max-steps 1
row "corpus of one sentence" 1 "^$" simcse train --train-file one.txt --vocab vocab.txt --output-dir run6 --max-steps 1 "${TINY[@]}"
row "neither --model nor --vocab" 1 "^$" simcse train --train-file corpus.txt --output-dir run7 --max-steps 1
row "--learning-rate -1" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run8 --learning-rate -1 --max-steps 1
row "--learning-rate nan" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run8 --learning-rate nan --max-steps 1
row "--temp 0" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run8 --temp 0 --max-steps 1
row "--max-seq-length 2" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run8 --max-seq-length 2 --max-steps 1
row "--time-budget not a duration" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run8 --time-budget soon
row "--pooler unknown (training)" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run8 --pooler bogus --max-steps 1
row "--resume without a checkpoint" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run9 --max-steps 1 "${TINY[@]}" --resume
"$CLI" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 2 "${TINY[@]}" >/dev/null 2>&1
row "new run into a folder holding a checkpoint" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 2 "${TINY[@]}"
row "--resume with changed arguments" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 3 "${TINY[@]}" --learning-rate 1e-3 --warmup-steps 1 --resume
row "--resume with changed SimCSE arguments" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 3 "${TINY[@]}" --temp 0.1 --pooler avg --dropout 0.2 --resume
row "--resume on another corpus" 1 "^$" simcse train --train-file three.txt --vocab vocab.txt --output-dir run3 --max-steps 3 "${TINY[@]}" --resume
barrier
row "--resume, changed rate allowed" 0 "Resuming" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 3 "${TINY[@]}" --learning-rate 1e-3 --resume --allow-changed
barrier
variant run10 run3; echo '{"global_step": ' > run10/checkpoint/trainer_state.json
row "--resume from a corrupt trainer_state.json" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run10 --max-steps 4 "${TINY[@]}" --resume
variant run11 run3; head -c 3000 run3/checkpoint/model.safetensors > run11/checkpoint/model.safetensors
row "--resume from truncated checkpoint weights" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run11 --max-steps 4 "${TINY[@]}" --learning-rate 1e-3 --resume --allow-changed
row "collapse during training (--learning-rate 0.5)" 0 "warning|eval at step 4" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run5 "${TINY[@]}" --learning-rate 0.5 --max-steps 4 --eval-steps 4 --batch-size 16 --eval-file sts.csv
row "--eval-file malformed" 1 "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run12 "${TINY[@]}" --max-steps 1 --eval-file sts-short.csv
row "bert pretrain --mask-probability 0" 1 "^$" bert pretrain --corpus corpus.txt --vocab vocab.txt --output-dir bp1 --mask-probability 0 --max-steps 1
row "bert pretrain: empty corpus" 1 "^$" bert pretrain --corpus empty.txt --vocab vocab.txt --output-dir bp2 --max-steps 1
row "bert init: heads do not divide the hidden size" 1 "^$" bert init --vocab vocab.txt --out bi1 --hidden-size 30 --num-heads 4
row "bert init: vocab missing" 1 "^$" bert init --vocab missing.txt --out bi2
row "output folder is a file (bert init)" 1 "^$" bert init --vocab vocab.txt --out afile
row "bert eval-mlm: corpus missing" 1 "^$" bert eval-mlm --model model --corpus missing.txt
row "distill: teacher missing" 1 "^$" distill --teacher nomodel --train-file corpus.txt --output-dir d1 --max-steps 1
row "distill --student-layers 0,x" 1 "^$" distill --teacher model --train-file corpus.txt --output-dir d2 --student-layers 0,x --max-steps 1
row "distill --student-layers 5 (teacher has 2)" 1 "^$" distill --teacher model --train-file corpus.txt --output-dir d3 --student-layers 5 --max-steps 1
row "distill --loss mse with a narrower student" 1 "^$" distill --teacher model --train-file corpus.txt --output-dir d4 --hidden-size 32 --num-heads 2 --max-steps 1
interrupt "Ctrl+C during training (simcse)" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run4 "${TINY[@]}" --max-steps 100000 --eval-steps 10000
interrupt "Ctrl+C during training (seqrec)" seqrec train --model sasrec --data seq.txt --output-dir seqint --hidden-size 16 --num-heads 2 --inner-size 32 --max-seq-length 8 --batch-size 8 --max-steps 100000 --eval-epochs 100000 --patience 100000
next_id; echo "0 0 0 0" > "rows/$id.verdict"
"$CLI" simcse train --help | grep -A1 -- "--learning-rate <" | head -2 | tr -s ' ' | tr '\n' ' ' | sed 's/|/\\|/g' | awk '{print "| default learning rate | `contrastive simcse train --help` | " $0 " | 0 |"}' > "rows/$id.md"

# ---- Tokenizer, whitening, flow
row "tokenizer train --vocab-size 3" 1 "^$" tokenizer train --corpus corpus.txt --vocab-size 3 --out tok1
row "tokenizer train: binary corpus" 1 "^$" tokenizer train --corpus data.bin --vocab-size 100 --out tok2
row "tokenizer train: output is a file" 1 "^$" tokenizer train --corpus corpus.txt --vocab-size 100 --out afile
row "tokenizer encode: vocab missing" 1 "^$" tokenizer encode --vocab missing.txt "a cat"
row "whiten: 3 sentences, 64 dimensions" 1 "^$" whiten --model model --corpus three.txt --output whitened
row "whiten --k 0" 1 "^$" whiten --model model --corpus corpus.txt --output whitened2 --k 0
row "whiten --output the model itself" 1 "^$" whiten --model model --corpus corpus.txt --output model
row "whiten: output is a file" 1 "^$" whiten --model model --corpus corpus.txt --output afile
row "flow --steps 0" 1 "^$" flow --model model --corpus corpus.txt --output flowed --steps 0
row "flow: binary corpus" 1 "^$" flow --model model --corpus data.bin --output flowed2

# ---- Index folders and search
row "output folder is a file (index build)" 1 "^$" index build --model model --corpus corpus.txt --out afile
row "binary corpus (index build)" 1 "^$" index build --model model --corpus data.bin --out index2
row "index build --ivf --cells 1000 for 64 sentences (documented clamp, with a warning)" 0 "cells" index build --model model --corpus corpus.txt --out index3 --ivf --cells 1000
row "search: index missing" 1 "^$" search --index noindex --query "a cat"
row "search: a model folder as the index" 1 "^$" search --index model --query "a cat"
variant i1 index; echo '{"kind": ' > i1/index.json
row "index.json not JSON" 1 "^$" search --index i1 --query "a cat"
variant i2 index; sed -i 's/"exact-inner-product"/"hnsw"/' i2/index.json
row "index.json: unknown kind" 1 "^$" search --index i2 --query "a cat"
variant i3 index; head -c 1000 index/vectors.safetensors > i3/vectors.safetensors
row "index vectors truncated" 1 "^$" search --index i3 --query "a cat"
variant i4 index; head -10 index/sentences.jsonl > i4/sentences.jsonl
row "index: fewer sentences than vectors" 1 "^$" search --index i4 --query "a cat"
variant i5 index; echo 'not json' >> i5/sentences.jsonl
row "index sentences.jsonl: a line that is not JSON" 1 "^$" search --index i5 --query "a cat"
row "search --top-k 0" 1 "^$" search --index index --query "a cat" --top-k 0
row "search with a model of another dimension" 1 "^$" search --index index --query "a cat" --model model32
variant i6 index
python3 - i6/vectors.safetensors <<'PY'
import json, struct, sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
n = struct.unpack('<Q', data[:8])[0]
header = json.loads(data[8:8 + n])
name = next(k for k in header if k != '__metadata__')
begin = 8 + n + header[name]['data_offsets'][0]
data[begin:begin + 4] = struct.pack('<f', float('nan'))
open(path, 'wb').write(data)
PY
row "index with a NaN vector" 1 "^$" search --index i6 --query "a cat"
row "search: empty query" 1 "^$" search --index index --query ""

# ---- ONNX and model import/download/export
row "model import: ONNX of random bytes" 1 "^$" model import --onnx data.bin --vocab vocab.txt --out imp1
head -c 2000 model.onnx > trunc.onnx
row "model import: ONNX truncated" 1 "^$" model import --onnx trunc.onnx --vocab vocab.txt --out imp2
row "model import: --onnx without --vocab" 1 "^$" model import --onnx model.onnx --out imp3
row "model import: vocab of another size" 1 "^$" model import --onnx model.onnx --vocab bigvocab/vocab.txt --out imp4
row "model import: unknown NuGet model" 1 "^$" model import --nuget bogus --out imp5
row "model import: output folder not empty" 1 "^$" model import --onnx model.onnx --vocab vocab.txt --out model
row "export-onnx --opset 5" 1 "^$" model export-onnx --model model --out x.onnx --opset 5
row "export-onnx --quantize int4" 1 "^$" model export-onnx --model model --out x.onnx --quantize int4
variant m22 model; mkdir -p m22/onnx; head -c 2000 model.onnx > m22/onnx/model.onnx
row "--backend onnx with a corrupt model.onnx" 1 "^$" encode --model m22 --input corpus.txt --output e.npy --backend onnx
row "model download: id without org/" 1 "^$" model download noslash --offline --cache-dir hub
row "model download --offline, not cached" 1 "^$" model download org/name --offline --cache-dir hub

# ---- Sequence files (seqrec)
row "seqrec: data missing" 1 "^$" seqrec train --model sasrec --data missing.txt --output-dir s1 "${SEQ[@]}"
row "seqrec: binary data" 1 "^$" seqrec train --model sasrec --data data.bin --output-dir s2 "${SEQ[@]}"
{ cat seq.txt; echo "u1 5 6 7"; } > seq-dup.txt
row "seqrec: a user on two lines" 1 "^$" seqrec train --model sasrec --data seq-dup.txt --output-dir s3 "${SEQ[@]}"
{ head -20 seq.txt; echo; echo; tail -20 seq.txt; echo "u99 4"; echo "u98 x12 B00X"; } > seq-mixed.txt
row "seqrec: empty lines, a user with one interaction, non-integer items" 0 "users" seqrec train --model sasrec --data seq-mixed.txt --output-dir s4 "${SEQ[@]}"
printf 'u1 1\nu2 2\nu3 3\n' > seq-ones.txt
row "seqrec: every user with one interaction" 1 "^$" seqrec train --model sasrec --data seq-ones.txt --output-dir s5 "${SEQ[@]}"
cut -f1,2 ratings.tsv > ratings2.tsv
row "ratings: two columns" 1 "^$" seqrec train --model sasrec --data ratings2.tsv --format ratings --output-dir s6 "${SEQ[@]}"
sed '5s/\t[0-9]*$/\tlater/' ratings.tsv > ratings-time.tsv
row "ratings: a timestamp that is not a number" 1 "^$" seqrec train --model sasrec --data ratings-time.tsv --format ratings --output-dir s7 "${SEQ[@]}"
row "seqrec --model unknown" 1 "^$" seqrec train --model bogus --data seq.txt --output-dir s8 "${SEQ[@]}"
row "seqrec --format unknown" 1 "^$" seqrec train --model sasrec --data seq.txt --format bogus --output-dir s9 "${SEQ[@]}"
row "seqrec --k-core 0" 1 "^$" seqrec train --model sasrec --data seq.txt --k-core 0 --output-dir s10 "${SEQ[@]}"
row "seqrec --crop-eta 2" 1 "^$" seqrec train --model cl4srec --data seq.txt --crop-eta 2 --output-dir s11 "${SEQ[@]}"
row "seqrec: output folder is a file" 1 "^$" seqrec train --model sasrec --data seq.txt --output-dir afile "${SEQ[@]}"
row "seqrec eval: model missing" 1 "^$" seqrec eval --model nomodel --data seq.txt
printf 'u1 901 902 903\nu2 904 905 906\n' > seq-unknown.txt
row "seqrec eval: items unknown to the model" 1 "^$" seqrec eval --model seqrun/best --data seq-unknown.txt
row "seqrec recommend: items beyond the vocabulary only" 1 "^$" seqrec recommend --model seqrun/best 901 902
row "seqrec recommend: one item beyond the vocabulary" 0 "." seqrec recommend --model seqrun/best 1 2 901
row "seqrec recommend --top-k 0" 1 "^$" seqrec recommend --model seqrun/best --top-k 0 1 2
variant sm1 seqrun/best; echo garbage > sm1/config.json
row "seqrec model: config.json corrupt" 1 "^$" seqrec recommend --model sm1 1 2
variant sm2 seqrun/best; head -3 seqrun/best/items.txt > sm2/items.txt
row "seqrec model: items.txt shorter than the model" 1 "^$" seqrec recommend --model sm2 1 2

# ---- Images (vision)
row "vision: data missing" 1 "^$" vision train --method simclr --data missing.csv --output-dir v1 "${VIS[@]}"
sed '3s/^[0-9]*,/x,/' digits.csv > digits-nan.csv
row "digits CSV: a pixel that is not a number" 1 "^$" vision train --method simclr --data digits-nan.csv --output-dir v2 "${VIS[@]}"
sed '4s/,[0-9]*$//' digits.csv > digits-short.csv
row "digits CSV: rows of different lengths" 1 "^$" vision train --method simclr --data digits-short.csv --output-dir v3 "${VIS[@]}"
: > empty.csv
row "digits CSV: empty" 1 "^$" vision train --method simclr --data empty.csv --output-dir v4 "${VIS[@]}"
row "digits CSV: binary" 1 "^$" vision train --method simclr --data data.bin --output-dir v5 "${VIS[@]}"
row "image folder with a corrupt PNG" 1 "^$" vision train --method simclr --data images --output-dir v6 "${VIS[@]}" --image-size 8
row "image folder empty" 1 "^$" vision train --method simclr --data emptydir --output-dir v7 "${VIS[@]}"
mkdir -p idx && head -c 100 /dev/urandom > idx/train-images-idx3-ubyte && head -c 20 /dev/urandom > idx/train-labels-idx1-ubyte
row "IDX files of random bytes" 1 "^$" vision train --method simclr --data idx --output-dir v8 "${VIS[@]}"
row "vision --method unknown" 1 "^$" vision train --method bogus --data digits.csv --output-dir v9 "${VIS[@]}"
row "vision --augment unknown" 1 "^$" vision train --method simclr --data digits.csv --output-dir v10 --augment bogus --max-steps 1
row "vision: output folder is a file" 1 "^$" vision train --method simclr --data digits.csv --output-dir afile "${VIS[@]}"
row "vision preview --index 999" 1 "^$" vision preview --data digits.csv --out p2.png --index 999
variant vm1 visionrun/final; echo '{' > vm1/vision_model.json
row "vision model: vision_model.json corrupt" 1 "^$" vision eval --model vm1 --data digits.csv
row "vision eval: an image folder has no test split" 1 "^$" vision eval --raw-pixels --data images
row "vision eval: two of --model/--raw-pixels" 1 "^$" vision eval --raw-pixels --model visionrun --data digits.csv

# ---- Server
row "serve --urls notaurl" 1 "^$" serve --model model --urls notaurl
row "serve: model missing" 1 "^$" serve --model nomodel
row "serve --max-batch 0" 1 "^$" serve --model model --max-batch 0
row "serve: index missing" 1 "^$" serve --model model --index noindex
barrier
port=$((20000 + RANDOM % 20000))
"$CLI" serve --model model --index index --urls "http://127.0.0.1:$port" > serve.out 2>&1 &
spid=$!
for _ in $(seq 1 1200); do curl -s "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
next_id; run_row "$id" "serve: port in use" 1 "^$" serve --model model --urls "http://127.0.0.1:$port"
srow() {  # srow CASE PATH CONTENT-TYPE BODY-FILE: a malformed body must get a 4xx answer (counted as "1" when it does)
  next_id
  local status; status=$(curl -s -o resp.json -w '%{http_code}' -H "Content-Type: $3" --data-binary "@$4" "http://127.0.0.1:$port$2")
  local code=$status internal=0
  if [[ $status == 4* ]]; then code=1; elif [[ $status == 2* ]]; then code=0; fi
  grep -qE 'Exception|   at ' resp.json && internal=1
  echo "1 $code $internal 1" > "rows/$id.verdict"
  echo "| server: $1 | \`POST $2\` ($3) | $(clean < resp.json) | $status |" > "rows/$id.md"
}
printf '{"input": "\\ud800"}' > b1.json; srow 'lone surrogate "\ud800"' /v1/embeddings application/json b1.json
printf '{"input": "caf\xe9"}' > b2.json; srow "raw invalid UTF-8" /v1/embeddings application/json b2.json
printf '{"input": "   "}' > b3.json; srow "whitespace-only input" /v1/embeddings application/json b3.json
printf '{"input": "A cat."}' > b4.json; srow "text/plain body" /v1/embeddings text/plain b4.json
printf '{"input": [1, 2, 3]}' > b5.json; srow "token ids instead of text" /v1/embeddings application/json b5.json
printf '{"input": "a", "dimensions": "x"}' > b6.json; srow "dimensions not a number" /v1/embeddings application/json b6.json
printf '{"input": "%s"}' "$(head -c 2000000 /dev/zero | tr '\0' x)" > b7.json; srow "a 2 MB input" /v1/embeddings application/json b7.json
printf '{"input": %s"a"%s}' "$(printf '[%.0s' $(seq 1 200))" "$(printf ']%.0s' $(seq 1 200))" > b8.json; srow "JSON nested 200 deep" /v1/embeddings application/json b8.json
printf '{"inputs": "caf\xe9"}' > b9.json; srow "raw invalid UTF-8" /embed application/json b9.json
printf '{"inputs": {"source_sentence": " ", "sentences": ["a"]}}' > b10.json; srow "whitespace-only sentence" /similarity application/json b10.json
printf '{"query": "\\udc00"}' > b11.json; srow "lone surrogate" /search application/json b11.json
printf '{"query": "a", "top_k": -1}' > b12.json; srow "negative top_k" /search application/json b12.json
printf '{"query": "a"}' > b13.json; srow "text/plain body" /search text/plain b13.json
kill -INT $spid; wait $spid; code=$?
next_id; echo "0 $code 0 0" > "rows/$id.verdict"
echo "| serve, Ctrl+C | \`contrastive serve ...\`, then SIGINT | (stops) | $code |" > "rows/$id.md"

# ---- The table, then the totals from the verdicts ("expect code internal oneline" per case).
echo "| case | command | message | exit |"
echo "|---|---|---|---:|"
cat rows/*.md
cat rows/*.verdict | awk -v seconds=$(( $(date +%s) - START )) '
  { cases++; if ($3) internal++
    if ($2 != $1) { if ($2 == 0) silent++; else crashes++ }
    else if ($1 == 1) { if ($4) ok++; else multiline++ }
    else documented++ }
  END { printf "\nTotals: %d cases; %d refused with one line and exit 1 (the server: a 4xx answer), %d documented successes, skips or interrupts; %d crashes (another exit code), %d internal error texts, %d silent wrong results (exit 0 where an error was expected), %d errors of more than one line. Run time %d s.\n", cases, ok, documented, crashes, internal, silent, multiline, seconds }'
