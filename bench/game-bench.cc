/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Google Benchmark of the allocation game: envelope setup and equilibrium time, separately,
 * for N = 10, 100, 1,000 and 10,000 devices with mixed envelopes (target: equilibrium of
 * 1,000 devices < 50 ms once the envelopes exist).
 *
 * Synthetic envelopes (random, real-looking, 1-6 curves, test/gtest/random-game.h), with a
 * server provisioned at 1e11 FLOP/s per device.
 */

#include "../test/gtest/random-game.h"

#include "ns3/allocation-game.h"
#include "ns3/social-optimum.h"

#include <benchmark/benchmark.h>

using namespace ns3;

namespace
{

/** A reproducible synthetic game of n devices. */
std::vector<GamePlayer>
SyntheticGame(std::size_t n, GameParams* params)
{
    std::mt19937_64 rng(2024 + n);
    return testing::RandomProvisionedGame(rng, n, params);
}

} // namespace

/** Envelope setup, synthetic: drawing N random envelopes (the partitioner's cost comes later). */
static void
BM_EnvelopeSetupSynthetic(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    for (auto _ : state)
    {
        GameParams g;
        auto players = SyntheticGame(n, &g);
        benchmark::DoNotOptimize(players.data());
    }
    state.counters["devices"] = static_cast<double>(n);
}

BENCHMARK(BM_EnvelopeSetupSynthetic)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

/** Equilibrium: sequential best responses from zero to convergence (envelopes given). */
static void
BM_EquilibriumSequential(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    GameParams g;
    const auto players = SyntheticGame(n, &g);
    GameOutcome out;
    for (auto _ : state)
    {
        out = AllocationGame::RunSequential(players, g);
        benchmark::DoNotOptimize(out.shares.data());
    }
    state.counters["rounds"] = out.rounds;
    state.counters["moves"] = out.moves;
    state.counters["converged"] = out.converged ? 1 : 0;
    uint32_t offloading = 0;
    for (int c : out.curves)
    {
        offloading += c >= 0 ? 1 : 0;
    }
    state.counters["offloading"] = offloading;
}

BENCHMARK(BM_EquilibriumSequential)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

/** Equilibrium by damped Jacobi dynamics (d = 0.5), for comparison. */
static void
BM_EquilibriumJacobi(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    GameParams g;
    const auto players = SyntheticGame(n, &g);
    g.maxRounds = 2000;
    DynamicsOptions opt;
    opt.damping = 0.5;
    GameOutcome out;
    for (auto _ : state)
    {
        out = AllocationGame::RunJacobi(players, g, opt);
        benchmark::DoNotOptimize(out.shares.data());
    }
    state.counters["rounds"] = out.rounds;
    state.counters["converged"] = out.converged ? 1 : 0;
    state.counters["oscillating"] = out.oscillating ? 1 : 0;
}

BENCHMARK(BM_EquilibriumJacobi)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

/** One closed-form best response (envelope scan). */
static void
BM_BestResponse(benchmark::State& state)
{
    GameParams g;
    const auto players = SyntheticGame(1000, &g);
    std::size_t i = 0;
    for (auto _ : state)
    {
        auto br = AllocationGame::BestResponse(players[i], 0.5 * g.capacity, g);
        benchmark::DoNotOptimize(br);
        i = (i + 1) % players.size();
    }
}

BENCHMARK(BM_BestResponse);

/** The grid social optimum (K = 1000 levels), O(N K^2). */
static void
BM_SocialOptimum(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    GameParams g;
    const auto players = SyntheticGame(n, &g);
    for (auto _ : state)
    {
        auto r = SocialOptimum::Solve(players, g, 1000);
        benchmark::DoNotOptimize(r.sumLatency);
    }
}

BENCHMARK(BM_SocialOptimum)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
