#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Draws the dnn-surgery result plots from a result database (SQLite) with gnuplot.

Usage: utils/plot-results.py --db results.db --out plots [--scenario NAME]

Only complete runs are used. Everything plotted is read from the database, so a plot can be
redrawn at any time from results.db. Files written to --out:

  latency-cdf[-<sweep value>].png  end-to-end latency CDF per policy (all seeds pooled)
  latency-by-policy.png            mean / p95 latency per policy (first sweep value)
  latency-vs-<parameter>.png       mean latency per policy against the swept parameter
  shares-over-time.png             f_i granted to each device through the game (dds, first run)
  shares-by-grant.png              the same against the grant number (best-response turns)
  latency-vs-payment[-<value>].png mean latency against payment per policy, one point per
                                   policy with 95% CI bars (Student t over run means) on both
                                   axes: reservation billing (integral of f_i p(S) dt) and usage
                                   billing (server FLOP x p(S))
  latency-over-time.png            latency of each request against its issue time, per device,
                                   with the handover instants marked (runs with handovers)
  data/*.dat, *.gp                 the data and the gnuplot scripts (rerun: gnuplot file.gp)

Requires python3 (stdlib only) and gnuplot (pngcairo terminal).
"""

import argparse
import math
import os
import shutil
import sqlite3
import subprocess
import sys

POLICY_ORDER = ["local", "full-offload", "neurosurgeon", "dads", "dads-greedy", "optimum", "dds",
                "dds-load"]

# two-sided 95% Student t quantiles for 1..30 degrees of freedom (as model/run-statistics.cc)
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
       2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
       2.052, 2.048, 2.045, 2.042]


def interval(values):
    """Mean and 95% half-width over runs (NaN half-width with fewer than 2 values)."""
    v = [x for x in values if x is not None and not math.isnan(x)]
    if not v:
        return float("nan"), float("nan")
    m = sum(v) / len(v)
    if len(v) < 2:
        return m, float("nan")
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1))
    dof = len(v) - 1
    t = T95[dof - 1] if dof <= 30 else (2.021 if dof <= 40 else 2.000 if dof <= 60 else 1.980 if dof <= 120 else 1.960)
    return m, t * sd / math.sqrt(len(v))


def policy_key(p):
    return (POLICY_ORDER.index(p), p) if p in POLICY_ORDER else (len(POLICY_ORDER), p)


def nearest_rank(sorted_values, percent):
    """The k-th smallest value, k = ceil(percent n / 100) (same rule as the SQL views)."""
    n = len(sorted_values)
    if n == 0:
        return float("nan")
    k = max(1, (percent * n + 99) // 100)
    return sorted_values[min(k, n) - 1]


def safe(name):
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def gnuplot(out_dir, name, script):
    path = os.path.join(out_dir, name + ".gp")
    with open(path, "w") as f:
        f.write(script)
    subprocess.run(["gnuplot", name + ".gp"], cwd=out_dir, check=True)
    return os.path.join(out_dir, name + ".png")


HEADER = """set terminal pngcairo size 1000,650 enhanced font 'DejaVu Sans,12'
set output '{png}'
set title '{title}' noenhanced
set grid
set key {key} box opaque noenhanced width 1.5
"""


def fmt_value(v):
    """Sweep values are stored as JSON text: 4, 2e12, "random-walk"."""
    return v.strip('"')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", required=True, help="result database")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--scenario", help="scenario name (default: that of the latest complete run)")
    args = ap.parse_args()

    if not shutil.which("gnuplot"):
        print("error: gnuplot not found (apt-get install gnuplot-nox)", file=sys.stderr)
        return 1
    if not os.path.exists(args.db):
        print("error: %s: no such result database" % args.db, file=sys.stderr)
        return 1
    db = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    scenario = args.scenario
    if scenario is None:
        row = db.execute("SELECT scenario FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            print("error: %s: no complete run" % args.db, file=sys.stderr)
            return 1
        scenario = row[0]
    runs = db.execute(
        "SELECT id, policy, seed, run_number, sweep_parameter, sweep_value FROM runs "
        "WHERE status = 'complete' AND scenario = ? ORDER BY id", (scenario,)).fetchall()
    if not runs:
        print("error: %s: no complete run of scenario '%s'" % (args.db, scenario), file=sys.stderr)
        return 1
    # the latest invocation wins when the same (policy, seed, run, sweep value) was run twice
    latest = {}
    for rid, policy, seed, run_number, param, value in runs:
        latest[(policy, seed, run_number, value)] = (rid, policy, seed, run_number, param, value)
    runs = sorted(latest.values())
    param = runs[0][4]
    values = []
    for r in runs:
        if r[5] not in values:
            values.append(r[5])
    try:
        values.sort(key=lambda v: float(v))
        numeric = True
    except ValueError:
        numeric = False
    policies = sorted({r[1] for r in runs}, key=policy_key)

    os.makedirs(os.path.join(args.out, "data"), exist_ok=True)
    written = []

    # requests issued during the warm-up are left out, as in the table
    has_view = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'measured_requests'").fetchone()[0]
    requests = "measured_requests" if has_view else "requests"

    def latencies(run_ids):
        q = "SELECT latency FROM %s WHERE latency IS NOT NULL AND run_id IN (%s) ORDER BY latency" % (
            requests, ",".join(str(i) for i in run_ids))
        return [r[0] for r in db.execute(q)]

    def metric(rid, name):
        row = db.execute("SELECT value FROM run_metrics WHERE run_id = ? AND name = ?", (rid, name)).fetchone()
        return row[0] if row else None

    def run_figures(rid):
        """Mean latency (requests with a result), reservation and usage payment of one run."""
        lat = latencies([rid])
        mean = sum(lat) / len(lat) if lat else float("nan")
        duration, warmup = db.execute("SELECT sim_duration, %s FROM runs WHERE id = ?" % (
            "warmup" if has_view else "0"), (rid,)).fetchone()
        reserved = 0.0
        grants = db.execute("SELECT device, time, payment, price FROM allocations WHERE run_id = ? "
                            "ORDER BY device, time, rowid", (rid,)).fetchall()
        for k, (dev, t, pay, _) in enumerate(grants):
            until = grants[k + 1][1] if k + 1 < len(grants) and grants[k + 1][0] == dev else duration
            start = max(t, warmup or 0)
            if pay is not None and until > start:
                reserved += pay * (until - start)
        usage = 0.0
        if has_view:
            prices = sorted((t, p) for _, t, _, p in grants if p is not None)
            p0 = metric(rid, "price_p0") or 0.0
            for work, at in db.execute("SELECT server_work, COALESCE(server_start, issued) FROM "
                                       "measured_requests WHERE run_id = ? AND server_work > 0", (rid,)):
                price = p0
                for t, p in prices:
                    if t > at:
                        break
                    price = p
                usage += work * price
        return mean, reserved, usage

    # 1. latency CDF per policy, one plot per sweep value
    for value in values:
        suffix = "" if value == "" else "-" + safe(fmt_value(value))
        plots = []
        for policy in policies:
            ids = [r[0] for r in runs if r[1] == policy and r[5] == value]
            lat = latencies(ids)
            if not lat:
                continue
            dat = "data/cdf%s-%s.dat" % (suffix, safe(policy))
            with open(os.path.join(args.out, dat), "w") as f:
                f.write("# latency_ms cumulative_fraction (%s, %d requests)\n" % (policy, len(lat)))
                n = len(lat)
                step = max(1, n // 2000)
                for i in range(0, n, step):
                    f.write("%.6f %.6f\n" % (lat[i] * 1e3, (i + 1) / n))
                f.write("%.6f %.6f\n" % (lat[-1] * 1e3, 1.0))
            plots.append("'%s' using 1:2 with steps lw 2 title '%s'" % (dat, policy))
        if not plots:
            continue
        title = "Latency CDF per policy, scenario %s" % scenario
        if value != "":
            title += " (%s = %s)" % (param, fmt_value(value))
        name = "latency-cdf" + suffix
        script = HEADER.format(png=name + ".png", title=title, key="right bottom")
        script += "set xlabel 'end-to-end latency (ms, log scale)'\nset ylabel 'fraction of requests'\n"
        script += "set logscale x\nset yrange [0:1.02]\n"
        script += "plot " + ", \\\n     ".join(plots) + "\n"
        written.append(gnuplot(args.out, name, script))

    # 2. mean and p95 latency per policy (first sweep value)
    value0 = values[0]
    rows = []
    for policy in policies:
        ids = [r[0] for r in runs if r[1] == policy and r[5] == value0]
        lat = latencies(ids)
        if lat:
            rows.append((policy, sum(lat) / len(lat) * 1e3, nearest_rank(lat, 95) * 1e3))
    if rows:
        dat = "data/latency-by-policy.dat"
        with open(os.path.join(args.out, dat), "w") as f:
            f.write("# policy mean_ms p95_ms\n")
            for p, m, p95 in rows:
                f.write('"%s" %.6f %.6f\n' % (p, m, p95))
        title = "Latency per policy, scenario %s" % scenario
        if value0 != "":
            title += " (%s = %s)" % (param, fmt_value(value0))
        script = HEADER.format(png="latency-by-policy.png", title=title, key="left top")
        script += "set ylabel 'latency (ms, log scale)'\nset xlabel 'policy'\nset style data histogram\n"
        script += "set logscale y\n"
        script += "set style histogram cluster gap 1\nset style fill solid 0.8 border -1\n"
        script += "set boxwidth 0.9\nset yrange [1:*]\nset xtics noenhanced\n"
        script += ("plot '%s' using 2:xtic(1) title 'mean', '' using 3 title 'p95 (nearest rank)'\n" % dat)
        written.append(gnuplot(args.out, "latency-by-policy", script))

    # 3. latency against the swept parameter
    if param and len(values) > 1:
        plots = []
        for policy in policies:
            dat = "data/sweep-%s.dat" % safe(policy)
            with open(os.path.join(args.out, dat), "w") as f:
                f.write("# index %s mean_ms p95_ms\n" % param)
                for i, value in enumerate(values):
                    ids = [r[0] for r in runs if r[1] == policy and r[5] == value]
                    lat = latencies(ids)
                    if lat:
                        f.write("%d %s %.6f %.6f\n" % (i, fmt_value(value) if numeric else '"%s"' % fmt_value(value),
                                                      sum(lat) / len(lat) * 1e3, nearest_rank(lat, 95) * 1e3))
            if numeric:
                plots.append("'%s' using 2:3 with linespoints lw 2 pt 7 title '%s'" % (dat, policy))
            else:
                plots.append("'%s' using 1:3:xtic(2) with linespoints lw 2 pt 7 title '%s'" % (dat, policy))
        unit = {
            "devices.count": "number of devices N",
            "server.capacity": "server capacity F (FLOP/s)",
            "server.p0": "base price p0 (money per FLOP/s)",
            "server.kappa": "price slope kappa (money per (FLOP/s)^2)",
            "devices.maxDistance": "largest device-AP distance (m)",
            "devices.minDistance": "smallest device-AP distance (m)",
            "network.backhaulRate": "backhaul rate (bit/s)",
            "devices.rate": "request rate per device (1/s)",
            "mobility.speed": "device speed (m/s)",
            "devices.lambda": "cost weight lambda (s per money unit)",
        }.get(param, param)
        name = "latency-vs-" + safe(param)
        script = HEADER.format(png=name + ".png", title="Mean latency vs %s, scenario %s" % (param, scenario),
                               key="outside right top")
        script += "set xlabel '%s' noenhanced\nset ylabel 'mean end-to-end latency (ms, log scale)'\n" % unit
        script += "set logscale y\n"
        if numeric:
            vals = [float(v) for v in values]
            if min(vals) > 0 and max(vals) / min(vals) >= 50:
                script += "set logscale x\n"
            script += "set offsets graph 0.03, graph 0.03, 0, 0\n"
        else:
            script += "set offsets 0.3, 0.3, 0, 0\n"
        script += "plot " + ", \\\n     ".join(plots) + "\n"
        written.append(gnuplot(args.out, name, script))

    # 4. shares over time through the game (dds, first run of the first sweep value)
    dds = [r for r in runs if r[1] == "dds" and r[5] == value0]
    if dds:
        rid = dds[0][0]
        devices = [d[0] for d in db.execute(
            "SELECT device FROM devices WHERE run_id = ? UNION SELECT device FROM allocations "
            "WHERE run_id = ? ORDER BY 1", (rid, rid))]
        models = dict(db.execute("SELECT device, model FROM devices WHERE run_id = ?", (rid,)).fetchall())
        duration = db.execute("SELECT sim_duration FROM runs WHERE id = ?", (rid,)).fetchone()[0]
        capacity = None
        plots = []
        for dev in devices:
            pts = db.execute("SELECT time, granted FROM allocations WHERE run_id = ? AND device = ? "
                             "ORDER BY time, rowid", (rid, dev)).fetchall()
            dat = "data/shares-dev%d.dat" % dev
            with open(os.path.join(args.out, dat), "w") as f:
                f.write("# time_s share_TFLOPs (device %d)\n" % dev)
                f.write("0 0\n")
                for t, g in pts:
                    f.write("%.6f %.9f\n" % (t, g / 1e12))
                if duration:
                    f.write("%.6f %.9f\n" % (duration, pts[-1][1] / 1e12 if pts else 0.0))
            label = "device %d (%s)" % (dev, models.get(dev, "?"))
            plots.append("'%s' using 1:2 with steps lw 2 title '%s'" % (dat, label))
        rounds = db.execute("SELECT time, aggregate FROM game_rounds WHERE run_id = ? ORDER BY time, rowid",
                            (rid,)).fetchall()
        if rounds:
            dat = "data/shares-aggregate.dat"
            with open(os.path.join(args.out, dat), "w") as f:
                f.write("# time_s S_TFLOPs\n0 0\n")
                for t, s in rounds:
                    f.write("%.6f %.9f\n" % (t, (s or 0) / 1e12))
                if duration:
                    f.write("%.6f %.9f\n" % (duration, (rounds[-1][1] or 0) / 1e12))
            plots.append("'%s' using 1:2 with steps lw 3 dt 2 lc rgb 'black' title 'S = sum of shares'" % dat)
        try:
            text = db.execute("SELECT scenario_text FROM runs WHERE id = ?", (rid,)).fetchone()[0]
            import json
            capacity = json.loads(text)["server"]["capacity"]
        except Exception:
            capacity = None
        if plots:
            n_rounds = db.execute("SELECT COALESCE(SUM(rounds), 0) FROM game_rounds WHERE run_id = ?",
                                  (rid,)).fetchone()[0]
            script = HEADER.format(png="shares-over-time.png",
                                   title="Server shares f_i through the game (dds, scenario %s, %d rounds)"
                                   % (scenario, n_rounds), key="outside right top")
            script += "set xlabel 'simulated time (s)'\nset ylabel 'granted share (TFLOP/s)'\n"
            script += "set yrange [0:*]\n"
            if capacity:
                script += "set arrow from graph 0, first %g to graph 1, first %g nohead lc rgb 'red' dt 3\n" % (
                    capacity / 1e12, capacity / 1e12)
                script += "set label 'capacity F' at graph 0.02, first %g offset 0,0.7 tc rgb 'red'\n" % (
                    capacity / 1e12)
                script += "set yrange [0:%g]\n" % (capacity / 1e12 * 1.1)
            script += "plot " + ", \\\n     ".join(plots) + "\n"
            written.append(gnuplot(args.out, "shares-over-time", script))

        # the same shares against the grant number: each grant is one best-response turn of
        # the sequential dynamics (a round is one turn per device)
        grants = db.execute("SELECT device, granted FROM allocations WHERE run_id = ? ORDER BY time, rowid",
                            (rid,)).fetchall()
        if grants and devices:
            shares = {d: 0.0 for d in devices}
            rows = []
            for k, (dev, g) in enumerate(grants, start=1):
                shares[dev] = g
                rows.append((k, [shares[d] for d in devices], sum(shares.values())))
            dat = "data/shares-by-grant.dat"
            with open(os.path.join(args.out, dat), "w") as f:
                f.write("# grant " + " ".join("dev%d_TFLOPs" % d for d in devices) + " S_TFLOPs\n")
                f.write("0 " + " ".join("0" for _ in devices) + " 0\n")
                for k, v, tot in rows:
                    f.write("%d %s %.9f\n" % (k, " ".join("%.9f" % (x / 1e12) for x in v), tot / 1e12))
            plots = ["'%s' using 1:%d with steps lw 2 title 'device %d (%s)'" % (dat, i + 2, d, models.get(d, "?"))
                     for i, d in enumerate(devices)]
            plots.append("'%s' using 1:%d with steps lw 3 dt 2 lc rgb 'black' title 'S = sum of shares'"
                         % (dat, len(devices) + 2))
            script = HEADER.format(png="shares-by-grant.png",
                                   title="Shares f_i after each grant of the game (dds, scenario %s)" % scenario,
                                   key="outside right top")
            script += "set xrange [0:%d]\n" % (len(grants) + 1)
            script += "set xlabel 'grant number (one best-response turn each)'\n"
            script += "set ylabel 'granted share (TFLOP/s)'\nset yrange [0:*]\n"
            if capacity:
                script += "set yrange [0:%g]\n" % (capacity / 1e12 * 1.1)
                script += "set arrow from graph 0, first %g to graph 1, first %g nohead lc rgb 'red' dt 3\n" % (
                    capacity / 1e12, capacity / 1e12)
            script += "plot " + ", \\\n     ".join(plots) + "\n"
            written.append(gnuplot(args.out, "shares-by-grant", script))

    # 5. latency against payment, per policy, with 95% CI bars over runs (each sweep value)
    for value in values:
        suffix = "" if value == "" else "-" + safe(fmt_value(value))
        dat = "data/latency-vs-payment%s.dat" % suffix
        lines = []
        for policy in policies:
            figs = [run_figures(r[0]) for r in runs if r[1] == policy and r[5] == value]
            lm, lh = interval([f[0] * 1e3 for f in figs])
            rm, rh = interval([f[1] for f in figs])
            um, uh = interval([f[2] for f in figs])
            if not math.isnan(lm):
                lines.append((policy, lm, lh, rm, rh, um, uh, len(figs)))
        if not lines:
            continue
        with open(os.path.join(args.out, dat), "w") as f:
            f.write("# policy mean_latency_ms ci_ms reservation_payment ci usage_payment ci runs\n")
            for p, lm, lh, rm, rh, um, uh, n in lines:
                f.write('"%s" %.6f %.6f %.9g %.9g %.9g %.9g %d\n' % (
                    p, lm, 0 if math.isnan(lh) else lh, rm, 0 if math.isnan(rh) else rh, um,
                    0 if math.isnan(uh) else uh, n))
        title = "Latency vs payment, %s" % scenario
        if value != "":
            title += " (%s = %s)" % (param, fmt_value(value))
        title += ", 95%% CI, %d runs" % max(l[7] for l in lines)
        name = "latency-vs-payment" + suffix
        script = HEADER.format(png=name + ".png", title=title, key="outside right top")
        script += "set xlabel 'payment over the measured window (money units)'\n"
        script += "set ylabel 'mean end-to-end latency (ms)'\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
        plots = []
        for k, (p, *_rest) in enumerate(lines):
            plots.append("'%s' every ::%d::%d using 4:2:5:3 with xyerrorbars lw 2 pt 7 ps 1.5 lc %d "
                         "title '%s (reservation)'" % (dat, k, k, k + 1, p))
            plots.append("'%s' every ::%d::%d using 6:2:7:3 with xyerrorbars lw 1 pt 6 ps 1.5 lc %d "
                         "title '%s (usage)'" % (dat, k, k, k + 1, p))
        script += "plot " + ", \\\n     ".join(plots) + "\n"
        written.append(gnuplot(args.out, name, script))

    # 6. latency over time per device with the handover instants (mobility scenarios: the
    # first run of dds, else of the first policy, of the first sweep value, when it has a
    # handover)
    has_ho = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'handovers'").fetchone()[0]
    if has_ho:
        pick = [r for r in runs if r[1] == "dds" and r[5] == value0] or [r for r in runs if r[5] == value0]
        rid, pol = pick[0][0], pick[0][1]
        hos = db.execute("SELECT device, time, kind, source, target, ok FROM handovers WHERE run_id = ? "
                         "ORDER BY time", (rid,)).fetchall()
        if hos:
            devices = [d[0] for d in db.execute("SELECT DISTINCT device FROM requests WHERE run_id = ? "
                                                "ORDER BY 1", (rid,))]
            plots = []
            for k, dev in enumerate(devices):
                pts = db.execute("SELECT issued, latency, outcome FROM requests WHERE run_id = ? AND "
                                 "device = ? ORDER BY issued", (rid, dev)).fetchall()
                dat = "data/latency-time-dev%d.dat" % dev
                with open(os.path.join(args.out, dat), "w") as f:
                    f.write("# issued_s latency_ms outcome(0 completed, 1 fallback, 2 failed at the timeout) "
                            "(device %d)\n" % dev)
                    timeout = metric(rid, "request_timeout") or float("nan")
                    for t, lat, out in pts:
                        if out == "unfinished":
                            continue
                        code = {"completed": 0, "fallback": 1}.get(out, 2)
                        f.write("%.6f %.6f %d\n" % (t, (lat if lat is not None else timeout) * 1e3, code))
                plots.append("'%s' using 1:2 with linespoints lw 1 pt 7 ps 0.5 lc %d title 'device %d'"
                             % (dat, k + 1, dev))
            dat = "data/handovers.dat"
            with open(os.path.join(args.out, dat), "w") as f:
                f.write("# time_s device kind source target ok\n")
                for dev, t, kind, src, dst, ok in hos:
                    f.write("%.6f %d %s %s %s %d\n" % (t, dev, kind, "-" if src is None else src,
                                                       "-" if dst is None else dst, ok))
            script = HEADER.format(png="latency-over-time.png",
                                   title="Latency over time per device, handovers marked (%s, scenario %s, "
                                   "run %d)" % (pol, scenario, rid), key="outside right top")
            script += "set xlabel 'request issued at (s)'\nset ylabel 'end-to-end latency (ms, log scale)'\n"
            script += "set logscale y\n"
            for dev, t, kind, src, dst, ok in hos:
                k = devices.index(dev) + 1 if dev in devices else 1
                script += "set arrow from %.6f, graph 0 to %.6f, graph 1 nohead lc %d dt 2\n" % (t, t, k)
            plots.append("NaN with lines lc rgb 'black' dt 2 title 'handover (device colour)'")
            script += "plot " + ", \\\n     ".join(plots) + "\n"
            written.append(gnuplot(args.out, "latency-over-time", script))

    for w in written:
        print("plot: %s" % w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
