/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the resource allocation game (formulation, section 5): the closed-form
 * best response against a cubic solved by Cardano and a brute-force scan, the exact weighted
 * potential, sequential and Jacobi dynamics on random games, and the epsilon-Nash check.
 */

#include "random-game.h"

#include "ns3/allocation-game.h"
#include "ns3/dnn-surgery-error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

using namespace ns3;
using namespace ns3::testing;

namespace
{

/**
 * Positive root of 2 kappa x^3 + c x^2 = beta by Cardano / the trigonometric method, on the
 * scaled cubic y^3 + g y^2 - 1 = 0 (x = s y, s = cbrt(beta / (2 kappa)), g = c s^2 / beta).
 */
double
CardanoRoot(double beta, double c, double kappa)
{
    const double s = std::cbrt(beta / (2 * kappa));
    const double g = c * s * s / beta;
    // y = t - g/3: t^3 + P t + Q = 0
    const double P = -g * g / 3;
    const double Q = 2 * g * g * g / 27 - 1;
    const double D = Q * Q / 4 + P * P * P / 27;
    double y = 0;
    if (D >= 0)
    {
        const double sq = std::sqrt(D);
        // stable form: the larger cube root w, the other one is -P / (3 w)
        const double w = std::cbrt(-Q / 2 + (Q <= 0 ? sq : -sq));
        y = w - P / (3 * w) - g / 3;
    }
    else
    {
        const double r = 2 * std::sqrt(-P / 3);
        const double phi = std::acos(3 * Q / (2 * P) * std::sqrt(-3 / P)) / 3;
        y = -1;
        for (int k = 0; k < 3; ++k)
        {
            y = std::max(y, r * std::cos(phi - 2 * M_PI * k / 3) - g / 3);
        }
    }
    return s * y;
}

/** Brute-force minimum of J_i over [0, R]: linear and geometric grids plus local. */
double
ScanMinimum(const GamePlayer& p, double others, const GameParams& g, int points, double* argmin)
{
    const double remaining = g.capacity - others;
    double best = p.localLatency;
    *argmin = 0;
    if (remaining <= 0)
    {
        return best;
    }
    auto consider = [&](double f) {
        const double c = AllocationGame::Cost(p, f, others, g);
        if (c < best)
        {
            best = c;
            *argmin = f;
        }
    };
    for (int k = 1; k <= points; ++k)
    {
        consider(remaining * k / points);
        consider(remaining * std::pow(1e-9, 1.0 - static_cast<double>(k) / points));
    }
    return best;
}

} // namespace

TEST(AllocationGame, StationaryShareSolvesTheCubic)
{
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u01(0, 1);
    int cardanoChecks = 0;
    for (int t = 0; t < 2000; ++t)
    {
        const double b = LogUniform(rng, 1e6, 1e12);
        const double lambda = LogUniform(rng, 1e-2, 1e2);
        const double p0 = u01(rng) < 0.1 ? 0.0 : LogUniform(rng, 1e-16, 1e-9);
        const double kappa = LogUniform(rng, 1e-30, 1e-20);
        const double others = u01(rng) < 0.2 ? 0.0 : LogUniform(rng, 1e9, 1e13);
        const double x = AllocationGame::StationaryShare(b, lambda, p0, kappa, others);
        ASSERT_GT(x, 0);
        const double c = p0 + kappa * others;
        // residual of 2 lambda kappa x^3 + lambda c x^2 - b, relative to b
        const double residual = 2 * lambda * kappa * x * x * x + lambda * c * x * x - b;
        EXPECT_LE(std::abs(residual), 1e-12 * b) << "t=" << t;
        // independent: bisection on the increasing cubic
        double lo = 0;
        double hi = std::cbrt(b / lambda / (2 * kappa));
        for (int it = 0; it < 200; ++it)
        {
            const double mid = 0.5 * (lo + hi);
            (2 * kappa * mid * mid * mid + c * mid * mid < b / lambda ? lo : hi) = mid;
        }
        EXPECT_NEAR(x, lo, 1e-12 * x) << "t=" << t;
        // independent: Cardano, where it is well conditioned (neither term dominates)
        const double s = std::cbrt(b / lambda / (2 * kappa));
        const double g = c * s * s / (b / lambda);
        if (g < 3)
        {
            ++cardanoChecks;
            EXPECT_NEAR(x, CardanoRoot(b / lambda, c, kappa), 1e-9 * x) << "t=" << t;
        }
    }
    EXPECT_GT(cardanoChecks, 100);
    // kappa == 0: sqrt(b / (lambda p0))
    EXPECT_DOUBLE_EQ(AllocationGame::StationaryShare(4e9, 2.0, 5e-10, 0.0, 1e12),
                     std::sqrt(4e9 / (2.0 * 5e-10)));
    // no price at all: unbounded (take all the remaining capacity)
    EXPECT_TRUE(std::isinf(AllocationGame::StationaryShare(4e9, 2.0, 0.0, 0.0, 1e12)));
}

TEST(AllocationGame, BestResponseMatchesBruteForceScan)
{
    std::mt19937_64 rng(12);
    std::uniform_real_distribution<double> u01(0, 1);
    for (int t = 0; t < 400; ++t)
    {
        GameParams g = RandomParams(rng, 1 + t % 20);
        const GamePlayer p = RandomPlayer(rng, g.capacity);
        const double others = u01(rng) < 0.1 ? g.capacity : g.capacity * u01(rng);
        const BestResponseResult br = AllocationGame::BestResponse(p, others, g);
        ASSERT_GE(br.share, 0);
        ASSERT_LE(br.share, g.capacity - others);
        // consistency with Cost / Latency / BestCurve
        EXPECT_NEAR(br.cost, AllocationGame::Cost(p, br.share, others, g), 1e-12 * br.cost);
        EXPECT_NEAR(br.latency, AllocationGame::Latency(p, br.share), 1e-12 * br.latency);
        EXPECT_EQ(br.curve, AllocationGame::BestCurve(p, br.share)) << "t=" << t;
        double argmin = 0;
        const double scan = ScanMinimum(p, others, g, 20000, &argmin);
        // the closed form is never beaten by the scan, and the scan gets close to it
        EXPECT_LE(br.cost, scan * (1 + 1e-12)) << "t=" << t;
        EXPECT_LE(scan - br.cost, 1e-6 * br.cost) << "t=" << t;
    }
}

TEST(AllocationGame, SpecialPrices)
{
    GameParams g{1e12, 0.0, 0.0, 1e-9, 100};
    GamePlayer p{{{0.01, 1e10}, {0.05, 1e9}}, 0.5, 1.0};
    // no price: take all that remains
    BestResponseResult br = AllocationGame::BestResponse(p, 4e11, g);
    EXPECT_DOUBLE_EQ(br.share, 6e11);
    EXPECT_EQ(br.curve, 0);
    // nothing remains: local
    br = AllocationGame::BestResponse(p, 1e12, g);
    EXPECT_EQ(br.share, 0);
    EXPECT_EQ(br.curve, -1);
    EXPECT_EQ(br.cost, 0.5);
    // kappa == 0: f = sqrt(b / (lambda p0)), curve 1: a + 2 sqrt(b lambda p0)
    g.p0 = 1e-13;
    br = AllocationGame::BestResponse(p, 0, g);
    const double f0 = std::sqrt(1e10 / 1e-13);
    const double f1 = std::sqrt(1e9 / 1e-13);
    const double c0 = 0.01 + 2 * std::sqrt(1e10 * 1e-13);
    const double c1 = 0.05 + 2 * std::sqrt(1e9 * 1e-13);
    EXPECT_EQ(br.curve, c0 < c1 ? 0 : 1);
    EXPECT_NEAR(br.share, c0 < c1 ? f0 : f1, 1e-9 * f0);
    EXPECT_NEAR(br.cost, std::min(c0, c1), 1e-12);
    // expensive server: local
    g.p0 = 1e-9;
    br = AllocationGame::BestResponse(p, 0, g);
    EXPECT_EQ(br.curve, -1);
    EXPECT_EQ(br.share, 0);
}

TEST(AllocationGame, PotentialIsExact)
{
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> u01(0, 1);
    for (int t = 0; t < 300; ++t)
    {
        const std::size_t n = 2 + t % 30;
        GameParams g;
        std::vector<GamePlayer> players = RandomGame(rng, n, &g);
        std::vector<double> f(n);
        for (double& x : f)
        {
            x = u01(rng) < 0.3 ? 0.0 : u01(rng);
        }
        const double scale = g.capacity / AllocationGame::Sum(f) * u01(rng);
        for (double& x : f)
        {
            x *= std::isfinite(scale) ? scale : 0.0;
        }
        const double phi = AllocationGame::Potential(players, f, g);
        for (int d = 0; d < 5; ++d)
        {
            const std::size_t i = rng() % n;
            const double others = AllocationGame::Sum(f) - f[i];
            const double fi = u01(rng) < 0.2 ? 0.0 : u01(rng) * (g.capacity - others);
            std::vector<double> f2 = f;
            f2[i] = fi;
            const double dPhi = AllocationGame::Potential(players, f2, g) - phi;
            const double dJ = (AllocationGame::Cost(players[i], fi, others, g) -
                               AllocationGame::Cost(players[i], f[i], others, g)) /
                              players[i].lambda;
            EXPECT_NEAR(dPhi, dJ, 1e-10 * (std::abs(phi) + std::abs(dJ))) << "t=" << t;
        }
    }
}

namespace
{

/** Runs the sequential dynamics and checks every accepted move. */
void
CheckSequential(const std::vector<GamePlayer>& players,
                const GameParams& g,
                DynamicsOptions opt,
                const std::string& label)
{
    std::vector<double> f(players.size(), 0.0);
    double phi = AllocationGame::Potential(players, f, g);
    uint32_t moves = 0;
    bool allDecrease = true;
    bool capacityOk = true;
    bool gainsOk = true;
    opt.onMove = [&](const GameMove& m) {
        ++moves;
        EXPECT_EQ(f[m.device], m.oldShare);
        f[m.device] = m.newShare;
        const double phi2 = AllocationGame::Potential(players, f, g);
        allDecrease = allDecrease && phi2 < phi;
        gainsOk = gainsOk && m.oldCost - m.newCost > g.epsilon;
        capacityOk = capacityOk && AllocationGame::Sum(f) <= g.capacity && m.newShare >= 0;
        phi = phi2;
    };
    const GameOutcome out = AllocationGame::RunSequential(players, g, opt);
    EXPECT_TRUE(allDecrease) << label;
    EXPECT_TRUE(gainsOk) << label;
    EXPECT_TRUE(capacityOk) << label;
    EXPECT_TRUE(out.converged) << label << " rounds=" << out.rounds;
    EXPECT_EQ(out.moves, moves) << label;
    EXPECT_EQ(out.shares, f) << label;
    EXPECT_LE(AllocationGame::Sum(out.shares), g.capacity) << label;
    ASSERT_EQ(out.potential.size(), out.rounds + 1u) << label;
    for (std::size_t r = 1; r < out.potential.size(); ++r)
    {
        EXPECT_LE(out.potential[r], out.potential[r - 1]) << label << " round " << r;
    }
    int worst = -1;
    const double gain = AllocationGame::MaxUnilateralGain(players, out.shares, g, 2000, &worst);
    EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, out.shares, g, 2000))
        << label << " device " << worst << " gains " << gain << " > eps " << g.epsilon;
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        EXPECT_EQ(out.curves[i], AllocationGame::BestCurve(players[i], out.shares[i]));
    }
}

} // namespace

TEST(AllocationGame, SequentialDynamicsOnRandomGames)
{
    std::mt19937_64 rng(14);
    for (int t = 0; t < 240; ++t)
    {
        const std::size_t n = 2 + rng() % 49; // 2..50
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, n, &g);
        DynamicsOptions opt;
        opt.order = t % 2 == 0 ? DynamicsOptions::FIXED_ORDER : DynamicsOptions::RANDOM_ORDER;
        opt.seed = 1000 + t;
        CheckSequential(players, g, opt, "game " + std::to_string(t) + " n=" + std::to_string(n));
    }
}

TEST(AllocationGame, SequentialFromAFeasibleStartAndDeterminism)
{
    std::mt19937_64 rng(15);
    GameParams g;
    const std::vector<GamePlayer> players = RandomGame(rng, 30, &g);
    std::vector<double> start(players.size(), g.capacity / players.size());
    DynamicsOptions opt;
    opt.order = DynamicsOptions::RANDOM_ORDER;
    opt.seed = 99;
    const GameOutcome a = AllocationGame::RunSequential(players, g, opt, start);
    const GameOutcome b = AllocationGame::RunSequential(players, g, opt, start);
    EXPECT_TRUE(a.converged);
    EXPECT_EQ(a.shares, b.shares);
    EXPECT_EQ(a.potential, b.potential);
    EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, a.shares, g));
    EXPECT_LE(a.potential.back(), AllocationGame::Potential(players, start, g));
    // infeasible start
    start[0] = 2 * g.capacity;
    EXPECT_THROW(AllocationGame::RunSequential(players, g, opt, start), DnnSurgeryError);
}

TEST(AllocationGame, NoPriceMeansFirstComerTakesAll)
{
    GameParams g{1e12, 0.0, 0.0, 1e-9, 100};
    std::vector<GamePlayer> players(3, GamePlayer{{{0.01, 1e10}}, 0.5, 1.0});
    const GameOutcome out = AllocationGame::RunSequential(players, g);
    EXPECT_TRUE(out.converged);
    EXPECT_DOUBLE_EQ(out.shares[0], 1e12);
    EXPECT_EQ(out.shares[1], 0);
    EXPECT_EQ(out.shares[2], 0);
    EXPECT_EQ(out.curves[1], -1);
    EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, out.shares, g));
}

TEST(AllocationGame, JacobiDetectsOscillationAndDampingConverges)
{
    // 10 identical devices; alone, offloading (cost 0.31 s) beats local (0.6 s); when all
    // offload, the congestion price makes local better. Simultaneous moves flip all together.
    GameParams g{1e12, 0.0, 4e-23, 1e-9, 500};
    std::vector<GamePlayer> players(10, GamePlayer{{{0.01, 1e10}}, 0.6, 1.0});
    DynamicsOptions opt;
    opt.damping = 1.0;
    const GameOutcome wild = AllocationGame::RunJacobi(players, g, opt);
    EXPECT_TRUE(wild.oscillating);
    EXPECT_FALSE(wild.converged);
    EXPECT_EQ(wild.stopReason, "oscillation");
    EXPECT_LT(wild.rounds, 50u);
    EXPECT_LE(AllocationGame::Sum(wild.shares), g.capacity);
    // the sequential dynamics break the symmetry and converge
    const GameOutcome seqWild = AllocationGame::RunSequential(players, g);
    EXPECT_TRUE(seqWild.converged);
    EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, seqWild.shares, g));

    // Local is never attractive (10 s): the potential is strictly convex around the interior
    // equilibrium, which is unique; damped Jacobi reaches it.
    for (auto& p : players)
    {
        p.localLatency = 10.0;
    }
    opt.damping = 0.5;
    g.maxRounds = 5000;
    const GameOutcome calm = AllocationGame::RunJacobi(players, g, opt);
    EXPECT_TRUE(calm.converged) << calm.stopReason;
    EXPECT_FALSE(calm.oscillating);
    EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, calm.shares, g));
    const GameOutcome seq = AllocationGame::RunSequential(players, g);
    EXPECT_TRUE(seq.converged);
    EXPECT_NEAR(seq.potential.back(), calm.potential.back(), 1e-6 * seq.potential.back());
    // symmetric interior equilibrium: 2 kappa f^3 + kappa 9 f f^2 = b -> f = cbrt(b / (11 kappa))
    const double fStar = std::cbrt(1e10 / (11 * 4e-23));
    for (double f : calm.shares)
    {
        EXPECT_NEAR(f, fStar, 1e-3 * fStar);
    }
}

TEST(AllocationGame, JacobiOnRandomGamesKeepsCapacity)
{
    std::mt19937_64 rng(16);
    int converged = 0;
    for (int t = 0; t < 100; ++t)
    {
        const std::size_t n = 2 + rng() % 30;
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, n, &g);
        g.maxRounds = 2000;
        DynamicsOptions opt;
        opt.damping = t % 3 == 0 ? 1.0 : 0.3;
        bool capacityOk = true;
        std::vector<double> f(n, 0.0);
        opt.onMove = [&](const GameMove& m) {
            f[m.device] = m.newShare;
            capacityOk = capacityOk && m.newShare >= 0;
        };
        const GameOutcome out = AllocationGame::RunJacobi(players, g, opt);
        EXPECT_TRUE(capacityOk);
        EXPECT_EQ(f, out.shares);
        EXPECT_LE(AllocationGame::Sum(out.shares), g.capacity) << "t=" << t;
        EXPECT_TRUE(out.converged || out.oscillating || out.rounds == g.maxRounds);
        if (out.converged)
        {
            ++converged;
            EXPECT_TRUE(AllocationGame::IsEpsilonNash(players, out.shares, g)) << "t=" << t;
        }
    }
    EXPECT_GT(converged, 0);
}

TEST(AllocationGame, EpsilonNashCheckRejectsNonEquilibria)
{
    std::mt19937_64 rng(17);
    int rejected = 0;
    for (int t = 0; t < 50; ++t)
    {
        GameParams g;
        const std::vector<GamePlayer> players = RandomGame(rng, 10, &g);
        const GameOutcome out = AllocationGame::RunSequential(players, g);
        ASSERT_TRUE(AllocationGame::IsEpsilonNash(players, out.shares, g));
        // perturb one offloading device's share: a strict improvement must be detected
        for (std::size_t i = 0; i < players.size(); ++i)
        {
            if (out.shares[i] > 0)
            {
                std::vector<double> f = out.shares;
                f[i] *= 0.5;
                const double others = AllocationGame::Sum(f) - f[i];
                const double gain = AllocationGame::Cost(players[i], f[i], others, g) -
                                    AllocationGame::BestResponse(players[i], others, g).cost;
                if (gain > 2 * g.epsilon + 1e-9)
                {
                    EXPECT_FALSE(AllocationGame::IsEpsilonNash(players, f, g)) << "t=" << t;
                    EXPECT_GE(AllocationGame::MaxUnilateralGain(players, f, g), gain * (1 - 1e-9));
                }
                rejected += gain > 2 * g.epsilon ? 1 : 0;
                break;
            }
        }
    }
    EXPECT_GT(rejected, 10);
}

TEST(AllocationGame, ValidationNamesDeviceAndField)
{
    GameParams g{1e12, 1e-13, 1e-25, 1e-9, 100};
    std::vector<GamePlayer> players(3, GamePlayer{{{0.01, 1e10}}, 0.5, 1.0});
    players[2].lambda = 0;
    try
    {
        AllocationGame::RunSequential(players, g);
        FAIL() << "no error";
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("device 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("'lambda'"), std::string::npos) << e.what();
    }
    players[2].lambda = 1;
    players[1].curves[0].b = -1;
    EXPECT_THROW(AllocationGame::Validate(players, g), DnnSurgeryError);
    players[1].curves[0].b = 1e10;
    g.capacity = std::nan("");
    EXPECT_THROW(AllocationGame::Validate(players, g), DnnSurgeryError);
    g.capacity = 1e12;
    g.maxRounds = 0;
    EXPECT_THROW(AllocationGame::Validate(players, g), DnnSurgeryError);
}
