#!/usr/bin/env python3
"""Validate DNN profile files (doc/profile-format.md, version 1). Standard library only.

    utils/check-profiles.py [FILE.json ...]      (default: scenarios/models/*.json)

Checks every rule of the format doc, plus: the sum of `macs` is within 2% of `published_macs`
when the latter is given (--mac-tolerance), and every `device_times` entry has a time for every
layer and none for unknown layers. Ids that are not 0..n-1 in topological order only warn (the
format allows any unique ids; the bundled files use 0..n-1). Exits 1 if any file has an error.
"""

import argparse
import glob
import json
import math
import os
import sys

FORMAT = "dnn-surgery-profile"
OPS = {"input", "conv2d", "dwconv2d", "linear", "matmul", "batchnorm", "layernorm", "relu",
       "gelu", "activation", "pool", "add", "mul", "concat", "softmax", "reshape", "attention",
       "embedding", "other"}
NUM_FIELDS = ("flops", "macs", "output_bytes", "param_bytes")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def is_uint(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


class Checker:
    def __init__(self, path, mac_tol):
        self.path, self.mac_tol = path, mac_tol
        self.errors, self.warnings = [], []

    def err(self, where, field, msg):
        self.errors.append("%s: %s: %s: %s" % (self.path, where, field, msg))

    def warn(self, where, field, msg):
        self.warnings.append("%s: %s: %s: %s" % (self.path, where, field, msg))

    def run(self):
        try:
            with open(self.path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            self.err("file", "-", "cannot read JSON: %s" % e)
            return None
        if not isinstance(doc, dict):
            self.err("file", "-", "top level is not an object")
            return None
        if doc.get("format") != FORMAT:
            self.err("file", "format", "must be %r, got %r" % (FORMAT, doc.get("format")))
        if doc.get("version") != 1 or isinstance(doc.get("version"), bool):
            self.err("file", "version", "must be 1, got %r" % (doc.get("version"),))
        in_bytes = doc.get("input_bytes")
        if not (is_num(in_bytes) and in_bytes >= 0):
            self.err("file", "input_bytes", "must be a finite number >= 0, got %r" % (in_bytes,))
            in_bytes = None
        layers = doc.get("layers")
        if not isinstance(layers, list) or not layers:
            self.err("file", "layers", "must be a non-empty array")
            return None

        ids, names, by_id = set(), set(), {}
        inputs_layers = []
        for pos, l in enumerate(layers):
            if not isinstance(l, dict):
                self.err("layer #%d" % pos, "-", "not an object")
                continue
            lid, name = l.get("id"), l.get("name")
            where = "layer id %r name %r" % (lid, name)
            if not is_uint(lid):
                self.err(where, "id", "must be an unsigned integer")
            elif lid in ids:
                self.err(where, "id", "duplicate id")
            else:
                ids.add(lid)
                by_id[lid] = l
            if not isinstance(name, str) or not name:
                self.err(where, "name", "must be a non-empty string")
            elif name in names:
                self.err(where, "name", "duplicate name")
            else:
                names.add(name)
            op = l.get("op")
            if op not in OPS:
                self.err(where, "op", "unknown op %r" % (op,))
            for fld in NUM_FIELDS:
                if fld not in l:
                    if fld != "macs":
                        self.err(where, fld, "missing")
                    continue
                v = l[fld]
                if not (is_num(v) and v >= 0):
                    self.err(where, fld, "must be a finite number >= 0, got %r" % (v,))
            ins = l.get("inputs")
            if not isinstance(ins, list) or not all(is_uint(i) for i in ins):
                self.err(where, "inputs", "must be an array of unsigned integer ids")
                l["_ins"] = []
            else:
                l["_ins"] = ins
                if len(set(ins)) != len(ins):
                    self.err(where, "inputs", "duplicate input ids")
                if is_uint(lid) and lid in ins:
                    self.err(where, "inputs", "self-loop")
            if op == "input":
                inputs_layers.append(l)
                if l["_ins"]:
                    self.err(where, "inputs", "the input layer must have inputs == []")
                if l.get("flops") != 0:
                    self.err(where, "flops", "the input layer must have flops == 0")
                if in_bytes is not None and l.get("output_bytes") != in_bytes:
                    self.err(where, "output_bytes", "input layer output_bytes %r != input_bytes "
                             "%r" % (l.get("output_bytes"), in_bytes))
            elif isinstance(ins, list) and not ins:
                self.err(where, "inputs", "a non-input layer needs at least one input")
        if len(inputs_layers) != 1:
            self.err("file", "layers", "exactly one layer must have op 'input', found %d"
                     % len(inputs_layers))

        for l in layers:
            if not isinstance(l, dict):
                continue
            for i in l.get("_ins", []):
                if i not in by_id:
                    self.err("layer id %r name %r" % (l.get("id"), l.get("name")), "inputs",
                             "refers to unknown id %r" % i)

        # acyclicity (Kahn) and topological-id warning
        indeg = {i: 0 for i in by_id}
        succ = {i: [] for i in by_id}
        for i, l in by_id.items():
            for j in set(l["_ins"]):
                if j in by_id and j != i:
                    indeg[i] += 1
                    succ[j].append(i)
        ready = [i for i, d in indeg.items() if d == 0]
        seen = 0
        while ready:
            i = ready.pop()
            seen += 1
            for k in succ[i]:
                indeg[k] -= 1
                if indeg[k] == 0:
                    ready.append(k)
        if seen != len(by_id):
            cyc = sorted(i for i, d in indeg.items() if d > 0)
            self.err("layers %s" % cyc[:10], "inputs", "graph has a cycle")
        elif ids != set(range(len(layers))) or any(
                j >= i for i, l in by_id.items() for j in l["_ins"]):
            self.warn("file", "id", "ids are not 0..n-1 in topological order")

        # published MACs
        pub = doc.get("published_macs")
        if pub is not None:
            if not (is_num(pub) and pub > 0):
                self.err("file", "published_macs", "must be a positive number, got %r" % (pub,))
            else:
                macs = sum(l.get("macs", 0) for l in layers
                           if isinstance(l, dict) and is_num(l.get("macs", 0)))
                rel = (macs - pub) / pub
                if abs(rel) > self.mac_tol:
                    self.err("file", "macs", "sum %.4g differs from published_macs %.4g by "
                             "%+.2f%% (tolerance %.1f%%)" % (macs, pub, 100 * rel,
                                                             100 * self.mac_tol))
                if not doc.get("published_macs_source"):
                    self.warn("file", "published_macs_source", "missing")

        # device_times
        dts = doc.get("device_times")
        if dts is not None:
            if not isinstance(dts, dict):
                self.err("file", "device_times", "must be an object")
            else:
                for dn, dt in dts.items():
                    ts = dt.get("times_s") if isinstance(dt, dict) else None
                    if not isinstance(ts, dict):
                        self.err("device_times %r" % dn, "times_s", "must be an object")
                        continue
                    for n in sorted(names - set(ts)):
                        self.err("device_times %r layer %r" % (dn, n), "times_s",
                                 "missing time")
                    for n, t in ts.items():
                        if n not in names:
                            self.err("device_times %r layer %r" % (dn, n), "times_s",
                                     "unknown layer name")
                        if not (is_num(t) and t >= 0):
                            self.err("device_times %r layer %r" % (dn, n), "times_s",
                                     "must be a finite number >= 0, got %r" % (t,))
        return doc


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--mac-tolerance", type=float, default=0.02,
                    help="allowed relative difference of sum(macs) vs published_macs")
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(here, "..", "scenarios", "models",
                                                        "*.json")))
    if not files:
        print("error: no profile files found", file=sys.stderr)
        return 1
    bad = 0
    for path in files:
        c = Checker(os.path.relpath(path), args.mac_tolerance)
        doc = c.run()
        for w in c.warnings:
            print("warning: " + w, file=sys.stderr)
        for e in c.errors:
            print("error: " + e, file=sys.stderr)
        if c.errors:
            bad += 1
            print("FAIL %s (%d errors)" % (c.path, len(c.errors)))
        else:
            ls = doc["layers"]
            macs = sum(l.get("macs", 0) for l in ls)
            pub = doc.get("published_macs")
            extra = " (%+.2f%% vs published)" % (100 * (macs - pub) / pub) if pub else ""
            print("ok   %s: %d layers, %.3f GMAC%s, device_times: %s" % (
                c.path, len(ls), macs / 1e9, extra,
                ", ".join(doc.get("device_times", {})) or "-"))
    print("%d file(s), %d failed" % (len(files), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
