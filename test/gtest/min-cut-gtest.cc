/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The min-cut partitioner against brute force over every feasible placement, Neurosurgeon
 * against brute force over prefixes, and the envelope against direct min-cuts, on random DAGs
 * (fixed seeds).
 */

#include "partition-test-util.h"

#include "ns3/dnn-surgery-error.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/partition-policy.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace dnntest;

namespace
{

/// One random instance: graph, profiles, link, share.
struct Instance
{
    DnnGraph graph;        //!< the DAG
    ComputeProfile device; //!< device profile
    ComputeProfile server; //!< server profile
    LinkRates rates;       //!< link
    double f{0};           //!< share
};

/// Draw instance number `i` of a seeded sequence.
Instance
MakeInstance(std::mt19937_64& rng, std::size_t maxN)
{
    Instance in;
    std::size_t n = 1 + rng() % maxN;
    bool measured = Uniform(rng) < 0.25;
    in.graph = MakeRandomDag(rng, n, Uniform(rng) < 0.5, measured);
    in.device = measured ? ComputeProfile::CreateMeasured("meas", 1e10)
                         : RandomProfile(rng, "dev", LogUniform(rng, 1e9, 2e11));
    in.server = RandomProfile(rng, "srv", 1e13);
    in.rates.uplinkBps = LogUniform(rng, 1e6, 1e9);
    in.rates.downlinkBps = LogUniform(rng, 1e6, 1e9);
    in.rates.rttSeconds = Uniform(rng) < 0.2 ? 0.0 : LogUniform(rng, 1e-4, 0.05);
    in.f = LogUniform(rng, 1e9, 1e13);
    return in;
}

} // namespace

TEST(MinCutPartitioner, EqualsBruteForceOnRandomDags)
{
    std::mt19937_64 rng(20240611);
    const int nDags = 1200;
    int withSeveralSinks = 0;
    int offloaded = 0;
    int mixed = 0;
    for (int i = 0; i < nDags; ++i)
    {
        Instance in = MakeInstance(rng, 14);
        MinCutPartitioner mc(in.graph, in.device, in.server, in.rates);
        BruteForce bf(in.graph, in.device, in.server, in.rates);
        withSeveralSinks += bf.nSinks > 1 ? 1 : 0;

        PartitionResult r = mc.Solve(in.f);
        double opt = bf.Optimum(in.f);
        double delta = mc.GetRoundingTolerance();
        double tol = 2 * delta + 1e-12 * opt;
        uint32_t mask = BruteForce::Mask(r.placement);
        ASSERT_TRUE(bf.Feasible(mask)) << "dag " << i << ": infeasible " << r.placement.ToString();
        double t = r.cost.Latency(in.f);
        // The placement's recomputed cost, the independent cost of the same placement, the
        // flow value and the brute-force optimum agree.
        EXPECT_NEAR(t, bf.Latency(mask, in.f), 1e-12 * opt + 1e-15) << "dag " << i;
        EXPECT_NEAR(t, opt, tol) << "dag " << i << " n=" << bf.n << " " << r.placement.ToString();
        EXPECT_GE(t, opt - 1e-12 * opt) << "dag " << i;
        EXPECT_NEAR(r.cutValue, t, delta + 1e-12 * opt) << "dag " << i;
        EXPECT_NEAR(r.cutValue, opt, delta + 1e-12 * opt) << "dag " << i;
        offloaded += r.cost.Offloads() ? 1 : 0;
        mixed += (r.cost.deviceLayers > 1 && r.cost.serverLayers > 0) ? 1 : 0;

        // Neurosurgeon: brute force over the prefixes of the same topological order.
        std::vector<std::size_t> order = bf.TopologicalOrder();
        ASSERT_EQ(order, in.graph.GetTopologicalOrder()) << "dag " << i;
        auto ns = PartitionPolicy::Create("neurosurgeon");
        PartitionResult rn = ns->Choose(mc, PartitionEnvelope(), in.f);
        EXPECT_NEAR(rn.cost.Latency(in.f), bf.BestPrefix(order, in.f), 1e-12 * opt + 1e-15)
            << "dag " << i;
        EXPECT_GE(rn.cost.Latency(in.f), t - tol) << "dag " << i;
    }
    // The sample exercises the interesting cases, not only trivial ones.
    EXPECT_GT(withSeveralSinks, nDags / 10);
    EXPECT_GT(offloaded, nDags / 5);
    EXPECT_GT(mixed, nDags / 20);
    EXPECT_LT(offloaded, nDags);
}

TEST(MinCutPartitioner, EnvelopeEqualsDirectMinCutOnRandomDags)
{
    std::mt19937_64 rng(777);
    std::size_t maxCandidates = 0;
    for (int i = 0; i < 150; ++i)
    {
        Instance in = MakeInstance(rng, 12);
        MinCutPartitioner mc(in.graph, in.device, in.server, in.rates);
        BruteForce bf(in.graph, in.device, in.server, in.rates);
        const double fMax = 1e13;
        PartitionEnvelope env = mc.ComputeEnvelope(fMax);
        maxCandidates = std::max(maxCandidates, env.GetCandidates().size());
        for (int k = 0; k <= 100; ++k)
        {
            double f = fMax * std::pow(10.0, -5.0 * k / 100.0);
            double direct = mc.Solve(f).cost.Latency(f);
            double opt = bf.Optimum(f);
            double tol = 2 * mc.GetRoundingTolerance() + 1e-9 * opt;
            EXPECT_NEAR(env.GetLatency(f), direct, tol) << "dag " << i << " f=" << f;
            EXPECT_NEAR(env.GetLatency(f), opt, tol) << "dag " << i << " f=" << f;
            EXPECT_NEAR(env.GetBest(f).cost.Latency(f), env.GetLatency(f), 1e-15);
        }
        EXPECT_EQ(env.GetLatency(0), env.GetLocal().cost.A());
        // Candidates are sorted by decreasing B and all offload.
        for (std::size_t c = 0; c < env.GetCandidates().size(); ++c)
        {
            EXPECT_TRUE(env.GetCandidates()[c].cost.Offloads());
            if (c > 0)
            {
                EXPECT_GE(env.GetCandidates()[c - 1].cost.B(), env.GetCandidates()[c].cost.B());
            }
        }
        EXPECT_LE(env.GetMinCutCount(), 2 * env.GetCandidates().size() + 3);
    }
    EXPECT_GE(maxCandidates, 3U); // some envelopes have several curves
}

TEST(MinCutPartitioner, TwoLayerChainClosedForm)
{
    // input (d_in = 1 MB) -> conv (1 GFLOP, d = 1 kB). Device 10 GFLOP/s, server share f.
    DnnGraph g;
    g.SetName("chain2");
    g.SetInputBytes(1e6);
    g.AddLayer({0, "in", "input", 0, 0, 1e6, 0, {}});
    g.AddLayer({1, "conv", "conv2d", 1e9, 5e8, 1e3, 0, {0}});
    g.Validate("chain2");
    auto dev = ComputeProfile::CreateRated("dev", 1e10, {});
    auto srv = ComputeProfile::CreateRated("srv", 1e12, {});
    LinkRates rates{8e7, 8e6, 0.01}; // 10 MB/s up, 1 MB/s down
    MinCutPartitioner mc(g, dev, srv, rates);
    // Local: 0.1 s. Offload: 0.1 (upload) + 1e9/f + 0.01 + 0.001.
    EXPECT_DOUBLE_EQ(mc.Local().cost.A(), 0.1);
    PartitionCost off = mc.FullOffload().cost;
    EXPECT_DOUBLE_EQ(off.uploadTime, 0.1);
    EXPECT_DOUBLE_EQ(off.downloadTime, 0.001);
    EXPECT_DOUBLE_EQ(off.rtt, 0.01);
    EXPECT_DOUBLE_EQ(off.B(), 1e9);
    EXPECT_DOUBLE_EQ(off.ServerTime(1e11), 0.01);
    EXPECT_TRUE(std::isinf(off.ServerTime(0)));
    EXPECT_DOUBLE_EQ(mc.Local().cost.ServerTime(0), 0);
    EXPECT_DOUBLE_EQ(off.bytesUp, 1e6);
    EXPECT_DOUBLE_EQ(off.bytesDown, 1e3);
    // Offloading never pays (0.111 > 0.1): local at every share.
    EXPECT_FALSE(mc.Solve(1e15).cost.Offloads());
    // Faster uplink: offload when 0.001 + 0.01 + 0.001 + 1e9/f < 0.1, i.e. f > 1.136e10.
    LinkRates fast{8e9, 8e6, 0.01};
    MinCutPartitioner mc2(g, dev, srv, fast);
    EXPECT_TRUE(mc2.Solve(2e10).cost.Offloads());
    EXPECT_FALSE(mc2.Solve(1e10).cost.Offloads());
    PartitionEnvelope env = mc2.ComputeEnvelope(1e12);
    ASSERT_EQ(env.GetCandidates().size(), 1U);
    EXPECT_NEAR(env.GetLatency(1e12), 0.001 + 0.01 + 0.001 + 0.001, 1e-12);
    EXPECT_DOUBLE_EQ(env.GetLatency(1e9), 0.1);
}

TEST(MinCutPartitioner, SharedTensorIsPaidOnce)
{
    // in -> a; a feeds b and c; b, c -> d. Putting b, c, d on the server sends a's tensor once.
    DnnGraph g;
    g.SetName("fanout");
    g.SetInputBytes(1e5);
    g.AddLayer({0, "in", "input", 0, 0, 1e5, 0, {}});
    g.AddLayer({1, "a", "conv2d", 1e6, 0, 1000, 0, {0}});
    g.AddLayer({2, "b", "conv2d", 1e9, 0, 10, 0, {1}});
    g.AddLayer({3, "c", "conv2d", 1e9, 0, 10, 0, {1}});
    g.AddLayer({4, "d", "add", 1e3, 0, 10, 0, {2, 3}});
    g.Validate("fanout");
    auto dev = ComputeProfile::CreateRated("dev", 1e9, {});
    auto srv = ComputeProfile::CreateRated("srv", 1e12, {});
    MinCutPartitioner mc(g, dev, srv, LinkRates{8e6, 8e6, 0});
    PartitionResult r = mc.Solve(1e12);
    EXPECT_EQ(r.placement.ToString(), "DDSSS");
    EXPECT_DOUBLE_EQ(r.cost.bytesUp, 1000);
    EXPECT_DOUBLE_EQ(r.cost.uploadTime, 1000 * 8 / 8e6);
}

TEST(MinCutPartitioner, RejectsBadInput)
{
    DnnGraph g;
    g.SetName("chain3");
    g.SetInputBytes(100);
    g.AddLayer({0, "in", "input", 0, 0, 100, 0, {}});
    g.AddLayer({1, "a", "conv2d", 1e9, 0, 1000, 0, {0}});
    g.AddLayer({2, "b", "conv2d", 1e9, 0, 10, 0, {1}});
    g.Validate("chain3");
    ComputeProfile p;
    EXPECT_THROW(MinCutPartitioner(g, p, p, LinkRates{-1, 1e6, 0}), DnnSurgeryError);
    EXPECT_THROW(MinCutPartitioner(g, p, p, LinkRates{1e6, 1e6, std::nan("")}), DnnSurgeryError);
    MinCutPartitioner mc(g, p, p, LinkRates{1e6, 1e6, 0.01});
    EXPECT_THROW(mc.Solve(-1), DnnSurgeryError);
    EXPECT_THROW(mc.ComputeEnvelope(0), DnnSurgeryError);
    Placement bad;
    bad.onServer = {true, true, true};
    EXPECT_THROW(mc.Evaluate(bad), DnnSurgeryError);
    bad.onServer = {false, true};
    EXPECT_THROW(mc.Evaluate(bad), DnnSurgeryError);
    // A layer on the server whose consumer stays on the device.
    Placement inv;
    inv.onServer = {false, true, false};
    try
    {
        mc.Evaluate(inv);
        ADD_FAILURE() << "infeasible placement accepted";
    }
    catch (const DnnSurgeryError& e)
    {
        std::string m = e.what();
        EXPECT_NE(m.find("x_u <= x_w"), std::string::npos) << m;
        EXPECT_NE(m.find("'a'"), std::string::npos) << m;
        EXPECT_NE(m.find("'b'"), std::string::npos) << m;
    }
    // Zero rates: no offloading possible, the min-cut stays local.
    MinCutPartitioner noLink(g, p, p, LinkRates{0, 0, 0});
    EXPECT_FALSE(noLink.Solve(1e15).cost.Offloads());
    EXPECT_EQ(noLink.ComputeEnvelope(1e15).GetCandidates().size(), 0U);
    EXPECT_TRUE(std::isinf(noLink.FullOffload().cost.Latency(1e15)));
    EXPECT_THROW(PartitionPolicy::Create("nope"), DnnSurgeryError);
}
