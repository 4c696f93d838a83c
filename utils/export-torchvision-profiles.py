#!/usr/bin/env python3
"""Export DNN layer profiles (doc/profile-format.md, version 1) from torchvision models.

Writes scenarios/models/<name>.json for every model in MODELS plus
scenarios/models/SUMMARY.md, and prints the same summary table.

Requirements: torch + torchvision. On Debian 12:
    apt-get install -y python3-torch python3-torchvision      (torch 1.13.1, torchvision 0.14.1)
and run with /usr/bin/python3 (a pyenv/venv `python3` usually lacks these packages):
    /usr/bin/python3 utils/export-torchvision-profiles.py [--measure-times measured-host-cpu]

How a profile is made
---------------------
* The architecture is built with random weights (weights=None, nothing is downloaded),
  torch.manual_seed(0), eval mode, batch 1, float32, input 1x3x224x224 (inception_v3: 299x299).
* It is traced with torch.fx (symbolic_trace via a Tracer that keeps nn.MultiheadAttention and
  the BERT embedding block as leaf modules), then torch.fx.passes.shape_prop.ShapeProp gives every
  node's output shape/dtype; output_bytes = numel x element size.
* Every fx node is classified as
    - "data": a tensor (or tuple of tensors) that depends on the model input -> becomes a layer,
      unless it is a no-op (dropout in eval, nn.Identity, contiguous, getitem on a tuple,
      torch.cat of a single tensor): then its consumers are rewired to its producer;
    - "const": a tensor computed only from parameters (get_attr and e.g. class_token.expand):
      folded into the first layer that consumes it (its param_bytes go there);
    - "meta": a non-tensor value (x.shape, size(), dim(), torch._assert, ...): dropped together
      with the dependency it carries (a shape is static metadata, not data on the wire).
  Tuple-valued layers (MultiheadAttention returns (out, None); chunk/split) get output_bytes =
  bytes of the tuple elements actually consumed (via getitem), i.e. what consumers receive.
* Layer ids are 0..n-1 in fx graph order (a topological order); id 0 is the single "input"
  layer (the fx placeholder); names are the fx node names (unique).
* param_bytes = bytes of the nn.Parameters owned by the layer (module parameters, or folded
  get_attr parameters). Buffers (BatchNorm running_mean/var) are NOT counted, so the sum over
  layers equals 4 x the usual "number of parameters" (checked by an assertion).

Work conventions (doc/profile-format.md)
----------------------------------------
* macs: conv2d/dwconv2d: Cout*Hout*Wout*(Cin/groups)*kh*kw (batch 1); linear: in*out*rows;
  matmul: numel(out) * K; attention (nn.MultiheadAttention leaf, analytic): q,k,v and out
  projections + QK^T + AV. Every other op has macs = 0 (BatchNorm, pooling and element-wise
  ops are not MACs, matching the published figures).
* flops = 2 x macs for conv/linear/matmul (bias ignored); element-wise ops (relu, gelu,
  activation, add, mul) 1 FLOP per output element; batchnorm 2/element; layernorm 5/element
  (mean, variance, normalise, scale, shift; same as fvcore); softmax 5/element; pool =
  kernel area per output element (adaptive pool: ceil(in/out) per dimension); attention =
  2 x macs + 5 per attention-score element (softmax); embedding lookup 0 plus 1 per element
  per extra embedding added; reshape/concat (data movement) 0.

bert_base_encoder
-----------------
torchvision has no BERT, so a BERT-base-shaped encoder is defined here (post-LN, as in BERT):
12 layers, hidden 768, 12 heads, FFN 3072, GELU, LayerNorm(eps 1e-12), sequence length 128,
no attention mask, no pooler. The input is the token-id tensor (int64 [1,128] = 1024 bytes);
the embedding lookup IS included as one "embedding" leaf layer (word 30522x768 + position
512x768 + token-type 2x768 tables, sum of the three lookups, token type 0 for every token),
followed by the embedding LayerNorm. Attention is written out op by op (q/k/v/out linear,
reshape, matmul, scale, softmax, matmul), so it needs no leaf. Published figure = analytic
12*(4*S*H*H + 2*S*H*F + 2*S*S*H) with S=128, H=768, F=3072 (embedding has no MACs).

--measure-times NAME runs every model on this CPU (torch.set_num_threads(1)) with a timing
torch.fx Interpreter: 1 warm-up run then RUNS runs, median per node; the time of folded const
nodes goes to the layer that absorbed them, of rewired no-ops to their producer; meta nodes are
not counted. Times include the Interpreter's per-node Python overhead (a few microseconds).
Debian's torch runs linear/matmul on the system libblas.so.3: with the default reference BLAS
(libblas3) they are ~30x slower than with OpenBLAS, so install libopenblas0-serial (single
threaded, becomes the libblas.so.3 alternative) before measuring; the BLAS library actually
loaded is named in the device_times description.
"""

import argparse
import dis
import json
import math
import operator
import os
import platform
import statistics
import subprocess
import sys
import time

try:
    import torch
    import torch.fx as fx
    import torch.nn as nn
    import torch.nn.functional as F
    import torchvision
    from torch.fx.passes.shape_prop import ShapeProp
except ImportError as e:  # pragma: no cover
    sys.exit("error: %s\nThis needs torch + torchvision (Debian: apt-get install python3-torch "
             "python3-torchvision) and should be run with /usr/bin/python3." % e)

FORMAT = "dnn-surgery-profile"
VERSION = 1

TV_SOURCE = ("torchvision models documentation (pytorch.org/vision/stable/models.html), "
             "'GFLOPS' column, which counts multiply-accumulates (MACs)")

# name -> (input shape, published MACs, source)
MODELS = {
    "alexnet": ([1, 3, 224, 224], 0.714e9, TV_SOURCE),
    "vgg16": ([1, 3, 224, 224], 15.47e9, TV_SOURCE),
    "resnet18": ([1, 3, 224, 224], 1.814e9, TV_SOURCE),
    "resnet50": ([1, 3, 224, 224], 4.089e9, TV_SOURCE),
    "googlenet": ([1, 3, 224, 224], 1.498e9, TV_SOURCE),
    "inception_v3": ([1, 3, 299, 299], 5.713e9, TV_SOURCE),
    "mobilenet_v2": ([1, 3, 224, 224], 0.300e9, TV_SOURCE),
    "densenet121": ([1, 3, 224, 224], 2.834e9, TV_SOURCE),
    "vit_b_16": ([1, 3, 224, 224], 17.56e9, TV_SOURCE),
    "bert_base_encoder": ([1, 128], None, None),  # filled in below (analytic)
}

BERT = dict(layers=12, hidden=768, heads=12, ffn=3072, seq=128, vocab=30522, max_pos=512,
            types=2)
_S, _H, _F = BERT["seq"], BERT["hidden"], BERT["ffn"]
BERT_MACS = BERT["layers"] * (4 * _S * _H * _H + 2 * _S * _H * _F + 2 * _S * _S * _H)
MODELS["bert_base_encoder"] = (
    [1, _S], float(BERT_MACS),
    "analytic: 12*(4*S*H*H + 2*S*H*F + 2*S*S*H), S=128, H=768, F=3072 "
    "(Q/K/V/output projections, FFN, QK^T and AV; commonly quoted ~11.2 GMAC)")

MAC_TOLERANCE = 0.02


# --------------------------------------------------------------------------------------------
# BERT-base-shaped encoder (see module docstring)
# --------------------------------------------------------------------------------------------
class BertEmbeddings(nn.Module):
    """Word + position + token-type embedding lookup (traced as one leaf 'embedding' layer)."""

    def __init__(self, vocab, max_pos, types, hidden):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden)
        self.position_embeddings = nn.Embedding(max_pos, hidden)
        self.token_type_embeddings = nn.Embedding(types, hidden)

    def forward(self, input_ids):
        seq = input_ids.shape[1]
        pos = torch.arange(seq, device=input_ids.device).unsqueeze(0)
        tok = torch.zeros_like(input_ids)
        return (self.word_embeddings(input_ids) + self.position_embeddings(pos)
                + self.token_type_embeddings(tok))


class BertSelfAttention(nn.Module):
    def __init__(self, hidden, heads, seq):
        super().__init__()
        self.h, self.d, self.s, self.e = heads, hidden // heads, seq, hidden
        self.scale = 1.0 / math.sqrt(self.d)
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.output = nn.Linear(hidden, hidden)

    def forward(self, x):
        q = self.query(x).view(1, self.s, self.h, self.d).permute(0, 2, 1, 3)  # [1,h,s,d]
        k = self.key(x).view(1, self.s, self.h, self.d).permute(0, 2, 3, 1)    # [1,h,d,s]
        v = self.value(x).view(1, self.s, self.h, self.d).permute(0, 2, 1, 3)  # [1,h,s,d]
        scores = torch.matmul(q, k) * self.scale
        probs = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(1, self.s, self.e)
        return self.output(ctx)


class BertLayer(nn.Module):
    def __init__(self, hidden, heads, ffn, seq):
        super().__init__()
        self.attention = BertSelfAttention(hidden, heads, seq)
        self.attention_ln = nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate = nn.Linear(hidden, ffn)
        self.gelu = nn.GELU()
        self.ffn_output = nn.Linear(ffn, hidden)
        self.output_ln = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x):
        x = self.attention_ln(x + self.attention(x))
        return self.output_ln(x + self.ffn_output(self.gelu(self.intermediate(x))))


class BertBaseEncoder(nn.Module):
    def __init__(self, layers, hidden, heads, ffn, seq, vocab, max_pos, types):
        super().__init__()
        self.embeddings = BertEmbeddings(vocab, max_pos, types, hidden)
        self.embeddings_ln = nn.LayerNorm(hidden, eps=1e-12)
        self.layer = nn.ModuleList([BertLayer(hidden, heads, ffn, seq) for _ in range(layers)])

    def forward(self, input_ids):
        x = self.embeddings_ln(self.embeddings(input_ids))
        for layer in self.layer:
            x = layer(x)
        return x


def build_model(name):
    if name == "bert_base_encoder":
        return BertBaseEncoder(**BERT)
    kwargs = dict(weights=None)
    if name in ("googlenet", "inception_v3"):
        # no auxiliary classifiers (they only run in training); skip the slow scipy init
        kwargs.update(aux_logits=False, init_weights=False)
    return getattr(torchvision.models, name)(**kwargs)


def make_input(name, shape):
    if name == "bert_base_encoder":
        return torch.randint(0, BERT["vocab"], shape, dtype=torch.int64)
    return torch.randn(*shape, dtype=torch.float32)


# --------------------------------------------------------------------------------------------
# Tracing
# --------------------------------------------------------------------------------------------
LEAF_TYPES = (nn.MultiheadAttention, BertEmbeddings)


class LeafTracer(fx.Tracer):
    def is_leaf_module(self, m, qualname):
        if isinstance(m, LEAF_TYPES):
            return True
        return super().is_leaf_module(m, qualname)


def _proxy_iter_py311(self):
    """torch 1.13's Proxy.__iter__ finds the calling instruction with f_lasti // 2, which is wrong
    on Python 3.11 (inline CACHE entries), so `n, c, h, w = x.shape` (torchvision ViT) fails to
    trace. Same logic, instruction looked up by byte offset."""
    import inspect
    frame = inspect.currentframe().f_back
    for inst in dis.get_instructions(frame.f_code):
        if inst.offset == frame.f_lasti:
            if inst.opname == "UNPACK_SEQUENCE":
                return (self[i] for i in range(inst.argval))
            break
    return self.tracer.iter(self)


def trace(model):
    orig = fx.Proxy.__iter__
    fx.Proxy.__iter__ = _proxy_iter_py311
    try:
        graph = LeafTracer().trace(model)
    finally:
        fx.Proxy.__iter__ = orig
    return fx.GraphModule(model, graph)


# --------------------------------------------------------------------------------------------
# Op classification
# --------------------------------------------------------------------------------------------
NOOP = "noop"

MODULE_OPS = [
    (nn.Linear, "linear"),
    (nn.BatchNorm2d, "batchnorm"),
    (nn.BatchNorm1d, "batchnorm"),
    (nn.LayerNorm, "layernorm"),
    (nn.ReLU, "relu"),
    (nn.ReLU6, "relu"),  # clipped ReLU: same cost class as ReLU
    (nn.GELU, "gelu"),
    ((nn.Sigmoid, nn.Hardswish, nn.Hardsigmoid, nn.SiLU, nn.Tanh), "activation"),
    ((nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d), "pool"),
    (nn.Flatten, "reshape"),
    ((nn.Dropout, nn.Identity), NOOP),
    (nn.Softmax, "softmax"),
    (nn.MultiheadAttention, "attention"),
    ((nn.Embedding, BertEmbeddings), "embedding"),
]

FUNCTION_OPS = {
    operator.add: "add", torch.add: "add", operator.iadd: "add", operator.sub: "add",
    torch.sub: "add",
    operator.mul: "mul", torch.mul: "mul", operator.imul: "mul", operator.truediv: "mul",
    torch.div: "mul",
    torch.cat: "concat", torch.stack: "concat",
    torch.flatten: "reshape", torch.reshape: "reshape", torch.transpose: "reshape",
    torch.permute: "reshape", torch.squeeze: "reshape", torch.unsqueeze: "reshape",
    torch.relu: "relu", F.relu: "relu", F.relu6: "relu", F.gelu: "gelu",
    torch.sigmoid: "activation", F.hardswish: "activation", F.silu: "activation",
    F.max_pool2d: "pool", F.avg_pool2d: "pool", F.adaptive_avg_pool2d: "pool",
    F.adaptive_max_pool2d: "pool",
    F.dropout: NOOP,
    torch.matmul: "matmul", operator.matmul: "matmul", torch.bmm: "matmul",
    torch.softmax: "softmax", F.softmax: "softmax",
    F.layer_norm: "layernorm", F.linear: "linear", F.batch_norm: "batchnorm",
}

METHOD_OPS = {
    "view": "reshape", "reshape": "reshape", "permute": "reshape", "transpose": "reshape",
    "flatten": "reshape", "expand": "reshape", "squeeze": "reshape", "unsqueeze": "reshape",
    "chunk": "reshape", "split": "reshape", "contiguous": NOOP, "softmax": "softmax",
    "mean": "pool", "add": "add", "mul": "mul", "relu": "relu", "sigmoid": "activation",
    "matmul": "matmul",
}


def node_op(gm, node):
    if node.op == "call_module":
        mod = gm.get_submodule(node.target)
        if isinstance(mod, nn.Conv2d):
            if mod.groups > 1 and mod.groups == mod.in_channels:
                return "dwconv2d"
            return "conv2d"
        for types, op in MODULE_OPS:
            if isinstance(mod, types):
                return op
        return "other"
    if node.op == "call_function":
        if node.target is operator.getitem:
            src = node.args[0]
            if isinstance(src, fx.Node) and is_tuple_meta(src.meta.get("tensor_meta")):
                return NOOP  # element of a tuple-valued producer
            return "reshape"  # tensor slicing, e.g. ViT x[:, 0]
        if node.target is torch.cat:
            tensors = node.args[0] if node.args else node.kwargs["tensors"]
            if len(tensors) == 1:
                return NOOP
        return FUNCTION_OPS.get(node.target, "other")
    if node.op == "call_method":
        return METHOD_OPS.get(node.target, "other")
    raise ValueError(node.op)


def is_tuple_meta(meta):
    """True for a tuple/list of results (TensorMetadata itself is a NamedTuple)."""
    return isinstance(meta, (tuple, list)) and not hasattr(meta, "shape")


def tensor_metas(meta):
    """List of TensorMetadata found in a (possibly nested) tensor_meta value."""
    if meta is None:
        return []
    if is_tuple_meta(meta):
        out = []
        for m in meta:
            out.extend(tensor_metas(m))
        return out
    return [meta] if hasattr(meta, "shape") else []


def elem_size(dtype):
    return torch.empty((), dtype=dtype).element_size()


def meta_bytes(tm):
    return int(math.prod(tm.shape)) * elem_size(tm.dtype)


def numel(tm):
    return int(math.prod(tm.shape))


def arg(node, idx, name, default=None):
    if len(node.args) > idx:
        return node.args[idx]
    return node.kwargs.get(name, default)


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def input_meta(node, idx=0):
    a = arg(node, idx, "input")
    if isinstance(a, fx.Node):
        return a.meta.get("tensor_meta")
    return None


def work(gm, node, op):
    """(flops, macs) of one layer node."""
    out = node.meta["tensor_meta"]
    outs = tensor_metas(out)
    n_out = sum(numel(t) for t in outs)
    mod = gm.get_submodule(node.target) if node.op == "call_module" else None

    if op in ("conv2d", "dwconv2d"):
        kh, kw = mod.kernel_size
        cout, hout, wout = out.shape[1], out.shape[2], out.shape[3]
        macs = out.shape[0] * cout * hout * wout * (mod.in_channels // mod.groups) * kh * kw
        return 2 * macs, macs
    if op == "linear":
        if mod is not None:
            fin, fout = mod.in_features, mod.out_features
        else:  # F.linear(x, w, b): w is [out, in]
            w = arg(node, 1, "weight").meta["tensor_meta"]
            fout, fin = w.shape[0], w.shape[1]
        macs = (n_out // fout) * fin * fout
        return 2 * macs, macs
    if op == "matmul":
        a = input_meta(node, 0)
        macs = n_out * a.shape[-1]
        return 2 * macs, macs
    if op == "attention":
        q = arg(node, 0, "query").meta["tensor_meta"]
        k = arg(node, 1, "key").meta["tensor_meta"]
        if mod.batch_first:
            nb, L, S = q.shape[0], q.shape[1], k.shape[1]
        else:
            L, nb, S = q.shape[0], q.shape[1], k.shape[0]
        e, h = mod.embed_dim, mod.num_heads
        kdim, vdim = mod.kdim, mod.vdim
        macs = nb * (L * e * e + S * kdim * e + S * vdim * e  # q, k, v projections
                     + L * S * e + L * S * e                  # QK^T and AV (all heads)
                     + L * e * e)                             # output projection
        return 2 * macs + 5 * nb * h * L * S, macs
    if op == "batchnorm":
        return 2 * n_out, 0
    if op == "layernorm":
        return 5 * n_out, 0
    if op == "softmax":
        return 5 * n_out, 0
    if op in ("relu", "gelu", "activation", "add", "mul"):
        return n_out, 0
    if op == "pool":
        if mod is not None and isinstance(mod, (nn.MaxPool2d, nn.AvgPool2d)):
            kh, kw = _pair(mod.kernel_size)
            return kh * kw * n_out, 0
        if node.target in (F.max_pool2d, F.avg_pool2d):
            kh, kw = _pair(arg(node, 1, "kernel_size"))
            return kh * kw * n_out, 0
        inp = input_meta(node, 0)
        if node.op == "call_method":  # x.mean(dims)
            return numel(inp), 0
        # adaptive pooling: ceil(in/out) per spatial dimension
        area = 1
        for i, o in zip(inp.shape[2:], out.shape[2:]):
            area *= -(-i // o)
        return area * n_out, 0
    if op == "embedding":
        if isinstance(mod, BertEmbeddings):
            return 2 * n_out, 0  # two additions of the three looked-up embeddings
        return 0, 0
    if op in ("reshape", "concat"):
        return 0, 0
    return n_out, 0  # "other": 1 FLOP per output element


# --------------------------------------------------------------------------------------------
# Graph -> layers
# --------------------------------------------------------------------------------------------
def build_layers(gm, node_times=None):
    """Returns (layers, warnings). node_times: optional {node name: seconds}."""
    params = dict(gm.named_parameters())
    kind = {}        # node -> "data" | "const" | "meta"
    rep = {}         # data node -> layer index (into `layers`)
    const_params = {}  # const node -> set of parameter names
    const_time = {}
    claimed = set()
    layers = []
    consumed_items = {}  # layer index -> {tuple index: bytes}
    warnings = []
    times = [] if node_times is not None else None

    def t_of(n):
        return node_times.get(n.name, 0.0) if node_times is not None else 0.0

    for node in gm.graph.nodes:
        if node.op == "output":
            continue
        tm = node.meta.get("tensor_meta")
        is_tensor = bool(tensor_metas(tm))
        ins = node.all_input_nodes

        if node.op == "placeholder":
            kind[node] = "data"
            rep[node] = len(layers)
            layers.append(dict(name="input", op="input", flops=0, macs=0,
                               output_bytes=sum(meta_bytes(t) for t in tensor_metas(tm)),
                               param_bytes=0, inputs=[], _params=set()))
            if times is not None:
                times.append(0.0)
            continue
        if node.op == "get_attr":
            kind[node] = "const" if is_tensor else "meta"
            const_params[node] = {node.target} if node.target in params else set()
            const_time[node] = t_of(node)
            continue
        if not is_tensor:
            kind[node] = "meta"
            continue
        data_ins = [i for i in ins if kind[i] == "data"]
        const_ins = [i for i in ins if kind[i] == "const"]
        if not data_ins:
            kind[node] = "const"
            const_params[node] = set().union(*[const_params[i] for i in const_ins]) \
                if const_ins else set()
            if node.op == "call_module":
                pre = node.target + "."
                const_params[node] |= {pre + n for n, _ in
                                       gm.get_submodule(node.target).named_parameters()}
            const_time[node] = t_of(node) + sum(const_time[i] for i in const_ins)
            continue

        kind[node] = "data"
        op = node_op(gm, node)
        if op == NOOP:
            srcs = {rep[i] for i in data_ins}
            if len(srcs) != 1 or const_ins:
                raise RuntimeError("no-op node %s has inputs %s" % (node.name, ins))
            (src,) = srcs
            rep[node] = src
            if node.op == "call_function" and node.target is operator.getitem:
                item = tensor_metas(tm)
                consumed_items.setdefault(src, {})[node.args[1]] = \
                    sum(meta_bytes(t) for t in item)
            if times is not None:
                times[src] += t_of(node)
            continue

        if op == "other":
            warnings.append("%s: op %s %r mapped to 'other'" % (node.name, node.op, node.target))
        flops, macs = work(gm, node, op)
        pset = set()
        if node.op == "call_module":
            pre = node.target + "."
            pset = {pre + n for n, _ in gm.get_submodule(node.target).named_parameters()}
        extra_t = 0.0
        for c in const_ins:
            pset |= const_params[c]
            extra_t += const_time[c]
            const_time[c] = 0.0  # its time is attributed once
        pset -= claimed
        claimed |= pset
        inputs = []
        for i in data_ins:
            if rep[i] not in inputs:
                inputs.append(rep[i])
        rep[node] = len(layers)
        if is_tuple_meta(tm):
            out_bytes = None  # tuple: set from the consumed items below
        else:
            out_bytes = meta_bytes(tm)
        layers.append(dict(name=node.name, op=op, flops=int(flops), macs=int(macs),
                           output_bytes=out_bytes,
                           param_bytes=sum(params[p].numel() * params[p].element_size()
                                           for p in pset),
                           inputs=inputs, _params=pset))
        if times is not None:
            times.append(t_of(node) + extra_t)

    for idx, layer in enumerate(layers):
        if layer["output_bytes"] is None:
            items = consumed_items.get(idx, {})
            layer["output_bytes"] = sum(items.values())
            if not items:
                warnings.append("%s: tuple output that nobody consumes" % layer["name"])

    unclaimed = set(params) - claimed
    if unclaimed:
        raise RuntimeError("parameters not attributed to any layer: %s" % sorted(unclaimed))
    for i, layer in enumerate(layers):
        layer["id"] = i
        del layer["_params"]
    names = [l["name"] for l in layers]
    if len(set(names)) != len(names):
        raise RuntimeError("duplicate layer names")
    return layers, warnings, times


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------
class TimingInterpreter(fx.Interpreter):
    def __init__(self, gm):
        super().__init__(gm)
        self.times = {}

    def run_node(self, n):
        t0 = time.perf_counter()
        result = super().run_node(n)
        self.times.setdefault(n.name, []).append(time.perf_counter() - t0)
        return result


def measure_node_times(gm, x, runs):
    interp = TimingInterpreter(gm)
    with torch.no_grad():
        interp.run(x)  # warm-up
        interp.times = {}
        for _ in range(runs):
            interp.run(x)
    return {k: statistics.median(v) for k, v in interp.times.items()}


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def blas_library():
    """The BLAS shared library this process actually loaded (Debian's torch uses the system
    libblas.so.3 alternative for linear/matmul; convolutions go through oneDNN)."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({l.split()[-1] for l in f
                            if "blas" in l.lower() and l.split()[-1].startswith("/")})
    except OSError:
        return "unknown"
    best = [p for p in paths if "openblas" in os.path.basename(p)] or \
        [p for p in paths if "libblas" in os.path.basename(p)] or paths
    if not best:
        return "unknown"
    p = os.path.realpath(best[0])
    return "%s (%s)" % (os.path.basename(p), os.path.basename(os.path.dirname(p)))


def versions():
    deb_t, deb_v = debian_version("python3-torch"), debian_version("python3-torchvision")
    return "torch %s%s, torchvision %s%s" % (
        torch.__version__, " (Debian python3-torch %s)" % deb_t if deb_t else "",
        torchvision.__version__, " (Debian python3-torchvision %s)" % deb_v if deb_v else "")


def debian_version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return None


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
LAYER_KEYS = ["id", "name", "op", "flops", "macs", "output_bytes", "param_bytes", "inputs"]


def dumps_profile(prof):
    """JSON with one layer (and one timing entry) per line."""
    d = lambda v: json.dumps(v)
    lines = ["{"]
    head = [k for k in prof if k not in ("layers", "device_times")]
    for k in head:
        lines.append("  %s: %s," % (d(k), d(prof[k])))
    lines.append('  "layers": [')
    ls = prof["layers"]
    for i, l in enumerate(ls):
        lines.append("    " + json.dumps({k: l[k] for k in LAYER_KEYS}, separators=(", ", ": "))
                     + ("," if i + 1 < len(ls) else ""))
    lines.append("  ]" + ("," if "device_times" in prof else ""))
    if "device_times" in prof:
        lines.append('  "device_times": {')
        dts = list(prof["device_times"].items())
        for j, (dn, dt) in enumerate(dts):
            lines.append("    %s: {" % d(dn))
            lines.append("      \"description\": %s," % d(dt["description"]))
            lines.append('      "times_s": {')
            ts = list(dt["times_s"].items())
            for i, (n, t) in enumerate(ts):
                lines.append("        %s: %s%s" % (d(n), d(t), "," if i + 1 < len(ts) else ""))
            lines.append("      }")
            lines.append("    }" + ("," if j + 1 < len(dts) else ""))
        lines.append("  }")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == json.loads(json.dumps(prof))
    return text


def export_model(name, measure=None, runs=5):
    shape, published, source = MODELS[name]
    torch.manual_seed(0)
    model = build_model(name).eval()
    gm = trace(model)
    x = make_input(name, shape)
    with torch.no_grad():
        ShapeProp(gm).propagate(x)

    node_times = measure_node_times(gm, x, runs) if measure else None
    layers, warnings, times = build_layers(gm, node_times)

    n_params = sum(p.numel() * p.element_size() for p in model.parameters())
    total_params = sum(l["param_bytes"] for l in layers)
    assert total_params == n_params, (name, total_params, n_params)
    in_bytes = int(math.prod(shape)) * x.element_size()
    assert layers[0]["output_bytes"] == in_bytes

    leaves = sorted({type(gm.get_submodule(n.target)).__name__ for n in gm.graph.nodes
                     if n.op == "call_module"
                     and isinstance(gm.get_submodule(n.target), LEAF_TYPES)})
    if name == "bert_base_encoder":
        desc = ("BERT-base-shaped transformer encoder defined in utils/export-torchvision-"
                "profiles.py (12 layers, hidden 768, 12 heads, FFN 3072, GELU, post-LayerNorm, "
                "seq 128, no mask, no pooler), random weights, torch.fx trace, batch 1, float32; "
                "input = int64 token ids [1,128]; layer 'embeddings' is the word+position+"
                "token-type embedding lookup (leaf)")
    else:
        desc = ("torchvision %s (torchvision %s), random weights (weights=None), torch.fx trace, "
                "batch 1, float32, input %s" % (name, torchvision.__version__.split("a")[0],
                                                "x".join(map(str, shape[1:]))))
    if leaves:
        desc += "; leaf modules: %s" % ", ".join(leaves)
    prof = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "description": desc,
        "input_shape": shape,
        "input_bytes": in_bytes,
        "published_macs": published,
        "published_macs_source": source,
        "layers": layers,
    }
    if measure:
        prof["device_times"] = {measure: {
            "description": "%s, CPU, torch.set_num_threads(1), BLAS %s, median of %d runs per "
                           "node (after 1 warm-up run) with a timing torch.fx Interpreter "
                           "(includes per-node interpreter overhead), on %s" % (
                               versions(), blas_library(), runs, cpu_name()),
            "times_s": {l["name"]: float("%.4g" % t) for l, t in zip(layers, times)},
        }}
    return prof, warnings


def summary_row(prof):
    ls = prof["layers"]
    macs = sum(l["macs"] for l in ls)
    pub = prof["published_macs"]
    row = dict(model=prof["name"], layers=len(ls),
               gflop=sum(l["flops"] for l in ls) / 1e9,
               gmac=macs / 1e9, pub=pub / 1e9, diff=100.0 * (macs - pub) / pub,
               input_bytes=prof["input_bytes"],
               param_bytes=sum(l["param_bytes"] for l in ls))
    dts = prof.get("device_times", {})
    row["measured_ms"] = {k: 1e3 * sum(v["times_s"].values()) for k, v in dts.items()}
    return row


def summary_table(rows, measure):
    hdr = ["model", "layers", "total GFLOP", "GMAC (trace)", "GMAC (published)", "diff %",
           "input bytes", "param bytes"]
    if measure:
        hdr.append("%s total ms" % measure)
    out = ["| " + " | ".join(hdr) + " |", "|" + "|".join("---" for _ in hdr) + "|"]
    for r in rows:
        cells = [r["model"], str(r["layers"]), "%.3f" % r["gflop"], "%.3f" % r["gmac"],
                 "%.3f" % r["pub"], "%+.2f" % r["diff"], str(r["input_bytes"]),
                 str(r["param_bytes"])]
        if measure:
            cells.append("%.1f" % r["measured_ms"].get(measure, float("nan")))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", default=os.path.join(here, "..", "scenarios", "models"))
    ap.add_argument("--models", default=",".join(MODELS),
                    help="comma-separated subset of: " + ", ".join(MODELS))
    ap.add_argument("--measure-times", metavar="NAME",
                    help="measure per-layer times on this CPU and store them as "
                         "device_times.NAME")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per model (median)")
    ap.add_argument("--no-summary", action="store_true", help="do not write SUMMARY.md")
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(1)
    os.makedirs(args.out_dir, exist_ok=True)
    names = [n for n in args.models.split(",") if n]
    for n in names:
        if n not in MODELS:
            ap.error("unknown model %s" % n)

    rows, failures = [], []
    t_all = time.time()
    for name in names:
        t0 = time.time()
        prof, warnings = export_model(name, args.measure_times, args.runs)
        path = os.path.join(args.out_dir, name + ".json")
        with open(path, "w") as f:
            f.write(dumps_profile(prof))
        row = summary_row(prof)
        rows.append(row)
        for w in warnings:
            print("warning: %s: %s" % (name, w), file=sys.stderr)
        if abs(row["diff"]) > 100 * MAC_TOLERANCE:
            failures.append(name)
        print("%-18s %4d layers  %8.3f GMAC (published %.3f, %+.2f%%)  %6.1f s  -> %s" % (
            name, row["layers"], row["gmac"], row["pub"], row["diff"], time.time() - t0,
            os.path.relpath(path)), file=sys.stderr)

    table = summary_table(rows, args.measure_times)
    print(table)
    print("export took %.1f s" % (time.time() - t_all), file=sys.stderr)
    if not args.no_summary:
        md = ["# Bundled DNN profiles", "",
              "Generated by `utils/export-torchvision-profiles.py` (%s); "
              "format: doc/profile-format.md. MACs count conv/linear/matmul/attention "
              "multiply-accumulates only; FLOP = 2 x MAC for those plus the per-element "
              "conventions of the format doc. param bytes = float32 nn.Parameters (no "
              "BatchNorm buffers). bert_base_encoder's input is int64 token ids and its "
              "published figure is analytic." % versions(),
              "", table, ""]
        if args.measure_times:
            md[2] += (" `%s` total = sum of the per-layer medians (1 thread, BLAS %s, %s)."
                      % (args.measure_times, blas_library(), cpu_name()))
        with open(os.path.join(args.out_dir, "SUMMARY.md"), "w") as f:
            f.write("\n".join(md))
    if failures:
        print("error: MACs differ from the published figure by more than %d%%: %s"
              % (100 * MAC_TOLERANCE, ", ".join(failures)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
