#!/usr/bin/env bash
# SBERT from a real pretrained encoder (issue 13 item 5; bench/RESULTS.md, "SBERT from arctic-embed-xs"): the
# imported arctic-embed-xs with mean pooling trained by SBERT's NLI classification (softmax on (u, v, |u - v|) over
# the SNLI triplets' entailment / contradiction pairs, 1 epoch), by its STS-B regression (cosine MSE on STS-B train,
# 2 epochs; SBERT used 4), and by NLI then regression (SBERT's NLI + STSb recipe); SBERT's settings otherwise (batch
# 16, AdamW lr 2e-5, 10 % warm-up, mean pooling); best model on STS-B dev, scored on STS-B test (`eval sts`); one
# torch thread.
# Usage: bench/methods/sbert-pretrained.sh OUT [CLI]
set -euo pipefail
usage="bench/methods/sbert-pretrained.sh OUT [CLI]" needs=text/snli_devtest_triplets.csv
source "$(dirname "$0")/sts-bench.sh"
start="$out/arctic-embed-xs"
[ -f "$start/config.json" ] || "$cli" model import --nuget arctic-embed-xs --out "$start" > "$out/import.log" 2>&1
sts "$start" arctic-avg --pooler avg
common=(--pooler avg --batch-size 16 --learning-rate 2e-5 --eval-file "$data/sts/sts-dev.csv" --max-seq-length 64 --seed 42)
[ -d "$out/nli/final" ] || timed "$out/nli.log" "$cli" sbert train --objective nli --model "$start" \
  --train-file "$data/text/snli_devtest_triplets.csv" --epochs 1 --eval-steps 200 --output-dir "$out/nli" "${common[@]}"
sts "$out/nli/best" nli
[ -d "$out/sts/final" ] || timed "$out/sts.log" "$cli" sbert train --objective sts-regression --model "$start" \
  --train-file "$data/sts/sts-train.csv" --epochs 2 --eval-steps 200 --output-dir "$out/sts" "${common[@]}"
sts "$out/sts/best" sts
[ -d "$out/nli-sts/final" ] || timed "$out/nli-sts.log" "$cli" sbert train --objective sts-regression --model "$out/nli/best" \
  --train-file "$data/sts/sts-train.csv" --epochs 2 --eval-steps 200 --output-dir "$out/nli-sts" "${common[@]}"
sts "$out/nli-sts/best" nli-sts

python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
print("| arctic-embed-xs, mean pooling | STS-B test | alignment | uniformity |")
print("|---|---|---|---|")
for label, n in [("as published", "arctic-avg"), ("+ SBERT NLI (1 epoch)", "nli"), ("+ SBERT STS-B regression (2 epochs)", "sts"),
                 ("+ SBERT NLI, then STS-B regression (2 epochs)", "nli-sts")]:
    r = json.load(open(os.path.join(out, n + ".json")))
    print(f"| {label} | {r['STSBenchmark']:.2f} | {r['alignment']:.3f} | {r['uniformity']:.3f} |")
PY
