#!/usr/bin/env bash
# Runs the malformed inputs of issue 17 through the built CLI and prints a Markdown table of
# case | command | what it prints | exit code (docs/bad-input.md holds the output of one run).
# Usage: bench/bad-input.sh [path/to/contrastive]   (default: the Release build under src/Contrastive.Cli/bin)
set -u
set -m   # job control: background runs keep the default SIGINT action (a script's background jobs otherwise ignore it)
CLI=${1:-$(dirname "$0")/../src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
CLI=$(realpath "$CLI")
export OMP_NUM_THREADS=1 CONTRASTIVE_THREADS=1
W=$(mktemp -d /tmp/bad-input.XXXXXX)
trap 'rm -rf "$W"' EXIT
cd "$W"

# Fixtures: a 32-word vocabulary, a corpus over it, an STS-B file and an untrained model folder.
printf '%s\n' '[PAD]' '[UNK]' '[CLS]' '[SEP]' '[MASK]' the a man woman child dog cat is are plays playing reads reading \
  runs running guitar piano book park street in on with and red small . > vocab.txt
words=(the a man woman child dog cat is plays reads runs guitar piano book park street in on with and red small)
RANDOM=7
for i in $(seq 1 64); do s=""; for j in $(seq 1 $((RANDOM % 8 + 3))); do s="$s ${words[RANDOM % ${#words[@]}]}"; done; echo "${s# } ."; done > corpus.txt
head -3 corpus.txt > three.txt
paste <(seq 0 15) <(head -16 corpus.txt) <(tail -16 corpus.txt) | awk -F'\t' '{printf "main-captions\tMSRvid\t2012test\t%04d\t%.2f\t%s\t%s\n", $1, ($1*0.31)%5, $2, $3}' > sts.csv
"$CLI" bert init --vocab vocab.txt --out model --hidden-size 64 --num-layers 2 --num-heads 2 --intermediate-size 128 >/dev/null
cp -r model bigvocab && printf '%s\n' guitarist pianist bookshop >> bigvocab/vocab.txt
head -c 4096 /dev/urandom > data.bin
echo "not a folder" > afile
mkdir -p adir adir.npy

TINY=(--hidden-size 64 --num-layers 2 --num-heads 2 --intermediate-size 128)
row() {   # row CASE PATTERN ARGS...: runs contrastive ARGS, prints one table row with stderr's first line, or stdout's lines matching PATTERN
  local case=$1 pattern=$2; shift 2
  "$CLI" "$@" > out.txt 2> err.txt; local code=$?
  local msg; msg=$(head -1 err.txt); [ -z "$msg" ] && msg=$(grep -E -- "$pattern" out.txt)
  local trace; trace=$(grep -c '^   at ' err.txt); [ "$trace" -gt 0 ] && msg="$msg (then the stack trace: $trace lines)"
  msg=$(echo "$msg" | sed "s|$W/||g; s|$W|.|g" | tr '\n' ' ' | sed 's/|/\\|/g; s/ *$//')
  local cmd; cmd=$(echo "contrastive $*" | sed "s|$W/||g; s|$W|.|g")
  echo "| $case | \`$cmd\` | $msg | $code |"
}

echo "| case | command | message | exit |"
echo "|---|---|---|---:|"
row "vocab.txt larger than vocab_size" "^$" encode --model bigvocab --input corpus.txt --output e.npy
row "eval sts --batch-size 0" "^$" eval sts --model model --data sts.csv --batch-size 0
row "output folder is a file (simcse train)" "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir afile --max-steps 1
row "output folder is a file (index build)" "^$" index build --model model --corpus corpus.txt --out afile
row "output folder is a file (bert init)" "^$" bert init --vocab vocab.txt --out afile
row "output file under a file (encode)" "^$" encode --model model --input corpus.txt --output afile/e.npy
row "output file is a folder (encode)" "^$" encode --model model --input corpus.txt --output adir.npy
row "output in an unwritable folder" "^$" encode --model model --input corpus.txt --output /proc/x.npy
row "serve --urls notaurl" "^$" serve --model model --urls notaurl
row "whiten: 3 sentences, 64 dimensions" "^$" whiten --model model --corpus three.txt --output whitened
row "SimCSE --batch-size 1" "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run1 --batch-size 1 --max-steps 1
row "binary corpus (simcse train)" "^$" simcse train --train-file data.bin --vocab vocab.txt --output-dir run2 --max-steps 1
row "binary input (encode)" "^$" encode --model model --input data.bin --output e.npy
row "binary corpus (index build)" "^$" index build --model model --corpus data.bin --out index
row "input file is a folder" "^$" encode --model model --input adir --output e.npy
"$CLI" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 2 --hidden-size 64 --num-layers 2 --num-heads 2 --intermediate-size 128 >/dev/null 2>&1
row "--resume with changed arguments" "^$" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 3 "${TINY[@]}" --learning-rate 1e-3 --warmup-steps 1 --resume
row "--resume, changed rate allowed" "Resuming" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run3 --max-steps 3 "${TINY[@]}" --learning-rate 1e-3 --resume --allow-changed
row "bad input with --verbose" "^$" encode --model model --input missing.txt --output e.npy --verbose
row "alignment/uniformity digits (untrained model)" "alignment" eval sts --model model --data sts.csv
# Ctrl+C during training: the first SIGINT checkpoints and prints the resume command.
row "collapse during training (--learning-rate 0.5)" "warning|eval at step 4" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run5 "${TINY[@]}" --learning-rate 0.5 --max-steps 4 --eval-steps 4 --batch-size 16 --eval-file sts.csv
"$CLI" simcse train --train-file corpus.txt --vocab vocab.txt --output-dir run4 "${TINY[@]}" --max-steps 100000 --eval-steps 10000 > int.out 2> int.err &
pid=$!
for _ in $(seq 1 600); do grep -q "step 1/" int.out 2>/dev/null && break; sleep 0.1; done
kill -INT $pid; wait $pid; code=$?
msg=$(cat int.err | sed "s|$W/||g; s|$W|.|g" | tr '\n' ' ' | sed 's/|/\\|/g')
echo "| Ctrl+C during training | \`contrastive simcse train ... --output-dir run4\`, then SIGINT | $msg | $code |"
"$CLI" simcse train --help | grep -A1 -- "--learning-rate <" | head -2 | tr -s ' ' | tr '\n' ' ' | sed 's/|/\\|/g' | awk '{print "| default learning rate | `contrastive simcse train --help` | " $0 " | 0 |"}'

# Server: malformed bodies.
port=$((20000 + RANDOM % 20000))
"$CLI" serve --model model --urls "http://127.0.0.1:$port" > serve.out 2>&1 &
spid=$!
for _ in $(seq 1 600); do curl -s "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
srow() {  # srow CASE CONTENT-TYPE BODY-FILE
  local status; status=$(curl -s -o resp.json -w '%{http_code}' -H "Content-Type: $2" --data-binary "@$3" "http://127.0.0.1:$port/v1/embeddings")
  echo "| server: $1 | \`POST /v1/embeddings\` ($2) | $(sed 's/|/\\|/g' resp.json) | $status |"
}
printf '{"input": "\\ud800"}' > b1.json; srow 'lone surrogate "\ud800"' application/json b1.json
printf '{"input": "caf\xe9"}' > b2.json; srow "raw invalid UTF-8" application/json b2.json
printf '{"input": "   "}' > b3.json; srow "whitespace-only input" application/json b3.json
printf '{"input": "A cat."}' > b4.json; srow "text/plain body" text/plain b4.json
kill -INT $spid; wait $spid; echo "| serve, Ctrl+C | \`contrastive serve ...\`, then SIGINT | (stops) | $? |"
