#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Crash safety of the result database, end to end, with dnn-surgery-compare.

  kill -9   in the middle of a run: the database passes PRAGMA integrity_check, holds every run
            that had finished (with all its rows), and the killed run is still there, marked
            'running' (neither 'complete' nor lost); the next run appends to the same file.
  SIGINT    stops the run cleanly: exit 130, the run is marked 'interrupted' with a message,
  SIGTERM   exit 143, finished runs kept, no -wal/-shm left behind.
  ulimit -f a write beyond the file size limit is an error message (no death by SIGXFSZ), and
            the run is marked 'failed' with SQLite's reason.
  --jobs=2, kill -9 of the parent: its task processes stop too (Linux: they are marked
            'interrupted' in their task files), none is left running.

Usage: crash-safety-test.py --bin <dir with dnn-surgery-compare>
"""

import argparse
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def query(db, sql):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def statuses(db):
    try:
        return query(db, "SELECT id, status FROM runs ORDER BY id")
    except sqlite3.Error:
        return []


# Runs long enough to be caught in the middle: 4 devices, 20 simulated seconds per policy.
ARGS = ["--jobs=1", "--warmup=0", "--devices.count=4", "--duration=20", "--policies=local,full-offload,dads,dds", "--quiet"]


def start(binary, db, extra=(), preexec=None):
    return subprocess.Popen([binary, "--db=" + db] + ARGS + list(extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=preexec)


def wait_for_second_run(proc, db, limit=240):
    """Wait until one run is complete and the next is running; return False on timeout."""
    t0 = time.time()
    while time.time() - t0 < limit:
        if proc.poll() is not None:
            return False
        s = statuses(db)
        if any(st == "complete" for _, st in s) and s and s[-1][1] == "running":
            time.sleep(0.3)  # well inside the run
            return True
        time.sleep(0.1)
    return False


def kill_test(binary, tmp):
    db = os.path.join(tmp, "killed.db")
    proc = start(binary, db)
    caught = wait_for_second_run(proc, db)
    check(caught, "kill -9: caught the process in its second run")
    if not caught:
        proc.kill()
        proc.wait()
        return
    before = statuses(db)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check(proc.returncode == -signal.SIGKILL, "kill -9: the process died by SIGKILL")
    check(query(db, "PRAGMA integrity_check") == [("ok",)], "kill -9: integrity_check is ok")
    after = statuses(db)
    complete = [i for i, st in before if st == "complete"]
    check(all((i, "complete") in after for i in complete),
          "kill -9: every run that had finished is still complete (%s)" % complete)
    killed = before[-1][0]
    check((killed, "running") in after,
          "kill -9: the killed run %d is kept and marked 'running', not 'complete'" % killed)
    rows = query(db, "SELECT count(*) FROM requests WHERE run_id IN (%s)"
                 % ",".join(map(str, complete)))[0][0]
    issued = query(db, "SELECT sum(issued) FROM run_outcomes WHERE run_id IN (%s)"
                   % ",".join(map(str, complete)))[0][0]
    check(rows > 0 and rows == issued,
          "kill -9: the finished runs hold all their request rows (%d)" % rows)
    summary = query(db, "SELECT count(*) FROM policy_summary WHERE status = 'complete'")[0][0]
    check(summary == len(complete), "kill -9: summaries count only the complete runs")
    # the database takes further runs after the crash
    p = subprocess.run([binary, "--db=" + db, "--jobs=1", "--devices.count=1", "--duration=1", "--warmup=0",
                        "--policies=local", "--quiet"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    check(p.returncode == 0, "kill -9: a later run appends to the same database")
    check((killed, "running") in statuses(db), "kill -9: and the killed run is still recorded")


def signal_test(binary, tmp, sig, code):
    name = signal.Signals(sig).name
    db = os.path.join(tmp, name + ".db")
    proc = start(binary, db)
    caught = wait_for_second_run(proc, db)
    check(caught, "%s: caught the process in its second run" % name)
    if not caught:
        proc.kill()
        proc.wait()
        return
    before = statuses(db)
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        check(False, "%s: the process stopped within 60 s" % name)
        return
    check(proc.returncode == code, "%s: exit code %d (got %d)" % (name, code, proc.returncode))
    check("interrupted" in err and name in err, "%s: the message says so: %s" % (
        name, err.strip().splitlines()[-1] if err.strip() else "(nothing)"))
    after = query(db, "SELECT id, status, message FROM runs ORDER BY id")
    killed = before[-1][0]
    row = [r for r in after if r[0] == killed]
    check(bool(row) and row[0][1] == "interrupted" and name in row[0][2],
          "%s: run %d marked 'interrupted' (%s)" % (name, killed, row[0][2] if row else "-"))
    check(all((i, "complete") in [(r[0], r[1]) for r in after]
              for i, st in before if st == "complete"),
          "%s: the finished runs are kept as complete" % name)
    check(len(after) == len(before), "%s: no further run was started" % name)
    check(query(db, "PRAGMA integrity_check") == [("ok",)], "%s: integrity_check is ok" % name)
    left = [s for s in ("-wal", "-shm") if os.path.exists(db + s)]
    check(not left, "%s: no -wal/-shm left behind %s" % (name, left))


def children(pid):
    """The pids of the processes whose parent is pid (Linux /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def parent_kill_test(binary, tmp):
    if not sys.platform.startswith("linux"):
        print("skip --jobs=2 parent kill: Linux only")
        return
    db = os.path.join(tmp, "parent.db")
    # two long tasks (no 'local', which would finish before the kill)
    args = ["--jobs=2", "--warmup=0", "--devices.count=4", "--duration=60",
            "--policies=full-offload,dads", "--quiet"]
    proc = subprocess.Popen([binary, "--db=" + db] + args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    kids = []
    t0 = time.time()
    while time.time() - t0 < 60 and len(kids) < 2 and proc.poll() is None:
        kids = children(proc.pid)
        time.sleep(0.1)
    check(len(kids) == 2, "--jobs=2: two task processes started (%s)" % kids)
    time.sleep(1.0)  # inside their runs
    kids = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    t0 = time.time()
    while time.time() - t0 < 10 and any(alive(k) for k in kids):
        time.sleep(0.1)
    left = [k for k in kids if alive(k)]
    for k in left:
        os.kill(k, signal.SIGKILL)
    check(kids and not left, "--jobs=2, parent killed: no task process left running %s" % left)
    jobs = [d for d in os.listdir(tmp) if d.startswith("parent.db.jobs-")]
    found = []
    for d in jobs:
        for f in sorted(os.listdir(os.path.join(tmp, d))):
            if f.endswith(".db"):
                found += [st for _, st in statuses(os.path.join(tmp, d, f))]
    check(found and all(st == "interrupted" for st in found),
          "--jobs=2, parent killed: the task runs are marked 'interrupted' (%s)" % found)


def file_size_test(binary, tmp):
    db = os.path.join(tmp, "fsize.db")

    def limit():
        # inside the first run's rows: the schema and the first run's rows take about 120 KiB
        # in the database and its WAL (at 200 KiB the first run completed and the limit was
        # met by the second run's BeginRun, which leaves no run to mark)
        resource.setrlimit(resource.RLIMIT_FSIZE, (150 * 1024, 150 * 1024))

    p = subprocess.run([binary, "--db=" + db] + ARGS, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, preexec_fn=limit, timeout=600)
    check(p.returncode == 1, "ulimit -f: exit 1, not death by SIGXFSZ (got %d)" % p.returncode)
    err = p.stderr.strip().splitlines()
    check(any("error:" in line and "fsize.db" in line and "disk I/O error" in line
              for line in err),
          "ulimit -f: a clear error naming the file: %s" % (err[-1] if err else "(nothing)"))
    runs = query(db, "SELECT status, message FROM runs ORDER BY id")
    check(runs and runs[-1][0] == "failed" and "size limit" in runs[-1][1],
          "ulimit -f: the run is marked 'failed' with SQLite's reason")
    check(query(db, "PRAGMA integrity_check") == [("ok",)], "ulimit -f: integrity_check is ok")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    binary = os.path.join(a.bin, "dnn-surgery-compare")
    tmp = tempfile.mkdtemp(prefix="dnn-surgery-crash-")
    try:
        kill_test(binary, tmp)
        signal_test(binary, tmp, signal.SIGINT, 130)
        signal_test(binary, tmp, signal.SIGTERM, 143)
        file_size_test(binary, tmp)
        parent_kill_test(binary, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("crash-safety: %d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
