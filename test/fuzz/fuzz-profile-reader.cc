/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Fuzz target: the DNN profile reader fed arbitrary bytes. Properties: it returns a valid graph
 * or throws DnnSurgeryError (any other exception or a crash is a bug); a graph it accepts
 * writes back to text that reads to the same graph; and the min-cut of an accepted graph is a
 * finite, non-negative latency that the local placement does not beat.
 */

#include "fuzz-target.h"

#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/min-cut-partitioner.h"

#include <cmath>
#include <string>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    DnnGraph g;
    try
    {
        g = DnnGraphReader::ReadString(text, "fuzz.json");
    }
    catch (const DnnSurgeryError&)
    {
        return 0; // a clear error: the expected outcome for most inputs
    }
    const std::string written = DnnGraphReader::WriteString(g);
    DnnGraph again = DnnGraphReader::ReadString(written, "fuzz-rewritten.json");
    FUZZ_CHECK(again.GetNLayers() == g.GetNLayers(), "round trip keeps the layers");
    FUZZ_CHECK(DnnGraphReader::WriteString(again) == written, "round trip is stable");
    if (g.GetNLayers() <= 64)
    {
        try
        {
            MinCutPartitioner p(g,
                                ComputeProfile::Get("rpi4"),
                                ComputeProfile::Get("edge-gpu"),
                                LinkRates{2e7, 2e7, 0.004});
            PartitionResult r = p.Solve(1e11);
            double t = r.cost.Latency(1e11);
            FUZZ_CHECK(std::isfinite(t) && t >= 0, "min-cut latency is finite and >= 0");
            double local = p.Local().cost.Latency(1e11);
            FUZZ_CHECK(t <= local * (1 + 1e-9) + 1e-9, "min-cut is not beaten by local");
        }
        catch (const DnnSurgeryError&)
        {
            // a graph the partitioner refuses by name (e.g. beyond its integer range) is fine
        }
    }
    return 0;
}

void
DnnSurgeryFuzzWriteSeeds(const std::string& dir)
{
    DnnSurgeryFuzzWriteFile(
        dir,
        "tiny-chain.json",
        R"({"format": "dnn-surgery-profile", "version": 1, "name": "tiny", "input_bytes": 600,
"layers": [
{"id": 0, "name": "input", "op": "input", "flops": 0, "output_bytes": 600, "param_bytes": 0, "inputs": []},
{"id": 1, "name": "conv", "op": "conv2d", "flops": 2e6, "macs": 1e6, "output_bytes": 4000, "param_bytes": 900, "inputs": [0]},
{"id": 2, "name": "relu", "op": "relu", "flops": 1000, "output_bytes": 4000, "param_bytes": 0, "inputs": [1]},
{"id": 3, "name": "fc", "op": "linear", "flops": 8e5, "output_bytes": 40, "param_bytes": 16000, "inputs": [2]}]})");
    DnnSurgeryFuzzWriteFile(
        dir,
        "branches.json",
        R"({"format": "dnn-surgery-profile", "version": 1, "name": "branches", "input_bytes": 64,
"description": "a skip connection", "input_shape": [1, 16],
"layers": [
{"id": 0, "name": "input", "op": "input", "flops": 0, "output_bytes": 64, "param_bytes": 0, "inputs": []},
{"id": 1, "name": "a", "op": "linear", "flops": 5e5, "output_bytes": 64, "param_bytes": 100, "inputs": [0]},
{"id": 2, "name": "b", "op": "linear", "flops": 5e5, "output_bytes": 64, "param_bytes": 100, "inputs": [1]},
{"id": 3, "name": "add", "op": "add", "flops": 16, "output_bytes": 64, "param_bytes": 0, "inputs": [0, 2]},
{"id": 4, "name": "out", "op": "softmax", "flops": 80, "output_bytes": 64, "param_bytes": 0, "inputs": [3]}],
"device_times": {"cpu": {"description": "measured", "times_s": {"a": 0.001, "b": 0.001, "add": 1e-6, "out": 1e-6}}}})");
    DnnSurgeryFuzzWriteFile(
        dir,
        "cycle.json",
        R"({"format": "dnn-surgery-profile", "version": 1, "name": "cycle", "input_bytes": 4,
"layers": [
{"id": 0, "name": "input", "op": "input", "flops": 0, "output_bytes": 4, "param_bytes": 0, "inputs": []},
{"id": 1, "name": "a", "op": "relu", "flops": 1, "output_bytes": 4, "param_bytes": 0, "inputs": [0, 2]},
{"id": 2, "name": "b", "op": "relu", "flops": 1, "output_bytes": 4, "param_bytes": 0, "inputs": [1]}]})");
}
