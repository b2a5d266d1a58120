#!/usr/bin/env bash
# pgvector HNSW against our exact and IVF indexes (bench/RESULTS.md, "pgvector against ours"):
#   1. a throwaway PostgreSQL 15 + pgvector server (scripts/install-postgres.sh installs them) in a temporary folder
#   2. a tiny SimCSE model trained here for STEPS steps (new BERT, hidden 128, 2 layers, bert-base-uncased vocabulary)
#      on ../shared/data/text/wordnet_examples.txt, which then embeds the same file: encoded as 2 shards in 2
#      processes (contrastive encode --shard i/2) joined with --merge, and checked byte-identical to one process
#   3. the benchmark on N synthetic clustered vectors and on the first N of those embeddings (default 5,000: on the
#      shared 2-core machine pgvector's HNSW took about 33 inserts/s under load)
# One thread per process (OMP_NUM_THREADS=1, CONTRASTIVE_THREADS=1). Environment: OUT (default runs/pgvector), N, STEPS (200).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/pgvector}; N=${N:-5000}; STEPS=${STEPS:-200}
export OMP_NUM_THREADS=1 CONTRASTIVE_THREADS=1
PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/initdb" ] && [ -f /usr/share/postgresql/15/extension/vector.control ] \
  || { echo "error: PostgreSQL 15 with pgvector is required: bash scripts/install-postgres.sh" >&2; exit 1; }
mkdir -p "$OUT"
dotnet build src/Contrastive.Cli -c Release --nologo -v q >/dev/null
dotnet build bench/Contrastive.Bench -c Release --nologo -v q >/dev/null
CLI=(dotnet src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive.dll)

PGDIR=$(mktemp -d /tmp/contrastive-pgbench-XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres: "$PGDIR"; runuser -u postgres -- "$@"; else "$@"; fi; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -A trust -U postgres --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w start \
  -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c maintenance_work_mem=256MB" >/dev/null
trap 'as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null; rm -rf "$PGDIR"' EXIT
export CONTRASTIVE_PG="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"

MODEL=$OUT/simcse/final
if [ ! -f "$MODEL/modules.json" ]; then
  "${CLI[@]}" simcse train --vocab ../shared/data/vocab/vocab.txt --train-file ../shared/data/text/wordnet_examples.txt \
    --output-dir "$OUT/simcse" --hidden-size 128 --num-layers 2 --num-heads 2 --max-steps "$STEPS" --batch-size 32 \
    --learning-rate 1e-4 --seed 42 >"$OUT/simcse.log" 2>&1
fi
corpus=../shared/data/text/wordnet_examples.txt
if [ ! -f "$OUT/encode.txt" ]; then
start=$(date +%s.%N)
"${CLI[@]}" encode --model "$MODEL" --input $corpus --output "$OUT/one.npy" >/dev/null
one=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
for i in 0 1; do "${CLI[@]}" encode --model "$MODEL" --input $corpus --shard $i/2 --output "$OUT/part$i.npy" >/dev/null & done
wait
"${CLI[@]}" encode --merge "$OUT/part0.npy" "$OUT/part1.npy" --output "$OUT/merged.npy"
two=$(echo "$(date +%s.%N) - $start" | bc)
cmp "$OUT/one.npy" "$OUT/merged.npy" && echo "encode: 1 process ${one}s, 2 shard processes + merge ${two}s; outputs byte-identical" >"$OUT/encode.txt"
fi
cat "$OUT/encode.txt"

dotnet bench/Contrastive.Bench/bin/Release/net10.0/linux-x64/Contrastive.Bench.dll pgvector-search synthetic "$N"
dotnet bench/Contrastive.Bench/bin/Release/net10.0/linux-x64/Contrastive.Bench.dll pgvector-search "$OUT/one.npy" "$N"
