# Sourced (not run) by the bench/methods scripts that score imported encoders on STS-B test: reads their arguments
# OUT [CLI], checks the ../shared/data file they need, sets one torch thread and defines their two helpers.
# The sourcing script sets first: usage (its usage line) and needs (a path under the data folder it reads).
out=${1:?usage: $usage}
cli=${2:-src/Contrastive.Cli/bin/Release/net10.0/linux-x64/contrastive}
data=${SHARED_DATA:-../shared/data}
[ -f "$data/$needs" ] || { echo "error: $data/$needs not found (see ../shared/data/README.md)" >&2; exit 1; }
export CONTRASTIVE_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$out"
# timed LOG CMD...: runs CMD with its output and wall time in LOG.
timed() { local log=$1; shift; /usr/bin/time -f "%e s wall" "$@" > "$log" 2>&1; }
# sts MODEL NAME [eval sts options]: STS-B test of MODEL into OUT/NAME.json, skipped when that file exists.
sts() { [ -f "$out/$2.json" ] || "$cli" eval sts --model "$1" --data "$data/sts/sts-test.csv" --json "$out/$2.json" "${@:3}" > "$out/$2.eval.log" 2>&1; }
