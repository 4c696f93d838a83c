#!/usr/bin/env bash
# Runs a dnn-surgery-compare sweep on one workstation with the same plan as on Slurm: the tasks of
# dnn-surgery-compare --list-tasks on N workers (xargs -P, or GNU parallel with --parallel), then
# dnn-surgery-merge into one database, the table and the plots. Exit status: 0 if every task
# succeeded and the merge too; the merge's status (2: a run was not complete) or 1 otherwise.
#
#   utils/slurm/run-local.sh --scenario=scenarios/sweep-capacity.json [--jobs=2] [--out=sweep-out]
#       [--parallel] [--no-plots] [--bin=build/bin] [-- scenario overrides...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scenario=""
out="sweep-out"
jobs=$(nproc)
use_parallel=0
plots=1
bin="${DNN_SURGERY_BIN:-$root/build/bin}"
overrides=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario=*) scenario="${1#*=}" ;;
    --out=*) out="${1#*=}" ;;
    --jobs=*) jobs="${1#*=}" ;;
    --parallel) use_parallel=1 ;;
    --no-plots) plots=0 ;;
    --bin=*) bin="${1#*=}" ;;
    --) shift; overrides=("$@"); break ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "run-local.sh: unknown option '$1' (see --help)" >&2; exit 1 ;;
  esac
  shift
done
[ -n "$scenario" ] || { echo "run-local.sh: --scenario=... is required" >&2; exit 1; }
mkdir -p "$out/tasks" "$out/logs"
out="$(cd "$out" && pwd)"
"$bin/dnn-surgery-compare" "--scenario=$scenario" "${overrides[@]}" --quiet \
  "--taskDir=$out/tasks" --list-tasks > "$out/tasks.txt"
n=$(wc -l < "$out/tasks.txt")
echo "run-local: $n task(s) on $jobs worker(s)"
# each line: "<index>\t<command>"; every task logs to logs/task-<index>.out
runner='k="${1%%	*}"; eval "${1#*	}" > "'"$out"'/logs/task-$k.out" 2>&1 || { echo "task $k failed (see '"$out"'/logs/task-$k.out)" >&2; exit 1; }'
status=0
if [ "$use_parallel" = 1 ]; then
  command -v parallel >/dev/null || { echo "run-local.sh: GNU parallel not installed" >&2; exit 1; }
  parallel --will-cite -q -j "$jobs" bash -c "$runner" _ :::: "$out/tasks.txt" || status=$?
else
  tr '\n' '\0' < "$out/tasks.txt" | xargs -0 -P "$jobs" -n 1 bash -c "$runner" _ || status=$?
fi
[ "$status" = 0 ] || echo "run-local: some tasks failed; merging the complete ones" >&2
merge_args=("--db=$out/merged.db")
[ "$plots" = 1 ] && command -v gnuplot >/dev/null && merge_args+=("--plots=$out/plots")
shopt -s nullglob
files=("$out"/tasks/task-*.db)
[ "${#files[@]}" -gt 0 ] || { echo "run-local: no task database in $out/tasks" >&2; exit 1; }
merge_status=0
"$bin/dnn-surgery-merge" "${merge_args[@]}" --quiet "${files[@]}" | tee "$out/summary.txt" \
  || merge_status=${PIPESTATUS[0]}
# a failed task fails the run even if its database is missing (the merge cannot see it)
[ "$merge_status" != 0 ] && exit "$merge_status"
[ "$status" = 0 ] || exit 1
