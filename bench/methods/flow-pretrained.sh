#!/usr/bin/env bash
# BERT-flow beside BERT-whitening on the imported pretrained encoders (issue 13 item 4; bench/RESULTS.md, "BERT-flow
# and BERT-whitening on the pretrained encoders"): all-MiniLM-L6-v2 (its mean pooling) and arctic-embed-xs (its CLS
# pooling, and mean pooling as SimCSE's avg), each as published, whitened (all dimensions and the first k = 128, Su et
# al.'s reduction at a third of the width), and with a fitted BERT-flow; every post-processing fitted on the 11,498
# STS-B train sentences (no test sentence), every row STS-B test Spearman x 100 (`eval sts`); one torch thread.
# Usage: bench/methods/flow-pretrained.sh OUT [CLI]
set -euo pipefail
usage="bench/methods/flow-pretrained.sh OUT [CLI]" needs=sts/sts-train.csv
source "$(dirname "$0")/sts-bench.sh"
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
