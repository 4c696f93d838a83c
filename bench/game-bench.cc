/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Google Benchmark of the allocation game: envelope setup and equilibrium time, separately,
 * for N = 10, 100, 1,000 and 10,000 devices with mixed envelopes (target: equilibrium of
 * 1,000 devices < 50 ms once the envelopes exist).
 *
 * Two populations:
 * - Synthetic envelopes (random, real-looking, 1-6 curves, test/gtest/random-game.h), with a
 *   server provisioned at 1e11 FLOP/s per device.
 * - Real envelopes: device i runs bundled model i mod 10 on device class i mod 3 (rpi4,
 *   jetson-nano, phone) with an uplink log-uniform in 5..100 Mbit/s (downlink 2x, RTT 10 ms);
 *   the server (edge-gpu profile) is provisioned at F = N x 8.1e12 / 20 FLOP/s, and the unit
 *   prices are those of dnn-surgery-game's default at N = 20 (p0 F = 0.2 s, kappa F^2 = 0.5 s
 *   for F = 8.1e12), kept per unit of share so that the game looks alike at every N.
 *   "EnvelopeSetupModels" is the partitioner's work (one MinCutPartitioner and one envelope per
 *   device), "EquilibriumModels" the game's once the envelopes exist, and
 *   "NaiveEquilibriumModels" the baseline without envelopes: the same sequential dynamics whose
 *   best response evaluates a grid of 64 shares in (0, F - S_-i] with one min-cut each.
 */

#include "../test/gtest/random-game.h"

#include "ns3/allocation-game.h"
#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/game-player-adapter.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/social-optimum.h"

#include <benchmark/benchmark.h>
#include <map>
#include <memory>

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

/** A population of devices with real envelopes. */
struct RealGame
{
    std::vector<std::shared_ptr<MinCutPartitioner>> cutters; //!< one per device
    std::vector<GamePlayer> players;                         //!< one per device
    GameParams params;                                       //!< server parameters
};

/** The bundled models and device classes, loaded once. */
struct Catalogue
{
    std::vector<DnnGraph> graphs;        //!< bundled models
    std::vector<ComputeProfile> classes; //!< device classes
    ComputeProfile server;               //!< server class
};

const Catalogue&
GetCatalogue()
{
    static const Catalogue c = [] {
        Catalogue k;
        for (const std::string& f : DnnGraphReader::ListModelFiles())
        {
            k.graphs.push_back(DnnGraphReader::ReadFile(f));
        }
        for (const char* d : {"rpi4", "jetson-nano", "phone"})
        {
            k.classes.push_back(ComputeProfile::Get(d));
        }
        k.server = ComputeProfile::Get("edge-gpu");
        return k;
    }();
    return c;
}

/** Build n devices with their partitioners and envelopes (the partitioner's work). */
RealGame
BuildRealGame(std::size_t n)
{
    const Catalogue& cat = GetCatalogue();
    RealGame g;
    const double perDevice = 8.1e12 / 20;
    g.params.capacity = perDevice * static_cast<double>(n);
    g.params.p0 = 0.2 / 8.1e12;
    g.params.kappa = 0.5 / (8.1e12 * 8.1e12) * (8.1e12 / g.params.capacity);
    g.params.epsilon = 1e-6;
    g.params.maxRounds = 1000;
    std::mt19937_64 rng(7);
    for (std::size_t i = 0; i < n; ++i)
    {
        const double up = 5e6 * std::pow(20.0, std::uniform_real_distribution<double>(0, 1)(rng));
        auto cutter = std::make_shared<MinCutPartitioner>(cat.graphs[i % cat.graphs.size()],
                                                          cat.classes[i % cat.classes.size()],
                                                          cat.server,
                                                          LinkRates{up, 2 * up, 0.01});
        g.players.push_back(MakeGamePlayer(cutter->ComputeEnvelope(g.params.capacity), 1.0));
        g.cutters.push_back(cutter);
    }
    return g;
}

/** The real game of n devices, built once. */
const RealGame&
CachedRealGame(std::size_t n)
{
    static std::map<std::size_t, RealGame> cache;
    auto it = cache.find(n);
    if (it == cache.end())
    {
        it = cache.emplace(n, BuildRealGame(n)).first;
    }
    return it->second;
}

/** Naive best response: 64 shares in (0, F - S_-i], one min-cut each, and all-local. */
BestResponseResult
NaiveBestResponse(const MinCutPartitioner& cutter,
                  double localLatency,
                  double lambda,
                  double others,
                  const GameParams& g)
{
    BestResponseResult best{0.0, -1, localLatency, localLatency};
    const double remaining = g.capacity - others;
    for (int k = 1; k <= 64 && remaining > 0; ++k)
    {
        const double f = remaining * k / 64;
        const double latency = cutter.Solve(f).cost.Latency(f);
        const double cost = latency + lambda * f * (g.p0 + g.kappa * (f + others));
        if (cost < best.cost)
        {
            best = {f, 0, cost, latency};
        }
    }
    return best;
}

} // namespace

/** Envelope setup from the bundled models: partitioner + envelope for every device. */
static void
BM_EnvelopeSetupModels(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    GetCatalogue(); // reading the JSON profiles is not part of the setup
    std::size_t curves = 0;
    for (auto _ : state)
    {
        RealGame g = BuildRealGame(n);
        curves = 0;
        for (const auto& p : g.players)
        {
            curves += p.curves.size();
        }
        benchmark::DoNotOptimize(g.players.data());
    }
    state.counters["curves_per_device"] = static_cast<double>(curves) / n;
}

BENCHMARK(BM_EnvelopeSetupModels)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EnvelopeSetupModels)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

/** Equilibrium on real envelopes (computed beforehand, outside the timing). */
static void
BM_EquilibriumModels(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    const RealGame& g = CachedRealGame(n);
    GameOutcome out;
    for (auto _ : state)
    {
        out = AllocationGame::RunSequential(g.players, g.params);
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
    state.counters["used_F"] = AllocationGame::Sum(out.shares) / g.params.capacity;
}

BENCHMARK(BM_EquilibriumModels)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

/**
 * Baseline: the same sequential dynamics with the naive best response (64 min-cuts per
 * decision), to convergence (or 50 rounds).
 */
static void
BM_NaiveEquilibriumModels(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    const RealGame& g = CachedRealGame(n);
    uint32_t rounds = 0;
    uint64_t minCuts = 0;
    for (auto _ : state)
    {
        std::vector<double> f(n, 0.0);
        double total = 0;
        minCuts = 0;
        for (rounds = 1; rounds <= 50; ++rounds)
        {
            uint32_t moves = 0;
            for (std::size_t i = 0; i < n; ++i)
            {
                const double others = std::max(0.0, total - f[i]);
                const auto br = NaiveBestResponse(*g.cutters[i],
                                                  g.players[i].localLatency,
                                                  g.players[i].lambda,
                                                  others,
                                                  g.params);
                minCuts += 64;
                const double current =
                    f[i] > 0 ? AllocationGame::Cost(g.players[i], f[i], others, g.params)
                             : g.players[i].localLatency;
                if (current - br.cost > g.params.epsilon)
                {
                    f[i] = br.share;
                    total = others + br.share;
                    ++moves;
                }
            }
            if (moves == 0)
            {
                break;
            }
        }
        benchmark::DoNotOptimize(f.data());
    }
    state.counters["rounds"] = rounds;
    state.counters["min_cuts"] = static_cast<double>(minCuts);
}

BENCHMARK(BM_NaiveEquilibriumModels)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond);

/** One naive best response (64 min-cuts) vs one closed-form one, averaged over 1000 devices. */
static void
BM_NaiveBestResponseModels(benchmark::State& state)
{
    const RealGame& g = CachedRealGame(1000);
    std::size_t i = 0;
    for (auto _ : state)
    {
        auto br = NaiveBestResponse(*g.cutters[i],
                                    g.players[i].localLatency,
                                    g.players[i].lambda,
                                    0.5 * g.params.capacity,
                                    g.params);
        benchmark::DoNotOptimize(br);
        i = (i + 1) % g.players.size();
    }
}

BENCHMARK(BM_NaiveBestResponseModels)->Unit(benchmark::kMicrosecond);

/** One closed-form best response on the same real envelopes. */
static void
BM_BestResponseModels(benchmark::State& state)
{
    const RealGame& g = CachedRealGame(1000);
    std::size_t i = 0;
    for (auto _ : state)
    {
        auto br = AllocationGame::BestResponse(g.players[i], 0.5 * g.params.capacity, g.params);
        benchmark::DoNotOptimize(br);
        i = (i + 1) % g.players.size();
    }
}

BENCHMARK(BM_BestResponseModels);

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
