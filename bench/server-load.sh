#!/usr/bin/env bash
# The embedding-server load test reported in bench/RESULTS.md ("Embedding server (issue 6)"): a randomly initialised
# BERT of the main job's shape (hidden 256, 4 layers, 4 heads, avg pooler, a 16,000-token vocabulary trained on the
# SNLI/SentEval sentences) served by `contrastive serve` with an index of the STS-B test sentences; concurrent clients
# POST /v1/embeddings with one STS-B test sentence each for DURATION seconds, then a batch of malformed requests.
# Needs ../shared/data. Usage: bash bench/server-load.sh   (CLIENTS="20 1", DURATION=30, INPUTS=1 sentences per request, THREADS=1, PORT=18480)
set -euo pipefail
cd "$(dirname "$0")/.."
D=../shared/data
OUT=${OUT:-runs/server-load}
CLIENTS=${CLIENTS:-"20 1"}
DURATION=${DURATION:-30}
INPUTS=${INPUTS:-1}
THREADS=${THREADS:-1}
PORT=${PORT:-18480}
C=src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive
L=bench/Contrastive.ServerLoad/bin/Release/net10.0/linux-x64/Contrastive.ServerLoad
dotnet build src/Contrastive.Cli -c Release --nologo -v q
dotnet build bench/Contrastive.ServerLoad -c Release --nologo -v q
mkdir -p "$OUT"
[ -f "$OUT/tokenizer/vocab.txt" ] || $C tokenizer train --corpus "$D/text/senteval_snli_sentences.tsv" --vocab-size 16000 --out "$OUT/tokenizer"
[ -f "$OUT/model/model.safetensors" ] || $C bert init --vocab "$OUT/tokenizer/vocab.txt" --hidden-size 256 --num-layers 4 --num-heads 4 \
  --pooler avg --out "$OUT/model" --seed 42
(cut -f6 "$D/sts/sts-test.csv"; cut -f7 "$D/sts/sts-test.csv") | awk 'length > 0 && !seen[$0]++' > "$OUT/sts-test-sentences.txt"
[ -f "$OUT/index/index.json" ] || $C index build --model "$OUT/model" --corpus "$OUT/sts-test-sentences.txt" --out "$OUT/index"

CONTRASTIVE_THREADS=$THREADS $C serve --model "$OUT/model" --index "$OUT/index" --urls "http://127.0.0.1:$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break; sleep 0.2; done
status=0
for clients in $CLIENTS; do
  echo "== $clients client(s) x $INPUTS input(s), $DURATION s, server CONTRASTIVE_THREADS=$THREADS, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  cpu0=$(awk '{print $14 + $15}' /proc/$SERVER/stat)
  $L --url "http://127.0.0.1:$PORT" --corpus "$OUT/sts-test-sentences.txt" --clients "$clients" --seconds "$DURATION" \
     --inputs "$INPUTS" --json "$OUT/load-$clients-x$INPUTS.json" || status=1
  cpu1=$(awk '{print $14 + $15}' /proc/$SERVER/stat)
  echo "server CPU time: $(( (cpu1 - cpu0) / $(getconf CLK_TCK) )) s"
done
exit $status
