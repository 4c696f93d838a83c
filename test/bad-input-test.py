#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Table-driven bad-input test of the module's programs, end to end.

Every case runs a program with one kind of bad command-line value, scenario file, profile file
or database path, and expects:
  - a non-zero exit, by an error and not by a signal (no crash, no ns-3 abort);
  - a message that names the field or the file (each case lists the parts it must contain);
  - no database created (a fresh --db path stays absent), and, run again on a copy of an existing
    result database, that database unchanged byte for byte.

Usage: bad-input-test.py --bin <dir with the programs> [--keep] [--timeout seconds]
"""

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ABORT_MARKS = ("terminate called", "msg=\"", "Segmentation", "Aborted", "AddressSanitizer",
               "LeakSanitizer",
               "runtime error:")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make_files(tmp, source_dir):
    """Write the bad scenario and profile files the cases use; return a dict name -> path."""
    good_model = os.path.join(source_dir, "scenarios", "models", "mobilenet_v2.json")
    files = {}

    def write(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        files[name] = path
        return path

    def profile(name, edit):
        import json
        with open(good_model) as f:
            j = json.load(f)
        edit(j)
        return write(name, json.dumps(j))

    write("not-json.json", "{\"name\": \"x\", \"duration\": 5,,}")
    write("array.json", "[1, 2, 3]")
    write("null-duration.json", "{\"name\": \"x\", \"duration\": null}")
    write("unknown-top.json", "{\"name\": \"x\", \"durration\": 5}")
    write("unknown-nested.json", "{\"name\": \"x\", \"server\": {\"capacty\": 5}}")
    write("no-name.json", "{\"duration\": 5}")
    write("empty.json", "")
    write("big-int.json", "{\"name\": \"x\", \"devices\": {\"count\": 18446744073709551617}}")
    write("inf-literal.json", "{\"name\": \"x\", \"duration\": 1e999}")
    write("string-number.json", "{\"name\": \"x\", \"duration\": \"5\"}")
    write("bool-number.json", "{\"name\": \"x\", \"devices\": {\"count\": true}}")

    def cycle(j):
        # layer 1 takes the last layer as a second input: a cycle
        j["layers"][1]["inputs"].append(j["layers"][-1]["id"])

    profile("cyclic.json", cycle)
    profile("unknown-layer-field.json", lambda j: j["layers"][2].__setitem__("flopz", 1))
    profile("unknown-profile-field.json", lambda j: j.__setitem__("input_byte", 1))
    profile("negative-flops.json", lambda j: j["layers"][2].__setitem__("flops", -5))
    profile("wide-id.json", lambda j: j["layers"][2].__setitem__("id", 4294967297))
    profile("no-layers.json", lambda j: j.pop("layers"))
    profile("wrong-version.json", lambda j: j.__setitem__("version", 7))
    profile("dangling-input.json", lambda j: j["layers"][2].__setitem__("inputs", [99999]))
    write("profile-not-json.json", "{\"format\": \"dnn-surgery-profile\", ")
    for model in ("cyclic", "unknown-layer-field", "unknown-profile-field", "negative-flops",
                  "wide-id", "no-layers", "wrong-version", "dangling-input", "profile-not-json"):
        write("uses-" + model + ".json",
              "{\"name\": \"x\", \"devices\": {\"models\": [{\"name\": \"%s\"}]}}"
              % files[model + ".json"])

    # databases that are not ours, or ours of an unknown version
    foreign = os.path.join(tmp, "foreign.db")
    con = sqlite3.connect(foreign)
    con.executescript("CREATE TABLE runs (id INTEGER PRIMARY KEY, note TEXT);"
                      "INSERT INTO runs VALUES (1, 'someone else''s data');")
    con.close()
    files["foreign.db"] = foreign
    files["text.db"] = write("text.db", "policy,latency\ndds,0.1\n")
    os.mkdir(os.path.join(tmp, "a-directory.db"))
    files["a-directory.db"] = os.path.join(tmp, "a-directory.db")
    return files


def cases(files):
    """(program, arguments, parts the message must contain, db mode).

    db mode: "fresh" = a new --db path is appended (must not be created) and the case runs again
    on a copy of a valid database (must stay unchanged); "given" = the case names its own --db
    (which must stay unchanged); "none" = the program writes no database."""
    C = "dnn-surgery-compare"
    f = files
    t = [
        # command-line overrides of scenario fields
        (C, ["--devices.models=resnet18,"], ["devices.models[1].name", "command line"], "fresh"),
        (C, ["--devices.models=,"], ["devices.models[0].name"], "fresh"),
        (C, ["--devices.models=resnet19"], ["devices.models[0].name", "unknown model 'resnet19'"],
         "fresh"),
        (C, ["--devices.models=resnet18:0"], ["devices.models[0].weight"], "fresh"),
        (C, ["--devices.models=resnet18:abc"], ["devices.models[0].weight"], "fresh"),
        (C, ["--devices.count=4294967297"], ["devices.count", "4294967297"], "fresh"),
        (C, ["--devices.count=0"], ["devices.count"], "fresh"),
        (C, ["--devices.count=1000000"], ["devices.count", "[1, 1000]"], "fresh"),
        (C, ["--devices.count=2.5"], ["devices.count"], "fresh"),
        (C, ["--devices.count=many"], ["devices.count", "many"], "fresh"),
        (C, ["--seeds=4294967297"], ["seeds[0]", "4294967297"], "fresh"),
        (C, ["--seeds=4294967296"], ["seeds[0]"], "fresh"),
        (C, ["--seeds=0"], ["seeds[0]"], "fresh"),
        (C, ["--seeds=1,1"], ["seeds[1]", "listed twice"], "fresh"),
        (C, ["--seeds="], ["seeds"], "fresh"),
        (C, ["--runs=0"], ["field 'runs'"], "fresh"),
        (C, ["--runs=18446744073709551617"], ["field 'runs'"], "fresh"),
        (C, ["--server.capacity=1e-300"], ["server.capacity"], "fresh"),
        (C, ["--server.capacity=-1"], ["server.capacity"], "fresh"),
        (C, ["--devices.timeout=1e300"], ["devices.timeout"], "fresh"),
        (C, ["--devices.timeout=0"], ["devices.timeout"], "fresh"),
        (C, ["--duration=1e300"], ["field 'duration'"], "fresh"),
        (C, ["--duration=1e10"], ["field 'duration'", "86400"], "fresh"),
        (C, ["--duration=null"], ["field 'duration'", "must not be null"], "fresh"),
        (C, ["--duration=nan"], ["field 'duration'"], "fresh"),
        (C, ["--duration=inf"], ["field 'duration'"], "fresh"),
        (C, ["--duration=-1"], ["field 'duration'"], "fresh"),
        (C, ["--duration="], ["field 'duration'"], "fresh"),
        (C, ["--devices.lambda=1e-310"], ["devices.lambda"], "fresh"),
        (C, ["--devices.deadline=1e300"], ["devices.deadline"], "fresh"),
        (C, ["--devices.deadline=soon"], ["devices.deadline"], "fresh"),
        (C, ["--policies=dds[NoSuchAttribute=1]"], ["policies[0]", "NoSuchAttribute"], "fresh"),
        (C, ["--output.pcap=/nonexistent/dir/trace"], ["output.pcap", "/nonexistent/dir/"],
         "fresh"),
        (C, ["--output.flowMonitor=/nonexistent/flows"], ["output.flowMonitor"], "fresh"),
        (C, ["--output.netanim=/tmp/"], ["output.netanim", "names a directory"], "fresh"),
        (C, ["--devices.rate=0"], ["devices.rate"], "fresh"),
        (C, ["--policies=dds,"], ["policies[1]"], "fresh"),
        (C, ["--policies=ddds"], ["policies[0]", "must be one of"], "fresh"),
        (C, ["--network.type=token-ring"], ["network.type"], "fresh"),
        (C, ["--network.accessPoints=65"], ["network.accessPoints"], "fresh"),
        (C, ["--network.type=lte", "--network.roaming=true"], ["network.roaming", "Wi-Fi"], "fresh"),
        (C, ["--network.roaming=yes"], ["network.roaming", "true or false"], "fresh"),
        (C, ["--server.placement=per-cell"], ["server.placement", "LTE"], "fresh"),
        (C, ["--network.layout=hex"], ["network.layout", "LTE eNB layout"], "fresh"),
        (C, ["--network.type=lte", "--network.bandwidthRbs=30"], ["network.bandwidthRbs"], "fresh"),
        (C, ["--mobility.model=path"], ["mobility.path", "two points"], "fresh"),
        (C, ["--mobility.path=[[0,0],[1e9,0]]"], ["mobility.path[1][0]"], "fresh"),
        (C, ["--mobility.model=ns2", "--mobility.trace=/nonexistent/trace.ns"],
         ["mobility.trace", "/nonexistent/trace.ns"], "fresh"),
        (C, ["--scenario=lte-handover", "--mobility.model=ns2", "--devices.count=7",
             "--mobility.trace=traces/road-3cells.ns_movements"], ["mobility.trace", "$node_(6)"],
         "fresh"),
        (C, ["--network.backhaulRate=0"], ["network.backhaulRate"], "fresh"),
        (C, ["--server.sharing=fifo"], ["server.sharing"], "fresh"),
        (C, ["--game.maxRounds=0"], ["game.maxRounds"], "fresh"),
        (C, ["--game.epsilon=2"], ["game.epsilon"], "fresh"),
        (C, ["--sweep.parameter=devices.count"], ["sweep.values"], "fresh"),
        (C, ["--sweep.parameter=devices.count", "--sweep.values=2,0"], ["sweep.values[1]"],
         "fresh"),
        (C, ["--sweep.parameter=devices.count", "--sweep.values=2,4294967297"],
         ["sweep.values[1]"], "fresh"),
        (C, ["--devices.cuont=5"], ["devices.cuont", "did you mean 'devices.count'"], "fresh"),
        (C, ["--devices.count"], ["--devices.count", "--<field>=<value>"], "fresh"),
        (C, ["--devices.count=1000", "--devices.rate=1000", "--duration=100"],
         ["requests in one run"], "fresh"),
        # scenario files
        (C, ["--scenario=/nonexistent/scenario.json"], ["/nonexistent/scenario.json"], "fresh"),
        (C, ["--scenario=" + f["not-json.json"]], ["not-json.json", "invalid JSON"], "fresh"),
        (C, ["--scenario=" + f["array.json"]], ["array.json", "JSON object"], "fresh"),
        (C, ["--scenario=" + f["empty.json"]], ["empty.json", "invalid JSON"], "fresh"),
        (C, ["--scenario=" + f["null-duration.json"]], ["null-duration.json", "'duration'",
                                                         "must not be null"], "fresh"),
        (C, ["--scenario=" + f["unknown-top.json"]], ["unknown-top.json", "'durration'",
                                                       "unknown field"], "fresh"),
        (C, ["--scenario=" + f["unknown-nested.json"]], ["unknown-nested.json",
                                                          "server.capacty"], "fresh"),
        (C, ["--scenario=" + f["no-name.json"]], ["no-name.json", "field 'name'"], "fresh"),
        (C, ["--scenario=" + f["big-int.json"]], ["big-int.json", "devices.count"], "fresh"),
        (C, ["--scenario=" + f["inf-literal.json"]], ["inf-literal.json"], "fresh"),
        (C, ["--scenario=" + f["string-number.json"]], ["string-number.json", "'duration'"],
         "fresh"),
        (C, ["--scenario=" + f["bool-number.json"]], ["bool-number.json", "devices.count"],
         "fresh"),
        # profile files named by a scenario: every model is read before any database opens
        (C, ["--scenario=" + f["uses-cyclic.json"]], ["cyclic.json", "cycle"], "fresh"),
        (C, ["--scenario=" + f["uses-unknown-layer-field.json"]],
         ["unknown-layer-field.json", "'flopz'", "unknown field"], "fresh"),
        (C, ["--scenario=" + f["uses-unknown-profile-field.json"]],
         ["unknown-profile-field.json", "'input_byte'"], "fresh"),
        (C, ["--scenario=" + f["uses-negative-flops.json"]], ["negative-flops.json", "'flops'"],
         "fresh"),
        (C, ["--scenario=" + f["uses-wide-id.json"]], ["wide-id.json", "'id'", "4294967297"],
         "fresh"),
        (C, ["--scenario=" + f["uses-no-layers.json"]], ["no-layers.json", "'layers'"], "fresh"),
        (C, ["--scenario=" + f["uses-wrong-version.json"]], ["wrong-version.json", "'version'"],
         "fresh"),
        (C, ["--scenario=" + f["uses-dangling-input.json"]], ["dangling-input.json", "99999"],
         "fresh"),
        (C, ["--scenario=" + f["uses-profile-not-json.json"]], ["profile-not-json.json",
                                                                 "not valid JSON"], "fresh"),
        # result databases: refused before anything is written to them
        (C, ["--db=" + f["foreign.db"], "--duration=1", "--warmup=0", "--devices.count=1", "--policies=local"],
         ["foreign.db", "not a dnn-surgery result database"], "given:foreign.db"),
        (C, ["--db=" + f["text.db"], "--duration=1", "--warmup=0", "--devices.count=1", "--policies=local"],
         ["text.db", "not a database"], "given:text.db"),
        (C, ["--db=" + f["a-directory.db"], "--duration=1", "--warmup=0", "--devices.count=1",
             "--policies=local"], ["a-directory.db"], "none"),
        (C, ["--db=/nonexistent/dir/results.db", "--duration=1", "--warmup=0", "--devices.count=1",
             "--policies=local"], ["/nonexistent/dir/results.db", "cannot open"], "none"),
        (C, ["--db=@newer", "--duration=1", "--warmup=0", "--devices.count=1", "--policies=local"],
         ["schema version 99", "does not know"], "given:newer.db"),
        # the smaller programs (ns-3 CommandLine names the argument)
        ("dnn-surgery-wifi-mobility", ["--nDevices=0"], ["nDevices"], "none"),
        ("dnn-surgery-wifi-mobility", ["--nDevices=4294967297"], ["--nDevices=4294967297"],
         "none"),
        ("dnn-surgery-partition", ["--model=nosuch"], ["model 'nosuch'"], "none"),
        ("dnn-surgery-partition", ["--uplink=-5"], ["--uplink"], "none"),
        ("dnn-surgery-partition", ["--uplink=1e400"], ["--uplink=1e400"], "none"),
        ("dnn-surgery-game", ["--nDevices=0"], ["--nDevices"], "none"),
    ]
    return t


def run(binary, args, timeout=120):
    p = subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, text=True, errors="replace")
    return p.returncode, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per program run")
    a = ap.parse_args()
    source_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tmp = tempfile.mkdtemp(prefix="dnn-surgery-bad-input-")
    files = make_files(tmp, source_dir)

    # a valid result database, written by the module itself, for the "unchanged" checks
    valid = os.path.join(tmp, "valid.db")
    rc, out = run(os.path.join(a.bin, "dnn-surgery-compare"),
                  ["--db=" + valid, "--duration=1", "--warmup=0", "--devices.count=1", "--policies=local",
                   "--quiet"])
    if rc != 0:
        print(out)
        print("FAIL: could not write the reference database")
        return 1
    newer = os.path.join(tmp, "newer.db")
    shutil.copy(valid, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.close()
    files["newer.db"] = newer

    table = cases(files)
    passed = 0
    failed = 0
    for i, (prog, args, parts, dbmode) in enumerate(table):
        binary = os.path.join(a.bin, prog)
        args = [x.replace("--db=@newer", "--db=" + newer) for x in args]
        label = "%2d %s %s" % (i, prog, " ".join(args)[:110])
        problems = []
        attempts = []
        if dbmode == "fresh":
            fresh = os.path.join(tmp, "fresh-%d.db" % i)
            copy = os.path.join(tmp, "copy-%d.db" % i)
            shutil.copy(valid, copy)
            before = sha(copy)
            attempts.append((args + ["--db=" + fresh], [fresh], (copy, before)))
            attempts.append((args + ["--db=" + copy], [fresh], (copy, before)))
        elif dbmode.startswith("given:"):
            given = files[dbmode.split(":", 1)[1]]
            attempts.append((args, [], (given, sha(given))))
        else:
            attempts.append((args, [], None))
        for argv, absent, unchanged in attempts:
            try:
                rc, out = run(binary, argv, a.timeout)
            except subprocess.TimeoutExpired:
                problems.append("hung (no exit within the timeout)")
                continue
            if rc == 0:
                problems.append("exit 0")
            if rc < 0 or rc >= 128:
                problems.append("killed by a signal / crashed (exit %d)" % rc)
            for mark in ABORT_MARKS:
                if mark in out:
                    problems.append("output has '%s'" % mark)
            for part in parts:
                if part not in out:
                    problems.append("message lacks '%s'" % part)
            for path in absent:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    if os.path.exists(path + suffix):
                        problems.append("created " + os.path.basename(path + suffix))
            if unchanged:
                path, digest = unchanged
                if not os.path.isdir(path) and sha(path) != digest:
                    problems.append("changed " + os.path.basename(path))
                for suffix in ("-wal", "-shm", "-journal"):
                    if os.path.exists(path + suffix):
                        problems.append("left " + os.path.basename(path + suffix))
            if problems:
                problems.append("output: " + out.strip().replace("\n", " | ")[:400])
                break
        if problems:
            failed += 1
            print("FAIL %s\n     %s" % (label, "\n     ".join(problems)))
        else:
            passed += 1
            msg = out.strip().splitlines()
            shown = next((line for line in msg if "error" in line.lower() or "invalid" in
                          line.lower()), msg[0] if msg else "")
            print("ok   %s\n     -> %s" % (label, shown[:150]))
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    print("bad-input: %d kinds of bad input" % len(table))
    print("%d passed, %d failed" % (passed, failed))
    if len(table) < 40:
        print("FAIL: fewer than 40 kinds of bad input")
        return 1
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
