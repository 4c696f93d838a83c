#!/usr/bin/env python3
"""Checks that two result databases hold identical rows, run ids and timestamps aside.

Used to show that a refactoring leaves the policies' behaviour unchanged: write a database with
the old build and one with the new build from the same command, e.g.

    build/bin/dnn-surgery-compare --scenario=default --db=/tmp/golden-main.db --quiet
    utils/compare-golden.py /tmp/golden-main.db results.db

Every table present in the first database is compared row by row (in insertion order). Run ids
are replaced by the run's position, and the columns that depend on the wall clock, the process
or the checkout (start time, wall seconds, pid, host, git commit, module version) are left out.
Columns that only the second database has (a newer schema) are ignored, and so are scenario
fields that only the second run's resolved scenario (runs.scenario_text) has (new fields,
written with their defaults), and so are the run_metrics rows whose name the first database
never has (new metrics).
Exit status 0 when identical, 1 with the first differences otherwise.
Usage: utils/compare-golden.py OLD.db NEW.db [--max-diffs=N]
"""
import json
import sqlite3
import sys

RUN_COLUMNS_IGNORED = {"id", "start_time", "wall_seconds", "pid", "host", "git_commit",
                       "module_version"}


def tables(db):
    return [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]


def columns(db, table):
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def run_index(db):
    return {rid: k for k, (rid,) in enumerate(db.execute("SELECT id FROM runs ORDER BY id"))}


def rows(db, table, cols, runs):
    sel = ", ".join(f'"{c}"' for c in cols)
    out = []
    for r in db.execute(f"SELECT {sel} FROM {table} ORDER BY rowid"):
        r = list(r)
        for k, c in enumerate(cols):
            if c == "run_id":
                r[k] = ("run", runs.get(r[k]))
        out.append(tuple(r))
    return out


def common_part(new, old):
    """The part of a JSON value new that has keys old has (recursively)."""
    if isinstance(new, dict) and isinstance(old, dict):
        return {k: common_part(v, old[k]) for k, v in new.items() if k in old}
    return new


def same_scenario(old_text, new_text):
    try:
        old, new = json.loads(old_text), json.loads(new_text)
    except (TypeError, ValueError):
        return old_text == new_text
    return common_part(new, old) == old


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    max_diffs = 10
    for a in argv[1:]:
        if a.startswith("--max-diffs="):
            max_diffs = int(a.split("=", 1)[1])
    if len(args) != 2:
        sys.exit(__doc__)
    old = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True)
    new = sqlite3.connect(f"file:{args[1]}?mode=ro", uri=True)
    old_runs, new_runs = run_index(old), run_index(new)
    new_tables = set(tables(new))
    diffs = 0
    total = 0
    for t in tables(old):
        if t == "meta":
            continue
        if t not in new_tables:
            print(f"compare-golden: table {t} missing in {args[1]}")
            diffs += 1
            continue
        cols = [c for c in columns(old, t) if not (t == "runs" and c in RUN_COLUMNS_IGNORED)]
        missing = [c for c in cols if c not in columns(new, t)]
        if missing:
            print(f"compare-golden: {t}: columns {missing} missing in {args[1]}")
            diffs += 1
            continue
        a, b = rows(old, t, cols, old_runs), rows(new, t, cols, new_runs)
        if t == "run_metrics" and "name" in cols:
            known = {r[0] for r in old.execute("SELECT DISTINCT name FROM run_metrics")}
            b = [r for r in b if r[cols.index("name")] in known]
        total += len(a)
        if len(a) != len(b):
            print(f"compare-golden: {t}: {len(a)} rows in {args[0]}, {len(b)} in {args[1]}")
            diffs += 1
        text = cols.index("scenario_text") if t == "runs" and "scenario_text" in cols else -1
        for k, (x, y) in enumerate(zip(a, b)):
            equal = x == y
            if not equal and text >= 0 and same_scenario(x[text], y[text]):
                equal = x[:text] + x[text + 1:] == y[:text] + y[text + 1:]
            if not equal:
                diffs += 1
                if diffs <= max_diffs:
                    changed = {c: (u, v) for c, u, v in zip(cols, x, y) if u != v}
                    print(f"compare-golden: {t} row {k}: {changed}")
        print(f"compare-golden: {t}: {len(a)} rows compared")
    if diffs:
        print(f"compare-golden: {diffs} difference(s)")
        return 1
    print(f"compare-golden: identical ({total} rows in {len(old_runs)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
