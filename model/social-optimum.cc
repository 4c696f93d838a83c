/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "social-optimum.h"

#include "dnn-surgery-error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * Implementation of the grid social optimum and the price of anarchy.
 */

namespace ns3
{

namespace
{

/**
 * \brief min_{0 <= f <= F} [T*(f) + mu f] for one player, and the minimiser.
 * \param player the player
 * \param mu the multiplier (>= 0)
 * \param capacity F
 * \param argmin receives the minimising share
 * \return the minimum
 */
double
InnerMin(const GamePlayer& player, double mu, double capacity, double* argmin)
{
    double best = player.localLatency;
    *argmin = 0;
    for (const LatencyCurve& c : player.curves)
    {
        // a + b/f + mu f is convex in f > 0: minimiser sqrt(b / mu), clamped to F.
        const double f = mu > 0 ? std::min(std::sqrt(c.b / mu), capacity) : capacity;
        const double v = c.a + c.b / f + mu * f;
        if (v < best)
        {
            best = v;
            *argmin = f;
        }
    }
    return best;
}

} // namespace

double
SocialOptimum::SumLatency(const std::vector<GamePlayer>& players, const std::vector<double>& shares)
{
    double s = 0;
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        s += AllocationGame::Latency(players[i], shares[i]);
    }
    return s;
}

std::vector<double>
SocialOptimum::SnapDown(const std::vector<double>& shares, double capacity, uint32_t gridLevels)
{
    const double step = capacity / gridLevels;
    std::vector<double> out(shares.size());
    for (std::size_t i = 0; i < shares.size(); ++i)
    {
        double k = std::floor(shares[i] / step);
        // Guard against a share that is a grid point up to rounding being pushed one level down
        // (or up): take the largest level whose value does not exceed the share.
        while (k > 0 && k * step > shares[i])
        {
            k -= 1;
        }
        while ((k + 1) * step <= shares[i])
        {
            k += 1;
        }
        out[i] = std::max(0.0, k) * step;
    }
    return out;
}

double
SocialOptimum::LowerBound(const std::vector<GamePlayer>& players, double capacity)
{
    // L(mu) = sum_i min_f [T*_i(f) + mu f] - mu F is concave; its supergradient is
    // sum_i argmin_i(mu) - F, non-increasing in mu. Bisection (in log mu) on its sign.
    auto dual = [&](double mu, double* grad) {
        double v = -mu * capacity;
        double used = 0;
        for (const GamePlayer& p : players)
        {
            double f = 0;
            v += InnerMin(p, mu, capacity, &f);
            used += f;
        }
        *grad = used - capacity;
        return v;
    };
    double grad = 0;
    double best = dual(0, &grad);
    if (grad <= 0)
    {
        return best; // mu = 0 is optimal: the capacity does not bind
    }
    // Above muMax every device is local at the minimiser (a + 2 sqrt(b mu) >= A_local).
    double muMax = 0;
    for (const GamePlayer& p : players)
    {
        for (const LatencyCurve& c : p.curves)
        {
            const double gap = std::max(0.0, p.localLatency - c.a);
            muMax = std::max(muMax, gap * gap / (4 * c.b));
            // clamped case: the minimiser is F when sqrt(b/mu) > F, i.e. mu < b / F^2
            muMax = std::max(muMax, c.b / (capacity * capacity));
        }
    }
    if (muMax <= 0)
    {
        return best;
    }
    double lo = std::log(muMax) - 80; // e^-80: far below any binding multiplier
    double hi = std::log(muMax) + 1;
    for (int it = 0; it < 200 && hi - lo > 1e-13; ++it)
    {
        const double mid = 0.5 * (lo + hi);
        double g = 0;
        const double v = dual(std::exp(mid), &g);
        best = std::max(best, v);
        if (g > 0)
        {
            lo = mid;
        }
        else
        {
            hi = mid;
        }
    }
    best = std::max(best, dual(std::exp(lo), &grad));
    best = std::max(best, dual(std::exp(hi), &grad));
    return best;
}

OptimumResult
SocialOptimum::Solve(const std::vector<GamePlayer>& players,
                     const GameParams& params,
                     uint32_t gridLevels)
{
    AllocationGame::Validate(players, params);
    if (gridLevels < 1)
    {
        throw DnnSurgeryError("social optimum: field 'gridLevels': must be >= 1 (got 0)");
    }
    const std::size_t n = players.size();
    const uint32_t kMax = gridLevels;
    const double step = params.capacity / kMax;
    OptimumResult r;
    r.gridLevels = kMax;
    r.gridStep = step;

    // V(k): min sum of latencies of the devices so far using at most k levels.
    std::vector<double> value(kMax + 1, 0.0);
    std::vector<double> next(kMax + 1);
    std::vector<double> latency(kMax + 1);
    std::vector<uint32_t> choice(n * (static_cast<std::size_t>(kMax) + 1));
    for (std::size_t i = 0; i < n; ++i)
    {
        for (uint32_t j = 0; j <= kMax; ++j)
        {
            latency[j] = AllocationGame::Latency(players[i], j * step);
        }
        uint32_t* back = &choice[i * (static_cast<std::size_t>(kMax) + 1)];
        for (uint32_t k = 0; k <= kMax; ++k)
        {
            double best = value[k] + latency[0];
            uint32_t arg = 0;
            for (uint32_t j = 1; j <= k; ++j)
            {
                const double v = value[k - j] + latency[j];
                if (v < best)
                {
                    best = v;
                    arg = j;
                }
            }
            next[k] = best;
            back[k] = arg;
        }
        value.swap(next);
    }
    // Backtrack from k = K (V is non-increasing in k, so K is optimal).
    r.levels.assign(n, 0);
    uint32_t k = kMax;
    for (std::size_t i = n; i-- > 0;)
    {
        const uint32_t j = choice[i * (static_cast<std::size_t>(kMax) + 1) + k];
        r.levels[i] = j;
        k -= j;
    }
    r.shares.resize(n);
    r.curves.resize(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        r.shares[i] = r.levels[i] * step;
    }
    // sum k_i <= K holds exactly; the products k_i Delta may round a few ulps above F.
    AllocationGame::ClampToCapacity(r.shares, params.capacity);
    for (std::size_t i = 0; i < n; ++i)
    {
        r.curves[i] = AllocationGame::BestCurve(players[i], r.shares[i]);
    }
    r.sumLatency = SumLatency(players, r.shares);

    // Polish: keep the placements, re-allocate F continuously, f_i ~ sqrt(b_i).
    double sqrtSum = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        if (r.curves[i] >= 0)
        {
            sqrtSum += std::sqrt(players[i].curves[r.curves[i]].b);
        }
    }
    r.polishedShares.assign(n, 0.0);
    if (sqrtSum > 0)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            if (r.curves[i] >= 0)
            {
                r.polishedShares[i] =
                    params.capacity * std::sqrt(players[i].curves[r.curves[i]].b) / sqrtSum;
            }
        }
        AllocationGame::ClampToCapacity(r.polishedShares, params.capacity);
    }
    r.polishedSum = SumLatency(players, r.polishedShares);
    if (r.polishedSum > r.sumLatency)
    {
        // Only possible by rounding: keep the grid solution as the polished one.
        r.polishedShares = r.shares;
        r.polishedSum = r.sumLatency;
    }
    r.lowerBound = std::min(LowerBound(players, params.capacity), r.polishedSum);
    return r;
}

PriceOfAnarchyResult
SocialOptimum::PriceOfAnarchy(const std::vector<GamePlayer>& players,
                              const GameParams& params,
                              const std::vector<double>& equilibrium,
                              const OptimumResult& optimum)
{
    if (equilibrium.size() != players.size() || optimum.shares.size() != players.size())
    {
        throw DnnSurgeryError("price of anarchy: field 'shares': sizes must equal the number of "
                              "devices (got " +
                              std::to_string(equilibrium.size()) + " and " +
                              std::to_string(optimum.shares.size()) + " for " +
                              std::to_string(players.size()) + ")");
    }
    PriceOfAnarchyResult r;
    r.equilibriumSum = SumLatency(players, equilibrium);
    r.equilibriumGridSum =
        SumLatency(players, SnapDown(equilibrium, params.capacity, optimum.gridLevels));
    r.optimumGridSum = optimum.sumLatency;
    r.optimumUpper = std::min(optimum.sumLatency, optimum.polishedSum);
    r.optimumLower = optimum.lowerBound;
    const double inf = std::numeric_limits<double>::infinity();
    r.poaGrid = r.optimumGridSum > 0 ? r.equilibriumGridSum / r.optimumGridSum : 1.0;
    r.poaExact = r.optimumGridSum > 0 ? r.equilibriumSum / r.optimumGridSum : 1.0;
    r.poaLow = r.optimumUpper > 0 ? std::max(1.0, r.equilibriumSum / r.optimumUpper) : 1.0;
    r.poaHigh = r.optimumLower > 0 ? r.equilibriumSum / r.optimumLower : inf;
    return r;
}

} // namespace ns3
