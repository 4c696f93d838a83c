#!/usr/bin/env python3
"""Round trip of dnn-surgery-export: the CSV, loaded with Python's csv module, has the database's
row count and sums.

    utils/check-export.py BUILD_BIN_DIR [DB]

Without DB, a small database is written first with dnn-surgery-compare (2 devices, 2 s, dads and
dds, one-frame deadline). Both tables are exported; for every numeric column the sum over the
CSV equals the sum over the database (NULL = empty field), and the row counts are equal.
Exit status 0 on success.
"""
import csv
import io
import math
import os
import sqlite3
import subprocess
import sys
import tempfile

REQUESTS = {  # CSV column -> SQL over requests q JOIN runs r (complete runs)
    "request": "q.request", "issued_s": "q.issued", "device_end_s": "q.device_end",
    "upload_start_s": "q.upload_start", "server_end_s": "q.server_end",
    "completed_s": "q.completed", "latency_s": "q.latency", "bytes_up_bytes": "q.bytes_up",
    "bytes_down_bytes": "q.bytes_down", "share_flops": "q.share",
    "layers_on_server": "q.layers_on_server", "deadline_s": "q.deadline",
    "deadline_met": "q.deadline_met",
}
SUMMARY = {  # CSV column -> SQL over policy_summary (complete runs)
    "issued": "issued", "completed": "completed", "fallback": "fallback", "failed": "failed",
    "mean_latency_s": "mean_latency", "p95_latency_s": "p95_latency",
    "deadline_met_ratio": "deadline_met_ratio", "payment": "payment", "rounds": "rounds",
}


def export(binary, db, table):
    out = subprocess.run([binary, "--db=" + db, "--table=" + table], check=True,
                         capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def check(db, rows, columns, source, where):
    con = sqlite3.connect(db)
    n = con.execute(f"SELECT COUNT(*) FROM {source} WHERE {where}").fetchone()[0]
    errors = []
    if n != len(rows):
        errors.append(f"{len(rows)} CSV rows, {n} in the database")
    for col, sql in columns.items():
        db_sum, db_count = con.execute(
            f"SELECT TOTAL({sql}), COUNT({sql}) FROM {source} WHERE {where}").fetchone()
        values = [float(r[col]) for r in rows if r[col] != ""]
        if len(values) != db_count or not close(sum(values), db_sum):
            errors.append(f"{col}: CSV {len(values)} values sum {sum(values)!r}, "
                          f"database {db_count} values sum {db_sum!r}")
    return n, errors


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bindir = sys.argv[1]
    tmp = None
    db = sys.argv[2] if len(sys.argv) > 2 else None
    if db is None:
        tmp = tempfile.mkdtemp(prefix="dnn-surgery-export-")
        db = os.path.join(tmp, "export.db")
        subprocess.run([os.path.join(bindir, "dnn-surgery-compare"), "--scenario=default",
                        "--duration=2", "--warmup=0", "--devices.count=2", "--policies=dads,dds",
                        "--devices.deadline=frame", "--runs=1", "--plots=none", "--db=" + db, "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(bindir, "dnn-surgery-export")
    errors = []
    n, e = check(db, export(binary, db, "requests"), REQUESTS,
                 "requests q JOIN runs r ON r.id = q.run_id", "r.status = 'complete'")
    errors += ["requests: " + x for x in e]
    m, e = check(db, export(binary, db, "summary"), SUMMARY, "policy_summary",
                 "status = 'complete'")
    errors += ["summary: " + x for x in e]
    if tmp:
        for f in os.listdir(tmp):
            os.remove(os.path.join(tmp, f))
        os.rmdir(tmp)
    if n == 0 or m == 0:
        errors.append("nothing exported")
    for x in errors:
        print("check-export:", x)
    if errors:
        sys.exit(1)
    print(f"check-export: ok ({n} request rows, {m} summary rows, sums equal)")


if __name__ == "__main__":
    main()
