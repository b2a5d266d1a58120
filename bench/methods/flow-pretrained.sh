#!/usr/bin/env bash
# BERT-flow beside BERT-whitening on the imported pretrained encoders (issue 13 item 4; bench/RESULTS.md, "BERT-flow
# and BERT-whitening on the pretrained encoders"): all-MiniLM-L6-v2 (its mean pooling) and arctic-embed-xs (its CLS
# pooling, and mean pooling as SimCSE's avg), each as published, whitened (all dimensions and the first k = 128, Su et
# al.'s reduction at a third of the width), and with a fitted BERT-flow; every post-processing fitted on the 11,498
# STS-B train sentences (no test sentence), every row STS-B test Spearman x 100 (`eval sts`); one torch thread.
# Usage: bench/methods/flow-pretrained.sh OUT [CLI]
set -euo pipefail
out=${1:?usage: bench/methods/flow-pretrained.sh OUT [CLI]}
cli=${2:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=${SHARED_DATA:-../shared/data}
[ -f "$data/sts/sts-train.csv" ] || { echo "error: $data/sts/sts-train.csv not found (see ../shared/data/README.md)" >&2; exit 1; }
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
timed() { local log=$1; shift; /usr/bin/time -f "%e s wall" "$@" > "$log" 2>&1; }
sts() { [ -f "$out/$2.json" ] || "$cli" eval sts --model "$1" --data "$data/sts/sts-test.csv" --json "$out/$2.json" "${@:3}" > "$out/$2.eval.log" 2>&1; }
cut -f6,7 "$data/sts/sts-train.csv" | tr '\t' '\n' | awk 'NF' > "$out/sts-train-sentences.txt"
corpus=("--corpus" "$out/sts-train-sentences.txt")

# name model pooler (empty: the model's own)
for spec in "minilm all-MiniLM-L6-v2 -" "arctic arctic-embed-xs -" "arctic-avg arctic-embed-xs avg"; do
  read -r name model pooler <<< "$spec"
  p=(); [ "$pooler" = - ] || p=(--pooler "$pooler")
  sts "$model" "$name" "${p[@]}"
  [ -d "$out/$name-white" ] || timed "$out/$name-white.log" "$cli" whiten --model "$model" "${p[@]}" "${corpus[@]}" --output "$out/$name-white"
  sts "$out/$name-white" "$name-white"
  [ -d "$out/$name-white128" ] || timed "$out/$name-white128.log" "$cli" whiten --model "$model" "${p[@]}" "${corpus[@]}" --k 128 --output "$out/$name-white128"
  sts "$out/$name-white128" "$name-white128"
  [ -d "$out/$name-flow" ] || timed "$out/$name-flow.log" "$cli" flow --model "$model" "${p[@]}" "${corpus[@]}" --output "$out/$name-flow"
  sts "$out/$name-flow" "$name-flow"
done

python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = [("all-MiniLM-L6-v2 (mean pooling)", "minilm"), ("arctic-embed-xs (CLS)", "arctic"), ("arctic-embed-xs, mean pooling", "arctic-avg")]
print("| Encoder (STS-B test, alignment / uniformity) | as published | + whitening | + whitening, k = 128 | + BERT-flow |")
print("|---|---|---|---|---|")
for label, n in rows:
    cells = []
    for suffix in ["", "-white", "-white128", "-flow"]:
        r = json.load(open(os.path.join(out, n + suffix + ".json")))
        cells.append(f"{r['STSBenchmark']:.2f} ({r['alignment']:.2f} / {r['uniformity']:.2f})")
    print(f"| {label} | " + " | ".join(cells) + " |")
PY
