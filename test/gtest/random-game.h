/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_TEST_RANDOM_GAME_H
#define DNN_SURGERY_TEST_RANDOM_GAME_H

#include "ns3/allocation-game.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

/**
 * \file
 * Random synthetic games for the tests and benchmarks of the allocation game. The envelopes
 * look like real ones: curve k has more work on the server than curve k-1 (b increasing) and
 * less device/transfer time (a decreasing), and each is the best placement on an interval of
 * shares [f_k, f_{k+1}) with increasing breakpoints (a real lower envelope), plus sometimes a
 * dominated curve and a shuffled order, which the game must tolerate.
 */

namespace ns3
{
namespace testing
{

/**
 * \brief Log-uniform sample in [lo, hi].
 * \param rng generator
 * \param lo lower bound (> 0)
 * \param hi upper bound
 * \return the sample
 */
inline double
LogUniform(std::mt19937_64& rng, double lo, double hi)
{
    std::uniform_real_distribution<double> u(std::log(lo), std::log(hi));
    return std::exp(u(rng));
}

/**
 * \brief A random player whose envelope looks like a real one.
 * \param rng generator
 * \param capacity F
 * \param maxCurves largest number of envelope curves (1..6)
 * \return the player
 */
inline GamePlayer
RandomPlayer(std::mt19937_64& rng, double capacity, int maxCurves = 6)
{
    std::uniform_int_distribution<int> nDist(1, maxCurves);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    GamePlayer p;
    p.localLatency = LogUniform(rng, 0.02, 2.0); // A_local (s)
    p.lambda = LogUniform(rng, 0.1, 10.0);
    const int n = nDist(rng);
    for (int attempt = 0; attempt < 100 && p.curves.empty(); ++attempt)
    {
        // Full offload at the whole server is 5..300x faster than local.
        const double bMax = p.localLatency * capacity / LogUniform(rng, 5.0, 300.0);
        std::vector<double> frac(n);
        for (double& x : frac)
        {
            x = LogUniform(rng, 0.01, 1.0);
        }
        std::sort(frac.begin(), frac.end());
        frac.back() = 1.0;
        std::vector<double> breaks(n);
        for (double& x : breaks)
        {
            x = capacity * LogUniform(rng, 0.002, 2.0);
        }
        std::sort(breaks.begin(), breaks.end());
        double a = p.localLatency;
        double b = 0;
        std::vector<LatencyCurve> curves;
        bool ok = true;
        for (int k = 0; k < n; ++k)
        {
            const double bk = bMax * frac[k];
            if (bk <= b * (1 + 1e-9))
            {
                continue; // equal work: not a distinct envelope curve
            }
            // curve k crosses curve k-1 at breaks[k]: a + b/f = ak + bk/f
            const double ak = a - (bk - b) / breaks[k];
            if (ak < 0.001) // at least 1 ms of transfer + RTT
            {
                ok = false;
                break;
            }
            curves.push_back({ak, bk});
            a = ak;
            b = bk;
        }
        if (ok && !curves.empty())
        {
            p.curves = curves;
        }
    }
    if (p.curves.empty())
    {
        p.curves.push_back({0.5 * p.localLatency, 0.1 * p.localLatency * capacity});
    }
    if (u01(rng) < 0.2)
    {
        // a dominated candidate (worse than local everywhere)
        p.curves.push_back(
            {p.localLatency * (1 + u01(rng)), LogUniform(rng, 1e-3, 1.0) * capacity});
    }
    if (u01(rng) < 0.3)
    {
        std::shuffle(p.curves.begin(), p.curves.end(), rng);
    }
    return p;
}

/**
 * \brief Random server parameters scaled so that prices matter at shares around F / N.
 * \param rng generator
 * \param n number of devices
 * \return the parameters
 */
inline GameParams
RandomParams(std::mt19937_64& rng, std::size_t n)
{
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    GameParams g;
    g.capacity = LogUniform(rng, 1e11, 1e13);
    const double typical = 0.2; // s
    const double f = g.capacity / std::max<std::size_t>(n, 1);
    g.p0 = u01(rng) < 0.1 ? 0.0 : LogUniform(rng, 1e-4, 1.0) * typical / f;
    g.kappa = u01(rng) < 0.1 ? 0.0 : LogUniform(rng, 1e-4, 1.0) * typical / (f * g.capacity);
    const double eps[] = {1e-9, 1e-7, 1e-5};
    g.epsilon = eps[std::uniform_int_distribution<int>(0, 2)(rng)];
    g.maxRounds = 100000;
    return g;
}

/**
 * \brief A random game.
 * \param rng generator
 * \param n number of devices
 * \param params receives the parameters
 * \return the players
 */
inline std::vector<GamePlayer>
RandomGame(std::mt19937_64& rng, std::size_t n, GameParams* params)
{
    *params = RandomParams(rng, n);
    std::vector<GamePlayer> players;
    for (std::size_t i = 0; i < n; ++i)
    {
        players.push_back(RandomPlayer(rng, params->capacity));
    }
    return players;
}

/**
 * \brief A random game whose server grows with the number of devices: F = n x 1e11 FLOP/s and
 * every envelope is drawn for a reference server of 10 F / n, so that a sizeable fraction of
 * the devices offloads at any n (RandomGame keeps F independent of n: capacity gets scarce).
 * \param rng generator
 * \param n number of devices
 * \param params receives the parameters
 * \return the players
 */
inline std::vector<GamePlayer>
RandomProvisionedGame(std::mt19937_64& rng, std::size_t n, GameParams* params)
{
    *params = RandomParams(rng, n);
    params->capacity = 1e11 * static_cast<double>(n);
    // prices were drawn relative to F / n; rescale them to the new F
    const double f = params->capacity / static_cast<double>(n);
    params->p0 = params->p0 > 0 ? LogUniform(rng, 1e-4, 1.0) * 0.2 / f : 0.0;
    params->kappa =
        params->kappa > 0 ? LogUniform(rng, 1e-4, 1.0) * 0.2 / (f * params->capacity) : 0.0;
    std::vector<GamePlayer> players;
    for (std::size_t i = 0; i < n; ++i)
    {
        players.push_back(RandomPlayer(rng, 10 * f));
    }
    return players;
}

} // namespace testing
} // namespace ns3

#endif /* DNN_SURGERY_TEST_RANDOM_GAME_H */
