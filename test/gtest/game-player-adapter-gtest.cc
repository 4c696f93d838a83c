/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the allocation game on real envelopes: MakeGamePlayer against the
 * partitioner's envelope, and the dynamics on random games mixing the bundled models, the
 * device classes and random rates and prices.
 */

#include "ns3/allocation-game.h"
#include "ns3/allocation-policy.h"
#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/game-player-adapter.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/social-optimum.h"

#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace ns3;

namespace
{

/** A device's envelope from the pool. */
struct PoolEntry
{
    std::string label;          //!< model / class / rate
    PartitionEnvelope envelope; //!< its envelope
};

/**
 * Envelopes of every bundled model x every device class x 3 uplink rates, computed once for a
 * server of kCapacity (the games below never give a device more).
 */
const double kCapacity = 4e12;

const std::vector<PoolEntry>&
Pool()
{
    static const std::vector<PoolEntry> pool = [] {
        std::vector<PoolEntry> p;
        const ComputeProfile server = ComputeProfile::Get("edge-gpu");
        std::vector<ComputeProfile> classes;
        for (const char* c : {"rpi4", "jetson-nano", "phone"})
        {
            classes.push_back(ComputeProfile::Get(c));
        }
        for (const std::string& file : DnnGraphReader::ListModelFiles())
        {
            const DnnGraph g = DnnGraphReader::ReadFile(file);
            for (const ComputeProfile& c : classes)
            {
                for (double up : {5e6, 40e6, 300e6})
                {
                    MinCutPartitioner mc(g, c, server, LinkRates{up, 2 * up, 0.01});
                    p.push_back({g.GetName() + "/" + c.GetName() + "/" + std::to_string(up),
                                 mc.ComputeEnvelope(kCapacity)});
                }
            }
        }
        return p;
    }();
    return pool;
}

} // namespace

TEST(GamePlayerAdapter, PlayerLatencyIsTheEnvelope)
{
    ASSERT_GE(Pool().size(), 30u);
    std::size_t withCandidates = 0;
    for (const PoolEntry& e : Pool())
    {
        const GamePlayer p = MakeGamePlayer(e.envelope, 2.0);
        EXPECT_EQ(p.lambda, 2.0);
        EXPECT_EQ(p.localLatency, e.envelope.GetLocal().cost.A()) << e.label;
        ASSERT_EQ(p.curves.size(), e.envelope.GetCandidates().size()) << e.label;
        withCandidates += p.curves.empty() ? 0 : 1;
        for (int k = 0; k <= 200; ++k)
        {
            const double f = kCapacity * std::pow(1e-4, k / 200.0);
            const double t = AllocationGame::Latency(p, f);
            EXPECT_NEAR(t, e.envelope.GetLatency(f), 1e-12 * t) << e.label << " f=" << f;
            const int c = AllocationGame::BestCurve(p, f);
            const PartitionResult& best = e.envelope.GetBest(f);
            if (c >= 0)
            {
                EXPECT_NEAR(e.envelope.GetCandidates()[c].cost.Latency(f), t, 1e-12 * t);
                EXPECT_TRUE(best.cost.Offloads()) << e.label;
            }
            else
            {
                EXPECT_NEAR(best.cost.Latency(f), p.localLatency, 1e-12 * t) << e.label;
            }
        }
    }
    EXPECT_GT(withCandidates, Pool().size() / 2);
    EXPECT_THROW(MakeGamePlayer(Pool()[0].envelope, 0.0), DnnSurgeryError);
}

TEST(GamePlayerAdapter, ZeroWorkCandidateGetsANegligibleShareNeed)
{
    PartitionResult local;
    local.cost.deviceTime = 0.3;
    PartitionResult zero;
    zero.cost.deviceTime = 0.1;
    zero.cost.uploadTime = 0.05;
    zero.cost.serverWork = 0;
    zero.cost.serverLayers = 1;
    PartitionResult heavy;
    heavy.cost.uploadTime = 0.08;
    heavy.cost.serverWork = 2e9;
    heavy.cost.serverLayers = 5;
    const PartitionEnvelope env(local, {heavy, zero}, 1e12, 3);
    const GamePlayer p = MakeGamePlayer(env, 1.0);
    ASSERT_EQ(p.curves.size(), 2u);
    EXPECT_DOUBLE_EQ(p.curves[0].b, 2e9);
    EXPECT_DOUBLE_EQ(p.curves[1].b, 1.0);
    EXPECT_DOUBLE_EQ(p.curves[1].a, 0.15);
    EXPECT_NO_THROW(AllocationGame::Validate({p}, GameParams{1e12, 1e-13, 0, 1e-9, 10}));
}

TEST(GamePlayerAdapter, DynamicsOnMixedRealGames)
{
    std::mt19937_64 rng(31);
    std::uniform_real_distribution<double> u01(0, 1);
    auto logU = [&](double lo, double hi) { return lo * std::pow(hi / lo, u01(rng)); };
    int offloadingGames = 0;
    for (int t = 0; t < 200; ++t)
    {
        const std::size_t n = 2 + rng() % 49;
        GameParams g;
        g.capacity = kCapacity * logU(0.05, 1.0);
        const double f = g.capacity / n;
        g.p0 = u01(rng) < 0.1 ? 0.0 : logU(1e-4, 1.0) * 0.2 / f;
        g.kappa = u01(rng) < 0.1 ? 0.0 : logU(1e-4, 1.0) * 0.2 / (f * g.capacity);
        g.epsilon = 1e-7;
        g.maxRounds = 100000;
        std::vector<GamePlayer> players;
        for (std::size_t i = 0; i < n; ++i)
        {
            players.push_back(
                MakeGamePlayer(Pool()[rng() % Pool().size()].envelope, logU(0.1, 10.0)));
        }
        std::vector<double> shares(n, 0.0);
        double phi = AllocationGame::Potential(players, shares, g);
        bool decreasing = true;
        bool feasible = true;
        DynamicsOptions opt;
        opt.order = t % 2 ? DynamicsOptions::RANDOM_ORDER : DynamicsOptions::FIXED_ORDER;
        opt.seed = t;
        opt.onMove = [&](const GameMove& m) {
            shares[m.device] = m.newShare;
            const double phi2 = AllocationGame::Potential(players, shares, g);
            decreasing = decreasing && phi2 < phi;
            feasible = feasible && AllocationGame::Sum(shares) <= g.capacity;
            phi = phi2;
        };
        const GameOutcome out = AllocationGame::RunSequential(players, g, opt);
        EXPECT_TRUE(out.converged) << "t=" << t;
        EXPECT_TRUE(decreasing) << "t=" << t;
        EXPECT_TRUE(feasible) << "t=" << t;
        EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, out.shares, g)) << "t=" << t;
        offloadingGames += AllocationGame::Sum(out.shares) > 0 ? 1 : 0;
        if (t % 4 == 0)
        {
            const OptimumResult opt2 = SocialOptimum::Solve(players, g, 400);
            const PriceOfAnarchyResult poa =
                SocialOptimum::PriceOfAnarchy(players, g, out.shares, opt2);
            EXPECT_GE(poa.poaGrid, 1 - 1e-12) << "t=" << t;
            EXPECT_GE(poa.equilibriumSum, opt2.lowerBound * (1 - 1e-12)) << "t=" << t;
        }
    }
    EXPECT_GT(offloadingGames, 100);
}
