/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The partitioner on every bundled model profile (every <name>.json in scenarios/models, or
 * $DNN_SURGERY_MODELS_DIR): the envelope against direct min-cuts, and the ordering
 * min-cut <= neurosurgeon <= min(local, full-offload).
 */

#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/partition-policy.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// \return every bundled model, read and validated; fails the test if there is none
std::vector<DnnGraph>
BundledModels()
{
    std::vector<DnnGraph> models;
    for (const auto& f : DnnGraphReader::ListModelFiles())
    {
        models.push_back(DnnGraphReader::ReadFile(f));
    }
    EXPECT_FALSE(models.empty()) << "no *.json model profiles in "
                                 << DnnGraphReader::GetModelsDir();
    return models;
}

} // namespace

TEST(BundledModels, ReadAndMatchPublishedMacs)
{
    for (const auto& g : BundledModels())
    {
        EXPECT_GT(g.GetNLayers(), 1U) << g.GetName();
        EXPECT_GT(g.GetTotalFlops(), 0.0) << g.GetName();
        double macs = 0;
        for (std::size_t v = 0; v < g.GetNLayers(); ++v)
        {
            macs += g.GetLayer(v).macs;
        }
        if (g.GetPublishedMacs() > 0)
        {
            EXPECT_NEAR(macs / g.GetPublishedMacs(), 1.0, 0.01) << g.GetName();
        }
        // The profile round-trips through the writer.
        DnnGraph h = DnnGraphReader::ReadString(DnnGraphReader::WriteString(g), g.GetName());
        EXPECT_EQ(h.GetNLayers(), g.GetNLayers());
        EXPECT_EQ(h.GetTotalFlops(), g.GetTotalFlops());
        EXPECT_EQ(h.GetTopologicalOrder(), g.GetTopologicalOrder());
    }
}

TEST(BundledModels, EnvelopeEqualsDirectMinCut)
{
    struct Setting
    {
        const char* device; //!< device class
        const char* server; //!< server class
        LinkRates rates;    //!< link
    };

    const std::vector<Setting> settings = {
        {"rpi4", "edge-gpu", {50e6, 100e6, 0.01}},
        {"jetson-nano", "cpu-server", {200e6, 200e6, 0.002}},
    };
    for (const auto& g : BundledModels())
    {
        for (const auto& s : settings)
        {
            ComputeProfile dev = ComputeProfile::Get(s.device);
            ComputeProfile srv = ComputeProfile::Get(s.server);
            MinCutPartitioner mc(g, dev, srv, s.rates);
            const double fMax = srv.GetFlopsPerSecond();
            PartitionEnvelope env = mc.ComputeEnvelope(fMax);
            const int nShares = 120;
            for (int k = 0; k < nShares; ++k)
            {
                // Log-spaced over four decades, plus the exact top share.
                double f = fMax * std::pow(10.0, -4.0 * k / (nShares - 1));
                PartitionResult direct = mc.Solve(f);
                double td = direct.cost.Latency(f);
                double te = env.GetLatency(f);
                double tol = std::max(1e-6 * td, 2 * mc.GetRoundingTolerance());
                EXPECT_NEAR(te, td, tol) << g.GetName() << " " << s.device << " f=" << f;
                // The envelope's best placement has the cost it claims.
                EXPECT_DOUBLE_EQ(mc.Evaluate(env.GetBest(f).placement).Latency(f), te);
            }
        }
    }
}

TEST(BundledModels, PolicyOrdering)
{
    auto local = PartitionPolicy::Create("local");
    auto full = PartitionPolicy::Create("full-offload");
    auto ns = PartitionPolicy::Create("neurosurgeon");
    auto dads = PartitionPolicy::Create("dads");
    auto envp = PartitionPolicy::Create("envelope");
    int strictlyBetter = 0;
    for (const auto& g : BundledModels())
    {
        for (const char* device : {"rpi4", "phone"})
        {
            for (double bw : {1e6, 10e6, 100e6, 1e9})
            {
                ComputeProfile dev = ComputeProfile::Get(device);
                ComputeProfile srv = ComputeProfile::Get("edge-gpu");
                MinCutPartitioner mc(g, dev, srv, LinkRates{bw, 2 * bw, 0.005});
                PartitionEnvelope env = mc.ComputeEnvelope(srv.GetFlopsPerSecond());
                for (double f : {srv.GetFlopsPerSecond(), srv.GetFlopsPerSecond() / 20})
                {
                    double tLocal = local->Choose(mc, env, f).cost.Latency(f);
                    double tFull = full->Choose(mc, env, f).cost.Latency(f);
                    double tNs = ns->Choose(mc, env, f).cost.Latency(f);
                    double tMc = dads->Choose(mc, env, f).cost.Latency(f);
                    double tEnv = envp->Choose(mc, env, f).cost.Latency(f);
                    double tol = 2 * mc.GetRoundingTolerance();
                    std::string where = g.GetName() + " " + device + " bw=" + std::to_string(bw) +
                                        " f=" + std::to_string(f);
                    EXPECT_LE(tMc, tNs + tol) << where;
                    EXPECT_LE(tNs, std::min(tLocal, tFull)) << where;
                    EXPECT_NEAR(tEnv, tMc, std::max(1e-6 * tMc, tol)) << where;
                    strictlyBetter += tMc < std::min(tLocal, tFull) * (1 - 1e-6) ? 1 : 0;
                }
            }
        }
    }
    // On real models a real split beats both extremes somewhere.
    EXPECT_GT(strictlyBetter, 0);
}
