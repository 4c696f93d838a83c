/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the grid social optimum (against brute force), the price of anarchy and
 * the allocation policies "equal", "greedy", "optimum" and "game".
 */

#include "random-game.h"

#include "ns3/allocation-game.h"
#include "ns3/allocation-policy.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/social-optimum.h"

#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <random>

using namespace ns3;
using namespace ns3::testing;

namespace
{

/** Brute force over all level vectors with sum <= K. */
double
BruteForceGrid(const std::vector<GamePlayer>& players, double capacity, uint32_t kMax)
{
    const double step = capacity / kMax;
    double best = std::numeric_limits<double>::infinity();
    std::vector<uint32_t> k(players.size(), 0);
    std::function<void(std::size_t, uint32_t)> rec = [&](std::size_t i, uint32_t left) {
        if (i == players.size())
        {
            double s = 0;
            for (std::size_t j = 0; j < players.size(); ++j)
            {
                s += AllocationGame::Latency(players[j], k[j] * step);
            }
            best = std::min(best, s);
            return;
        }
        for (uint32_t v = 0; v <= left; ++v)
        {
            k[i] = v;
            rec(i + 1, left - v);
        }
    };
    rec(0, kMax);
    return best;
}

} // namespace

TEST(SocialOptimum, GridDynamicProgramEqualsBruteForce)
{
    std::mt19937_64 rng(21);
    for (int t = 0; t < 300; ++t)
    {
        const std::size_t n = 1 + rng() % 4;
        const uint32_t kMax = 1 + rng() % 12;
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, n, &g);
        const OptimumResult r = SocialOptimum::Solve(players, g, kMax);
        const double brute = BruteForceGrid(players, g.capacity, kMax);
        EXPECT_NEAR(r.sumLatency, brute, 1e-12 * brute) << "t=" << t;
        uint32_t used = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            used += r.levels[i];
            EXPECT_DOUBLE_EQ(r.shares[i], r.levels[i] * g.capacity / kMax);
        }
        EXPECT_LE(used, kMax);
        EXPECT_LE(r.lowerBound, r.polishedSum * (1 + 1e-12));
        EXPECT_LE(r.polishedSum, r.sumLatency * (1 + 1e-12));
        EXPECT_LE(AllocationGame::Sum(r.polishedShares), g.capacity);
    }
}

TEST(SocialOptimum, LowerBoundIsBelowEveryFeasiblePoint)
{
    std::mt19937_64 rng(22);
    std::uniform_real_distribution<double> u01(0, 1);
    for (int t = 0; t < 100; ++t)
    {
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, 2 + t % 10, &g);
        const double lb = SocialOptimum::LowerBound(players, g.capacity);
        for (int s = 0; s < 50; ++s)
        {
            std::vector<double> f(players.size());
            for (double& x : f)
            {
                x = u01(rng) < 0.3 ? 0.0 : u01(rng);
            }
            const double sum = AllocationGame::Sum(f);
            for (double& x : f)
            {
                x = sum > 0 ? x * g.capacity / sum * (1 - 1e-12) : 0.0;
            }
            EXPECT_LE(lb, SocialOptimum::SumLatency(players, f) * (1 + 1e-12)) << "t=" << t;
        }
    }
}

TEST(SocialOptimum, PriceOfAnarchyAtLeastOneOnRandomGames)
{
    std::mt19937_64 rng(23);
    for (int t = 0; t < 200; ++t)
    {
        const std::size_t n = 2 + rng() % 29;
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, n, &g);
        const GameOutcome eq = AllocationGame::RunSequential(players, g);
        ASSERT_TRUE(eq.converged);
        const uint32_t kMax = 300;
        const OptimumResult opt = SocialOptimum::Solve(players, g, kMax);
        const PriceOfAnarchyResult poa = SocialOptimum::PriceOfAnarchy(players, g, eq.shares, opt);
        // DDS (snapped to the same grid, a feasible grid point) never beats the grid optimum
        EXPECT_GE(poa.equilibriumGridSum, opt.sumLatency * (1 - 1e-12)) << "t=" << t;
        EXPECT_GE(poa.poaGrid, 1 - 1e-12) << "t=" << t;
        // the exact equilibrium never beats the certified lower bound of the continuous optimum
        EXPECT_GE(poa.equilibriumSum, opt.lowerBound * (1 - 1e-12)) << "t=" << t;
        EXPECT_GE(poa.poaHigh, poa.poaLow * (1 - 1e-12)) << "t=" << t;
        EXPECT_GE(poa.poaLow, 1.0);
        // rounding down to the grid only loses latency
        EXPECT_GE(poa.equilibriumGridSum, poa.equilibriumSum * (1 - 1e-12)) << "t=" << t;
    }
}

TEST(SocialOptimum, SnapDownStaysFeasibleAndOnGrid)
{
    const double capacity = 3e12;
    const uint32_t kMax = 7;
    const double step = capacity / kMax;
    const std::vector<double> f{0.0, step, 2.5 * step, step * (1 - 1e-15), capacity - 2.6 * step};
    const std::vector<double> s = SocialOptimum::SnapDown(f, capacity, kMax);
    EXPECT_EQ(s[0], 0.0);
    EXPECT_EQ(s[1], step);
    EXPECT_EQ(s[2], 2 * step);
    EXPECT_EQ(s[3], 0.0);
    EXPECT_EQ(s[4], 4 * step);
    for (std::size_t i = 0; i < f.size(); ++i)
    {
        EXPECT_LE(s[i], f[i]);
    }
}

TEST(AllocationPolicy, EqualGreedyOptimumGame)
{
    std::mt19937_64 rng(24);
    for (int t = 0; t < 60; ++t)
    {
        const std::size_t n = 2 + rng() % 20;
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, n, &g);
        const uint32_t kMax = static_cast<uint32_t>(n) * 20; // F/N is a grid point
        const auto equal = AllocationPolicy::Create("equal")->AllocateWithPlacement(players, g);
        const auto greedy = AllocationPolicy::Create("greedy")->AllocateWithPlacement(players, g);
        const auto optimum = AllocationPolicy::Create("optimum:" + std::to_string(kMax))
                                 ->AllocateWithPlacement(players, g);
        const auto game = AllocationPolicy::Create("game")->AllocateWithPlacement(players, g);
        std::size_t offloadersAtF = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            // equal: F/N each, latency T*_i(F/N)
            EXPECT_NEAR(equal.shares[i], g.capacity / n, 1e-12 * g.capacity);
            EXPECT_DOUBLE_EQ(equal.latencies[i],
                             AllocationGame::Latency(players[i], equal.shares[i]));
            // greedy: the placement chosen for the whole server, kept under sharing
            const int atF = AllocationGame::BestCurve(players[i], g.capacity);
            EXPECT_EQ(greedy.curves[i], atF);
            offloadersAtF += atF >= 0 ? 1 : 0;
            if (atF >= 0)
            {
                const LatencyCurve& c = players[i].curves[atF];
                EXPECT_NEAR(greedy.latencies[i], c.a + c.b / greedy.shares[i], 1e-12);
                // a fixed placement is never better than the envelope at the same share
                EXPECT_GE(greedy.latencies[i],
                          AllocationGame::Latency(players[i], greedy.shares[i]) * (1 - 1e-12));
            }
            else
            {
                EXPECT_EQ(greedy.shares[i], 0.0);
                EXPECT_EQ(greedy.latencies[i], players[i].localLatency);
            }
        }
        for (std::size_t i = 0; i < n; ++i)
        {
            if (greedy.curves[i] >= 0)
            {
                EXPECT_NEAR(greedy.shares[i], g.capacity / offloadersAtF, 1e-12 * g.capacity);
            }
        }
        for (const Allocation* a : {&equal, &greedy, &optimum, &game})
        {
            EXPECT_LE(AllocationGame::Sum(a->shares), g.capacity);
        }
        double sumEqual = 0;
        double sumOpt = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            sumEqual += equal.latencies[i];
            sumOpt += optimum.latencies[i];
        }
        // equal share is a grid point: the grid optimum is at least as good
        EXPECT_LE(sumOpt, sumEqual * (1 + 1e-12)) << "t=" << t;
        // game policy == sequential dynamics from zero, and an epsilon-NE
        EXPECT_EQ(game.shares, AllocationGame::RunSequential(players, g).shares);
        EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, game.shares, g));
        EXPECT_EQ(AllocationPolicy::Create("game")->Allocate(players, g), game.shares);
    }
}

TEST(AllocationPolicy, CreateByName)
{
    for (const std::string& name : AllocationPolicy::GetNames())
    {
        EXPECT_EQ(AllocationPolicy::Create(name)->GetName(), name);
    }
    EXPECT_EQ(AllocationPolicy::Create("optimum:50")->GetName(), "optimum");
    EXPECT_THROW(AllocationPolicy::Create("fair"), DnnSurgeryError);
    EXPECT_THROW(AllocationPolicy::Create("optimum:0"), DnnSurgeryError);
    EXPECT_THROW(AllocationPolicy::Create("optimum:x"), DnnSurgeryError);
}
