#!/usr/bin/env bash
# End-to-end check of the sweep command lines (run by ctest as sweep/cli): the plan of
# dnn-surgery-compare --list-tasks has one line per (sweep value, seed, run, policy), each
# exactly once, every line runs as printed; the tasks run by utils/slurm/run-local.sh on 2
# workers and merged give the rows of the single-process run; merging again adds nothing; two
# merges at once into one target lose nothing; a --ns3:: attribute reaches the --jobs tasks; a
# task whose run is not complete is refused (exit status 2, a message naming it); a SEM-style
# invocation with every --PrintHelp option writes results.db into its directory.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/bin}"
bin="$(cd "$bin" && pwd)"
tmp="$(mktemp -d /tmp/dnn-surgery-sweep-cli.XXXXXX)"
trap '[ "${KEEP:-0}" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"' EXIT
fail() { echo "check-sweep-cli: FAILED: $*" >&2; exit 1; }
args=(--scenario=default --network.type=p2p --devices.count=2 --duration=2 --warmup=0 --runs=1 --policies=local,dds
      --seeds=1,2 --sweep.parameter=server.capacity --sweep.values=1e12,3e12,9e12)

"$bin/dnn-surgery-compare" "${args[@]}" --quiet "--taskDir=$tmp/out/tasks" --list-tasks > "$tmp/plan"
n=$(wc -l < "$tmp/plan")
[ "$n" = 12 ] || fail "expected 12 tasks (3 values x 2 seeds x 2 policies), got $n"
cut -f1 "$tmp/plan" | tr '\n' ' ' | grep -qx '0 1 2 3 4 5 6 7 8 9 10 11 ' || fail "indices are not 0..11"
# a task that does not exist: an error naming the range, and no file
if "$bin/dnn-surgery-compare" "${args[@]}" --quiet --task=12 "--taskDir=$tmp/none" 2> "$tmp/err"; then
  fail "--task=12 of 12 tasks succeeded"
fi
grep -q 'has 12 task(s), 0..11' "$tmp/err" || fail "--task=12: $(cat "$tmp/err")"
[ ! -e "$tmp/none" ] || fail "--task=12 created files"
# every combination exactly once: a task's run identity is read back from its own database
utils/slurm/run-local.sh --jobs=2 --no-plots "--bin=$bin" "--out=$tmp/out" --scenario=default -- "${args[@]:1}" \
  > "$tmp/local.txt" || fail "run-local.sh"
combos=$(for f in "$tmp"/out/tasks/task-*.db; do
  sqlite3 "$f" "SELECT sweep_value || ' ' || seed || ' ' || policy FROM runs WHERE status = 'complete'"
done | sort)
[ "$(echo "$combos" | wc -l)" = 12 ] || fail "expected 12 complete task runs"
[ "$(echo "$combos" | sort -u | wc -l)" = 12 ] || fail "a combination ran twice"
for v in 1000000000000.0 3000000000000.0 9000000000000.0; do
  for s in 1 2; do
    for p in local dds; do
      grep -qx "$v $s $p" <<< "$combos" || fail "combination $v seed $s $p is missing"
    done
  done
done

"$bin/dnn-surgery-compare" "${args[@]}" --quiet --jobs=1 --plots=none "--db=$tmp/single.db" > "$tmp/single.txt"
"$bin/dnn-surgery-merge" "--digest=$tmp/single.db" > "$tmp/single.digest"
"$bin/dnn-surgery-merge" "--digest=$tmp/out/merged.db" > "$tmp/merged.digest"
cmp -s "$tmp/single.digest" "$tmp/merged.digest" || fail "merged rows differ from the single-process rows"
tables_from() { sed -n '/^scenario /,/^(compl/p' "$1"; }
[ "$(tables_from "$tmp/single.txt")" = "$(tables_from "$tmp/local.txt")" ] || fail "the tables differ"
# --jobs=2 (the tasks in 2 processes, merged in task order): the rows and the table of --jobs=1,
# and the same run ids; the task files are removed, the plots drawn by default
(cd "$tmp" && "$bin/dnn-surgery-compare" "${args[@]}" --quiet --jobs=2 "--db=$tmp/jobs.db" > "$tmp/jobs.txt") \
  || fail "--jobs=2: $(tail -n 3 "$tmp/jobs.txt")"
"$bin/dnn-surgery-merge" "--digest=$tmp/jobs.db" | cmp -s - "$tmp/single.digest" || fail "--jobs=2 wrote other rows than --jobs=1"
[ "$(tables_from "$tmp/single.txt")" = "$(tables_from "$tmp/jobs.txt")" ] || fail "--jobs=2: the table differs"
[ "$(sqlite3 "$tmp/single.db" 'SELECT group_concat(id) FROM runs')" = "$(sqlite3 "$tmp/jobs.db" 'SELECT group_concat(id) FROM runs')" ] \
  || fail "--jobs=2: other run ids"
! ls -d "$tmp"/jobs.db.jobs-* >/dev/null 2>&1 || fail "--jobs=2 left its task files"
[ -f "$tmp/plots/latency-vs-payment-1000000000000.0.png" ] || fail "--jobs=2: no latency-vs-payment plot in $tmp/plots"

# an ns-3 attribute default given on the command line reaches the task processes (and the
# --list-tasks commands): --jobs=2 gives the rows of --jobs=1 with the attribute, and the
# attribute changes rows (one probe round at join, so the estimates differ)
one=(--scenario=default --network.type=p2p --devices.count=2 --duration=2 --warmup=0 --runs=1 --policies=local,dds)
attr=--ns3::MobileDeviceApplication::ProbeRounds=1
"$bin/dnn-surgery-compare" "${one[@]}" "$attr" --quiet --list-tasks > "$tmp/attr.plan"
[ "$(grep -c -- "$attr" "$tmp/attr.plan")" = 2 ] || fail "--list-tasks dropped $attr: $(cat "$tmp/attr.plan")"
"$bin/dnn-surgery-compare" "${one[@]}" --quiet --jobs=1 --plots=none "--db=$tmp/noattr.db" > /dev/null
"$bin/dnn-surgery-compare" "${one[@]}" "$attr" --quiet --jobs=1 --plots=none "--db=$tmp/attr1.db" > /dev/null
"$bin/dnn-surgery-compare" "${one[@]}" "$attr" --quiet --jobs=2 --plots=none "--db=$tmp/attr2.db" > /dev/null
digest_of() { "$bin/dnn-surgery-merge" "--digest=$1" | grep -v '^runs '; }
[ "$(digest_of "$tmp/attr1.db")" = "$(digest_of "$tmp/attr2.db")" ] \
  || fail "--jobs=2 with $attr wrote other rows than --jobs=1 with it"
[ "$(digest_of "$tmp/attr1.db")" != "$(digest_of "$tmp/noattr.db")" ] \
  || fail "$attr changed no row (the check would not see it lost)"

# merging again: nothing added
"$bin/dnn-surgery-merge" "--db=$tmp/out/merged.db" --table=0 "$tmp"/out/tasks/task-*.db > "$tmp/again.txt"
grep -q '^merged 0 run(s) from 12 file(s) .* 12 already there, 0 not complete' "$tmp/again.txt" \
  || fail "second merge: $(tail -n 1 "$tmp/again.txt")"
"$bin/dnn-surgery-merge" "--digest=$tmp/out/merged.db" | cmp -s - "$tmp/merged.digest" || fail "second merge changed rows"

# the same plan on GNU parallel, when installed
if command -v parallel >/dev/null; then
  utils/slurm/run-local.sh --parallel --jobs=2 --no-plots "--bin=$bin" "--out=$tmp/par" --scenario=default -- \
    "${args[@]:1}" > /dev/null || fail "run-local.sh --parallel"
  "$bin/dnn-surgery-merge" "--digest=$tmp/par/merged.db" | cmp -s - "$tmp/merged.digest" \
    || fail "GNU parallel: other rows"
fi

# two merge processes at once into one new target, the files in opposite orders: nothing lost,
# nothing twice
files=("$tmp"/out/tasks/task-*.db)
reversed=()
for ((i = ${#files[@]} - 1; i >= 0; i--)); do reversed+=("${files[$i]}"); done
"$bin/dnn-surgery-merge" "--db=$tmp/both.db" --table=0 --quiet "${files[@]}" > "$tmp/m1.txt" &
m1=$!
"$bin/dnn-surgery-merge" "--db=$tmp/both.db" --table=0 --quiet "${reversed[@]}" > "$tmp/m2.txt" &
m2=$!
wait "$m1" || fail "first concurrent merge"
wait "$m2" || fail "second concurrent merge"
merged_runs=$(cat "$tmp/m1.txt" "$tmp/m2.txt" | sed -n 's/^merged \([0-9]*\) run.*/\1/p' | paste -sd+ | bc)
[ "$merged_runs" = 12 ] || fail "the two concurrent merges merged $merged_runs runs, not 12"
"$bin/dnn-surgery-merge" "--digest=$tmp/both.db" | cmp -s - "$tmp/merged.digest" \
  || fail "two concurrent merges: other rows than one merge"

# an incomplete task: refused with a message, exit status 2
cp "$tmp/out/tasks/task-00003.db" "$tmp/broken.db"
sqlite3 "$tmp/broken.db" "UPDATE runs SET status = 'running'"
set +e
"$bin/dnn-surgery-merge" "--db=$tmp/other.db" --table=0 "$tmp/broken.db" > /dev/null 2> "$tmp/err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "an incomplete task gave exit status $rc, not 2"
grep -q "broken.db: run 1 .*NOT merged: the run is 'running'" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ "$(sqlite3 "$tmp/other.db" 'SELECT COUNT(*) FROM runs')" = 0 ] || fail "an incomplete run was merged"
# SEM-style: every option of --PrintHelp passed with its default (a few changed), run in an empty
# directory: the result file lands there (an emulation of SEM's parameter discovery, not SEM)
mkdir "$tmp/sem"
"$bin/dnn-surgery-compare" --scenario=default --PrintHelp > "$tmp/help.txt"
python3 - "$bin/dnn-surgery-compare" "$tmp/help.txt" "$tmp/sem" <<'PY' || fail "SEM-style invocation"
import re, subprocess, sys
exe, help_file, cwd = sys.argv[1:]
text = open(help_file).read()
options = re.findall(r"Program\s(?:Options|Arguments):(.*)General\sArguments", text, re.DOTALL)[0]
params = {}
for line in options.splitlines():
    m = re.match(r"\s*--(.*?):\s.*?(?:\[(.*?)\])?\s*$", line)
    if m:
        params[m.group(1)] = m.group(2) or ""
fields = [l.split("=")[0].strip()[2:] for l in
          subprocess.run([exe, "--fields"], capture_output=True, text=True).stdout.splitlines()[1:]]
missing = [f for f in fields if f not in params]
if missing:
    sys.exit("fields missing from --PrintHelp: %s" % missing)
params.update({"network.type": "p2p", "duration": "1", "warmup": "0", "runs": "1", "devices.count": "2", "policies": "dds",
               "server.capacity": "2e12"})
args = [exe] + ["--%s=%s" % kv for kv in params.items()] + ["--RngRun=3"]
r = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
if r.returncode != 0:
    sys.exit(r.stderr)
PY
[ -f "$tmp/sem/results.db" ] || fail "the SEM-style run wrote no results.db in its directory"
[ "$(sqlite3 "$tmp/sem/results.db" "SELECT COUNT(*) FROM runs WHERE status = 'complete' AND json_extract(scenario_text, '$.server.capacity') = 2e12")" = 1 ] \
  || fail "the SEM-style run did not take its override"
echo "check-sweep-cli: OK ($n tasks, each combination once, merged == single process, idempotent, concurrent merges lose nothing, incomplete refused, attributes reach --jobs tasks, SEM-style run with every --PrintHelp option)"
