#!/usr/bin/env bash
# Runs a dnn-surgery-compare sweep on Slurm: one job array with one task per entry of the sweep
# plan (--array computed from dnn-surgery-compare --list-tasks), and a dependent job
# (--dependency=afterok) that merges the task databases and prints the table and draws the plots.
#
#   utils/slurm/submit.sh --scenario=scenarios/sweep-capacity.json [--out=sweep-out]
#       [--partition=NAME] [--time=00:30:00] [--mem=2G] [--cpus=1] [--max-running=N]
#       [--bin=build/bin] [-- --devices.count=8 ...scenario overrides]
#
# Leaves in --out: tasks.txt (the plan), tasks/task-NNNNN.db, logs/, merged.db, summary.txt
# (merge report and table) and plots/. Prints the two job ids.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

scenario=""
out="sweep-out"
partition=""
time_limit="00:30:00"
mem="2G"
cpus=1
max_running=""
bin="${DNN_SURGERY_BIN:-$root/build/bin}"
overrides=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario=*) scenario="${1#*=}" ;;
    --out=*) out="${1#*=}" ;;
    --partition=*) partition="${1#*=}" ;;
    --time=*) time_limit="${1#*=}" ;;
    --mem=*) mem="${1#*=}" ;;
    --cpus=*) cpus="${1#*=}" ;;
    --max-running=*) max_running="${1#*=}" ;;
    --bin=*) bin="${1#*=}" ;;
    --) shift; overrides=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "submit.sh: unknown option '$1' (see --help)" >&2; exit 1 ;;
  esac
  shift
done
[ -n "$scenario" ] || { echo "submit.sh: --scenario=... is required" >&2; exit 1; }
command -v sbatch >/dev/null || { echo "submit.sh: sbatch not found (is this a Slurm login node?)" >&2; exit 1; }
[ -x "$bin/dnn-surgery-compare" ] || { echo "submit.sh: $bin/dnn-surgery-compare not built" >&2; exit 1; }

mkdir -p "$out/tasks" "$out/logs"
out="$(cd "$out" && pwd)"
# the plan: one line per task, "<index>\t<exact command line>"
"$bin/dnn-surgery-compare" "--scenario=$scenario" "${overrides[@]}" --quiet \
  "--taskDir=$out/tasks" --list-tasks > "$out/tasks.txt"
n=$(wc -l < "$out/tasks.txt")
[ "$n" -gt 0 ] || { echo "submit.sh: the plan is empty" >&2; exit 1; }

common=(--parsable "--time=$time_limit" "--mem=$mem" "--cpus-per-task=$cpus")
[ -n "$partition" ] && common+=("--partition=$partition")
array="0-$((n - 1))${max_running:+%$max_running}"
array_job=$(sbatch "${common[@]}" --job-name=dds-sweep "--array=$array" \
  "--output=$out/logs/task-%a.out" \
  "--export=ALL,DDS_TASKS=$out/tasks.txt" "$here/task.sbatch")
array_job="${array_job%%;*}"
merge_job=$(sbatch "${common[@]}" --job-name=dds-merge "--dependency=afterok:$array_job" \
  "--output=$out/logs/merge.out" \
  "--export=ALL,DDS_OUT=$out,DDS_BIN=$bin" "$here/merge.sbatch")
merge_job="${merge_job%%;*}"
echo "submitted $n task(s): array job $array_job (--array=$array), merge job $merge_job (afterok)"
echo "array_job=$array_job merge_job=$merge_job tasks=$n out=$out"
