/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Google Benchmark: one min-cut (MinCutPartitioner::Solve) and one envelope
 * (MinCutPartitioner::ComputeEnvelope) per bundled model, Raspberry Pi 4 class device, edge GPU
 * class server, 50 Mbit/s up, 100 Mbit/s down, 10 ms RTT. Targets: a min-cut < 1 ms, an
 * envelope < 20 ms. The s-t graph is built once per model (in the partitioner's constructor);
 * each iteration only sets the share-dependent capacities and solves.
 */

#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/min-cut-partitioner.h"

#include <benchmark/benchmark.h>
#include <iostream>
#include <memory>

using namespace ns3;

namespace
{

/// Solve the min-cut at a quarter of the server (a share where real splits occur).
void
BenchMinCut(benchmark::State& state, std::shared_ptr<MinCutPartitioner> mc, double f)
{
    std::size_t offloaded = 0;
    for (auto _ : state)
    {
        PartitionResult r = mc->Solve(f);
        offloaded = r.cost.serverLayers;
        benchmark::DoNotOptimize(r);
    }
    state.counters["layers"] = static_cast<double>(mc->GetGraph().GetNLayers());
    state.counters["st_vertices"] = static_cast<double>(mc->GetFlowVertexCount());
    state.counters["st_arcs"] = static_cast<double>(mc->GetFlowEdgeCount());
    state.counters["srv_layers"] = static_cast<double>(offloaded);
}

/// Compute the envelope over (0, F].
void
BenchEnvelope(benchmark::State& state, std::shared_ptr<MinCutPartitioner> mc, double fMax)
{
    std::size_t candidates = 0;
    std::size_t cuts = 0;
    for (auto _ : state)
    {
        PartitionEnvelope env = mc->ComputeEnvelope(fMax);
        candidates = env.GetCandidates().size();
        cuts = env.GetMinCutCount();
        benchmark::DoNotOptimize(env);
    }
    state.counters["candidates"] = static_cast<double>(candidates);
    state.counters["min_cuts"] = static_cast<double>(cuts);
}

} // namespace

int
main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    try
    {
        auto files = DnnGraphReader::ListModelFiles();
        if (files.empty())
        {
            throw DnnSurgeryError("no *.json model profiles in " + DnnGraphReader::GetModelsDir());
        }
        ComputeProfile dev = ComputeProfile::Get("rpi4");
        ComputeProfile srv = ComputeProfile::Get("edge-gpu");
        LinkRates rates{50e6, 100e6, 0.01};
        const double fMax = srv.GetFlopsPerSecond();
        for (const auto& file : files)
        {
            DnnGraph g = DnnGraphReader::ReadFile(file);
            auto mc = std::make_shared<MinCutPartitioner>(g, dev, srv, rates);
            benchmark::RegisterBenchmark(("MinCut/" + g.GetName()).c_str(),
                                         BenchMinCut,
                                         mc,
                                         fMax / 4)
                ->Unit(benchmark::kMicrosecond);
            benchmark::RegisterBenchmark(("Envelope/" + g.GetName()).c_str(),
                                         BenchEnvelope,
                                         mc,
                                         fMax)
                ->Unit(benchmark::kMicrosecond);
        }
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
