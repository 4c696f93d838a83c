#!/usr/bin/env bash
# Side by side, in one run: the wall time of a sweep in one dnn-surgery-compare process against
# the same sweep as tasks on the local parallel runner (run-local.sh, N workers, then the merge),
# and their ratio; also checks that both gave the same rows. Target: ratio <= 0.6 with 2 workers
# on 2 cores (exit status 1 above it). Meaningful on an otherwise idle machine only: with the
# kernel's autogroup scheduling (sched_autogroup_enabled = 1) the CPU is shared per session, so
# while other sessions keep the cores busy, two workers of one session get no more CPU than one
# process; the CPU times printed show the work itself.
#
#   utils/slurm/speed-check.sh [--jobs=2] [--repeat=1] [-- scenario overrides, e.g. --duration=20]
# The sweep is utils/slurm/example-sweep.json (12 tasks) unless --scenario=... is among the
# overrides.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${DNN_SURGERY_BIN:-$(pwd)/build/bin}"
jobs=2
repeat=1
overrides=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs=*) jobs="${1#*=}" ;;
    --repeat=*) repeat="${1#*=}" ;;
    --) shift; overrides=("$@"); break ;;
    *) echo "speed-check.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
  shift
done
scenario="--scenario=$(pwd)/utils/slurm/example-sweep.json"
for o in "${overrides[@]}"; do case "$o" in --scenario=*) scenario="$o" ;; esac; done
rest=()
for o in "${overrides[@]}"; do case "$o" in --scenario=*) ;; *) rest+=("$o") ;; esac; done
tmp="$(mktemp -d /tmp/dnn-surgery-speed.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
n=$("$bin/dnn-surgery-compare" "$scenario" "${rest[@]}" --list-tasks | wc -l)
echo "speed-check: $n tasks, $(nproc) cores, $jobs workers, load average $(cut -d' ' -f1-3 /proc/loadavg)"
total_single=0
total_local=0
TIMEFORMAT='%R %U %S'
for r in $(seq "$repeat"); do
  { time "$bin/dnn-surgery-compare" "$scenario" "${rest[@]}" --quiet "--db=$tmp/single-$r.db" \
      > "$tmp/single-$r.txt"; } 2> "$tmp/time-single"
  { time utils/slurm/run-local.sh "$scenario" "--jobs=$jobs" --no-plots "--out=$tmp/local-$r" -- \
      "${rest[@]}" > "$tmp/local-$r.txt"; } 2> "$tmp/time-local"
  read -r single su ss < "$tmp/time-single"
  read -r local_ lu ls_ < "$tmp/time-local"
  "$bin/dnn-surgery-merge" "--digest=$tmp/single-$r.db" > "$tmp/a"
  "$bin/dnn-surgery-merge" "--digest=$tmp/local-$r/merged.db" > "$tmp/b"
  cmp -s "$tmp/a" "$tmp/b" || { echo "speed-check: the parallel run gave other rows" >&2; exit 1; }
  printf 'speed-check: round %d: single process %.1f s wall (%.1f s CPU), %d workers (tasks + merge) %.1f s wall (%.1f s CPU), ratio %.2f, same rows\n' \
    "$r" "$single" "$(echo "$su + $ss" | bc -l)" "$jobs" "$local_" "$(echo "$lu + $ls_" | bc -l)" \
    "$(echo "$local_ / $single" | bc -l)"
  total_single=$(echo "$total_single + $single" | bc -l)
  total_local=$(echo "$total_local + $local_" | bc -l)
done
echo "speed-check: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
ratio=$(echo "$total_local / $total_single" | bc -l)
printf 'speed-check: parallel / single wall time = %.2f (target <= 0.60)\n' "$ratio"
[ "$(echo "$ratio <= 0.6" | bc -l)" = 1 ]
