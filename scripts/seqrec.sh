#!/usr/bin/env bash
# Reproduces the sequential-recommendation tables of bench/RESULTS.md ("Sequential recommendation (issue 5)" and
# "(issue 14)"): SASRec, CL4SRec, CoSeRec and DuoRec on Amazon Beauty (../shared/data/sequences/Beauty.txt), identical
# settings, one torch thread, one run at a time; then the mean and standard deviation over seeds of test HR@10 /
# NDCG@10 and the training time per epoch.
# Settings: SEQREC_EPOCHS (default 5), SEQREC_LR (default 5e-3), SEQREC_EVAL_EPOCHS (2), SEQREC_BUDGET (10m per run,
# a safety net), SEQREC_PATIENCE (10 evaluations without a better validation NDCG@10), SEQREC_SEEDS ("1 2 3"),
# SEQREC_MODELS ("sasrec cl4srec"), SEQREC_OUT (runs/seqrec), SEQREC_PARALLEL (1: trainings at once).
# SEQREC_PROTOCOL=converged presets the converged comparison the 5- and 20-epoch tables could not afford: all four
# models, seeds 1-3, RecBole's training (lr 1e-3, up to 200 epochs, validation every epoch, early stopping after 10
# evaluations without a better validation NDCG@10; the linear decay spans the 200 epochs), 8 h per run as a safety
# net, into runs/seqrec-converged; about 12 runs x 30-100 epochs x 50-90 s on one thread (10-30 hours). Any variable
# above still overrides the preset.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SEQREC_PROTOCOL:-}" = converged ]; then
  : "${SEQREC_EPOCHS:=200}" "${SEQREC_LR:=1e-3}" "${SEQREC_EVAL_EPOCHS:=1}" "${SEQREC_BUDGET:=8h}" "${SEQREC_PATIENCE:=10}"
  : "${SEQREC_MODELS:=sasrec cl4srec coserec duorec}" "${SEQREC_OUT:=runs/seqrec-converged}"
fi
DATA=${SEQREC_DATA:-../shared/data/sequences/Beauty.txt}
OUT=${SEQREC_OUT:-runs/seqrec}
EPOCHS=${SEQREC_EPOCHS:-5}
LR=${SEQREC_LR:-5e-3}
EVAL_EPOCHS=${SEQREC_EVAL_EPOCHS:-2}
BUDGET=${SEQREC_BUDGET:-10m}
PATIENCE=${SEQREC_PATIENCE:-10}
SEEDS=${SEQREC_SEEDS:-1 2 3}
MODELS=${SEQREC_MODELS:-sasrec cl4srec}
[ -f "$DATA" ] || { echo "error: $DATA not found (see ../shared/data/README.md)" >&2; exit 1; }

dotnet build src/Contrastive.Cli -c Release -v q -nologo
CLI=src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$OUT"
train_one() {
  local model=$1 seed=$2 dir="$OUT/$1-seed$2"
  if [ -f "$dir/results.json" ]; then echo "== $dir done"; return; fi
  local resume=""; [ -d "$dir/checkpoint" ] && resume="--resume"
  echo "== $model seed $seed -> $dir ($(date -u +%H:%M:%S))"
  "$CLI" seqrec train --model "$model" --data "$DATA" --output-dir "$dir" --seed "$seed" \
    --epochs "$EPOCHS" --learning-rate "$LR" --batch-size 256 --eval-epochs "$EVAL_EPOCHS" --time-budget "$BUDGET" \
    --patience "$PATIENCE" $resume 2>&1 | tee -a "$dir.log" | grep -E "^(eval|trained|seconds|Best|Time)" || true
}
# SEQREC_PARALLEL runs that many trainings at once (one torch thread each; default 1: the timings stay comparable).
active=0
for model in $MODELS; do
  for seed in $SEEDS; do
    train_one "$model" "$seed" &
    active=$((active + 1))
    if [ "$active" -ge "${SEQREC_PARALLEL:-1}" ]; then wait -n || true; active=$((active - 1)); fi
  done
done
wait

python3 - "$OUT" $MODELS <<'PY'
import json, re, statistics as st, sys, os
out, models = sys.argv[1], sys.argv[2:]
print("| model | seeds | test HR@10 | test NDCG@10 | valid NDCG@10 | s / epoch (1 thread) | epochs |")
print("|---|---|---|---|---|---|---|")
for m in models:
    runs = sorted(d for d in os.listdir(out) if d.startswith(m + "-seed") and os.path.isdir(os.path.join(out, d)))
    hr, nd, vn, sec, ep = [], [], [], [], []
    for d in runs:
        p = os.path.join(out, d, "results.json")
        if not os.path.exists(p): continue
        r = json.load(open(p))
        hr.append(r["test"]["hit@10"]); nd.append(r["test"]["ndcg@10"]); vn.append(r["valid"]["ndcg@10"])
        log = open(os.path.join(out, d + ".log")).read()
        s = re.search(r"seconds per epoch: ([0-9.]+)", log); sec.append(float(s.group(1)) if s else float("nan"))
        e = re.search(r"\(([0-9.]+) epochs\)", log); ep.append(e.group(1) if e else "?")
    if not hr: continue
    f = lambda xs: f"{st.mean(xs):.4f} ± {st.stdev(xs):.4f}" if len(xs) > 1 else f"{xs[0]:.4f}"
    print(f"| {m} | {len(hr)} | {f(hr)} | {f(nd)} | {f(vn)} | {st.mean(sec):.1f} | {', '.join(ep)} |")
PY
