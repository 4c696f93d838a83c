#!/usr/bin/env bash
# Proves the Slurm path on a real Slurm: a one-node cluster on this machine (Debian's slurm-wlm
# and munge; installed with apt-get when missing), daemons started directly (no systemd), with
# configuration, state and logs in a temporary directory. Runs utils/slurm/example-sweep.json
# (2 policies x 3 capacities x 2 seeds = 12 tasks) as a job array through utils/slurm/submit.sh,
# waits for the dependent merge job, then compares the merged database with a single-process
# run of the same scenario (per table: rows and a hash of the ordered rows; and the table text).
# Every daemon it started is stopped by PID on exit; the temporary directory is removed
# (KEEP=1 keeps it). Exit status 0 only if everything matched.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bin="${DNN_SURGERY_BIN:-$root/build/bin}"
scenario="$root/utils/slurm/example-sweep.json"
ctld_port="${SLURMCTLD_PORT:-17817}"
slurmd_port="${SLURMD_PORT:-17818}"
say() { echo "check-slurm: $*"; }

if [ ! -x "$bin/dnn-surgery-compare" ] || [ ! -x "$bin/dnn-surgery-merge" ]; then
  say "building the module"
  utils/build.sh >/dev/null
fi

# 1. the packages (their post-install scripts must not start services: policy-rc.d says no)
missing=()
for c in slurmctld:slurm-wlm slurmd:slurm-wlm sbatch:slurm-client munged:munge; do
  command -v "${c%%:*}" >/dev/null || missing+=("${c#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing slurm-wlm munge"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends slurm-wlm munge \
    >/dev/null || { $sudo apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
    $sudo apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; }
  [ "$made_policy" = 0 ] || $sudo rm -f /usr/sbin/policy-rc.d
fi
[ "$(id -u)" = 0 ] || { say "must run as root (slurmd runs jobs as root here)"; exit 1; }

# 2. a private cluster in a temporary directory (munged wants the socket path traversable)
tmp="$(mktemp -d /tmp/dnn-surgery-slurm.XXXXXX)"
chmod 755 "$tmp"
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
chmod 755 "$tmp/munge"
pids=()
cleanup() {
  set +e
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] && [ "${#pids[@]}" -ge 3 ]; then
    # our cluster only (SLURM_CONF): cancel what is left and let slurmd end the job steps
    scancel --quiet --user=root >/dev/null 2>&1
    for _ in $(seq 60); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null
    for _ in $(seq 50); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.2; done
    kill -9 "${pids[$i]}" 2>/dev/null
    wait "${pids[$i]}" 2>/dev/null
  done
  # a job step that outlived slurmd (slurmstepd and its task) still has files open in $tmp:
  # stop exactly those processes
  left=()
  for d in /proc/[0-9]*; do
    p="${d#/proc/}"
    [ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
    if ls -l "$d/fd" 2>/dev/null | grep -qF "$tmp/"; then left+=("$p"); fi
  done
  if [ "${#left[@]}" -gt 0 ]; then
    say "stopping leftover job processes ${left[*]}"
    kill "${left[@]}" 2>/dev/null
    sleep 2
    kill -9 "${left[@]}" 2>/dev/null
  fi
  if [ "${KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$ctld_port" "$slurmd_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port is in use (set SLURMCTLD_PORT / SLURMD_PORT)"; exit 1
  fi
done

dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$tmp/munge/munge.key"
munged -F --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.sock" \
  --log-file="$tmp/log/munged.log" --pid-file="$tmp/munge/munged.pid" \
  --seed-file="$tmp/munge/munged.seed" >"$tmp/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$tmp/munge/munge.sock" ] && break; sleep 0.2; done
[ -S "$tmp/munge/munge.sock" ] || { say "munged did not start:"; cat "$tmp/log/munged.out"; exit 1; }

host="$(hostname -s)"
mem_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)
cat > "$tmp/slurm.conf" <<CONF
ClusterName=dnnsurgerycheck
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem_mb State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -D -c -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
sleep 1
slurmd -D -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 60); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "${state:-}" = idle ] || { say "the node did not come up (state '${state:-}')"; tail -n 20 "$tmp"/log/*.log; exit 1; }
say "slurm $(slurmctld -V | awk '{print $2}'): one node '$host' ($(nproc) CPUs), daemons ${pids[*]}"

# 3. the sweep as a job array, and the merge job after it
out="$tmp/out"
submit=$(utils/slurm/submit.sh "--scenario=$scenario" "--out=$out" --partition=check \
  --time=00:10:00 --mem=1G "--bin=$bin")
echo "$submit" | head -n 1
eval "$(echo "$submit" | tail -n 1 | sed 's/ out=.*//')"
deadline=$((SECONDS + 600))
merge_state=""
while [ $SECONDS -lt $deadline ]; do
  merge_state=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)
  case "$merge_state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL) break ;; esac
  if [ "$merge_state" = PENDING ] && scontrol show job "$merge_job" | grep -q DependencyNeverSatisfied; then
    break
  fi
  sleep 2
done
task_states=$(scontrol show job "$array_job" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
completed=$(echo "$task_states" | grep -c '^COMPLETED$' || true)
say "array job $array_job: $tasks tasks, $completed completed"
say "merge job $merge_job: ${merge_state:-unknown}"
if [ "$completed" != "$tasks" ] || [ "$merge_state" != COMPLETED ]; then
  say "FAILED: not every job completed"; tail -n 5 "$out"/logs/*.out; exit 1
fi
grep '^merged ' "$out/summary.txt" | sed 's/^/check-slurm: /'

# 4. the same scenario in one process, compared table by table
"$bin/dnn-surgery-compare" "--scenario=$scenario" "--db=$tmp/single.db" --quiet --plots=none > "$tmp/single.txt"
"$bin/dnn-surgery-merge" "--digest=$out/merged.db" > "$tmp/merged.digest"
"$bin/dnn-surgery-merge" "--digest=$tmp/single.db" > "$tmp/single.digest"
tables_from() { sed -n '/^scenario /,/^(compl %/p' "$1"; }
same_rows=0; cmp -s "$tmp/merged.digest" "$tmp/single.digest" && same_rows=1
# the table ends at its footnote; an empty or unterminated table is a failure, not a match
table_single=$(tables_from "$tmp/single.txt")
table_merged=$(tables_from "$out/summary.txt")
same_table=0
if [ -n "$table_single" ] && [ "$(printf '%s\n' "$table_single" | tail -n 1 | cut -c1-8)" = "(compl %" ] \
  && [ "$table_merged" = "$table_single" ]; then
  same_table=1
fi
rows=$(awk '{ n += $2 } END { print n }' "$tmp/single.digest")
while read -r table n hash; do
  other=$(awk -v t="$table" '$1 == t { print $2 " " $3 }' "$tmp/merged.digest")
  say "  $table: single $n rows $hash, merged ${other:-missing}"
done < "$tmp/single.digest"
# rerunning the merge adds nothing
again=$("$bin/dnn-surgery-merge" "--db=$out/merged.db" --table=0 --quiet "$out"/tasks/task-*.db | tail -n 1)
echo "$again" | grep -q "^merged 0 run(s) from $tasks file(s) .* $tasks already there, 0 not complete" \
  || { say "FAILED: a second merge changed something: $again"; exit 1; }
say "second merge: $again"
if [ "$same_rows" = 1 ] && [ "$same_table" = 1 ]; then
  say "merged summary identical to the single-process summary: $(wc -l < "$tmp/single.digest") tables, $rows rows, same hash of the ordered rows per table, same table"
  say "OK"
else
  say "FAILED: merged rows identical: $same_rows, table identical: $same_table"
  diff "$tmp/single.digest" "$tmp/merged.digest" || true
  exit 1
fi
