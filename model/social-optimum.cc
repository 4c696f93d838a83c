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

double
SocialOptimum::GameObjective(const std::vector<GamePlayer>& players,
                             const std::vector<double>& shares,
                             const GameParams& params)
{
    if (shares.size() != players.size())
    {
        throw DnnSurgeryError("game objective: field 'shares': size must equal the number of "
                              "devices (got " +
                              std::to_string(shares.size()) + " for " +
                              std::to_string(players.size()) + ")");
    }
    const double total = AllocationGame::Sum(shares);
    double sum = 0;
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        sum +=
            AllocationGame::Cost(players[i], shares[i], std::max(0.0, total - shares[i]), params);
    }
    return sum;
}

namespace
{

/**
 * \brief Coordinate descent on sum_i J_i from a feasible profile.
 * \param players the players
 * \param params server parameters
 * \param shares the profile, improved in place
 * \return sum_i J_i at the final profile
 */
double
PolishGameObjective(const std::vector<GamePlayer>& players,
                    const GameParams& params,
                    std::vector<double>& shares)
{
    double best = SocialOptimum::GameObjective(players, shares, params);
    const std::size_t n = players.size();
    std::vector<double> trial = shares;
    auto value = [&](std::size_t i, double f) {
        trial[i] = f;
        return SocialOptimum::GameObjective(players, trial, params);
    };
    for (int round = 0; round < 50; ++round)
    {
        const double before = best;
        for (std::size_t i = 0; i < n; ++i)
        {
            trial = shares;
            trial[i] = 0;
            const double room = std::max(0.0, params.capacity - AllocationGame::Sum(trial));
            if (!(room > 0))
            {
                continue;
            }
            const int points = 64;
            double argF = shares[i];
            double argV = best;
            int argK = -1;
            for (int k = 0; k <= points; ++k)
            {
                const double f = room * k / points;
                const double v = value(i, f);
                if (v < argV)
                {
                    argV = v;
                    argF = f;
                    argK = k;
                }
            }
            if (argK >= 0)
            {
                // Golden section on the bracket around the best scan point.
                double lo = room * std::max(0, argK - 1) / points;
                double hi = room * std::min(points, argK + 1) / points;
                const double g = 0.5 * (std::sqrt(5.0) - 1);
                double x1 = hi - g * (hi - lo);
                double x2 = lo + g * (hi - lo);
                double v1 = value(i, x1);
                double v2 = value(i, x2);
                for (int it = 0; it < 80 && hi - lo > 1e-12 * room; ++it)
                {
                    if (v1 < v2)
                    {
                        hi = x2;
                        x2 = x1;
                        v2 = v1;
                        x1 = hi - g * (hi - lo);
                        v1 = value(i, x1);
                    }
                    else
                    {
                        lo = x1;
                        x1 = x2;
                        v1 = v2;
                        x2 = lo + g * (hi - lo);
                        v2 = value(i, x2);
                    }
                }
                if (v1 < argV)
                {
                    argV = v1;
                    argF = x1;
                }
                if (v2 < argV)
                {
                    argV = v2;
                    argF = x2;
                }
            }
            if (argV < best)
            {
                shares[i] = argF;
                AllocationGame::ClampToCapacity(shares, params.capacity);
                best = SocialOptimum::GameObjective(players, shares, params);
            }
        }
        if (!(best < before - 1e-13 * std::abs(before)))
        {
            break;
        }
    }
    return best;
}

} // namespace

GameObjectiveOptimum
SocialOptimum::SolveGameObjective(const std::vector<GamePlayer>& players,
                                  const GameParams& params,
                                  uint32_t gridLevels,
                                  const std::vector<double>& start)
{
    AllocationGame::Validate(players, params);
    if (gridLevels < 1)
    {
        throw DnnSurgeryError("game objective optimum: field 'gridLevels': must be >= 1 (got 0)");
    }
    if (!start.empty() && start.size() != players.size())
    {
        throw DnnSurgeryError("game objective optimum: field 'start': size must equal the "
                              "number of devices (got " +
                              std::to_string(start.size()) + " for " +
                              std::to_string(players.size()) + ")");
    }
    const std::size_t n = players.size();
    const uint32_t kMax = gridLevels;
    const double step = params.capacity / kMax;
    const double inf = std::numeric_limits<double>::infinity();
    // latency[i][j] = T*_i(j Delta), weight[i] = w_i
    std::vector<std::vector<double>> latency(n, std::vector<double>(kMax + 1));
    std::vector<double> weight(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        weight[i] = AllocationGame::PaymentWeight(players[i]);
        for (uint32_t j = 0; j <= kMax; ++j)
        {
            latency[i][j] = AllocationGame::Latency(players[i], j * step);
        }
    }
    GameObjectiveOptimum r;
    r.gridLevels = kMax;
    r.gridSum = inf;
    std::vector<uint32_t> bestLevels(n, 0);
    std::vector<double> value(kMax + 1);
    std::vector<double> next(kMax + 1);
    std::vector<uint32_t> choice(n * (static_cast<std::size_t>(kMax) + 1));
    for (uint32_t total = 0; total <= kMax; ++total)
    {
        const double price = params.p0 + params.kappa * total * step;
        // V(k): min over the devices so far using exactly k levels.
        std::fill(value.begin(), value.end(), inf);
        value[0] = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            uint32_t* back = &choice[i * (static_cast<std::size_t>(kMax) + 1)];
            for (uint32_t k = 0; k <= total; ++k)
            {
                double best = inf;
                uint32_t arg = 0;
                for (uint32_t j = 0; j <= k; ++j)
                {
                    if (value[k - j] == inf)
                    {
                        continue;
                    }
                    const double v = value[k - j] + latency[i][j] + weight[i] * j * step * price;
                    if (v < best)
                    {
                        best = v;
                        arg = j;
                    }
                }
                next[k] = best;
                back[k] = arg;
            }
            std::copy(next.begin(), next.begin() + total + 1, value.begin());
        }
        if (value[total] < r.gridSum)
        {
            r.gridSum = value[total];
            uint32_t k = total;
            for (std::size_t i = n; i-- > 0;)
            {
                const uint32_t j = choice[i * (static_cast<std::size_t>(kMax) + 1) + k];
                bestLevels[i] = j;
                k -= j;
            }
        }
    }
    r.shares.resize(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        r.shares[i] = bestLevels[i] * step;
    }
    AllocationGame::ClampToCapacity(r.shares, params.capacity);
    r.gridSum = std::min(r.gridSum, GameObjective(players, r.shares, params));
    r.sumCost = PolishGameObjective(players, params, r.shares);
    if (!start.empty())
    {
        std::vector<double> other = start;
        AllocationGame::ClampToCapacity(other, params.capacity);
        const double v = PolishGameObjective(players, params, other);
        if (v < r.sumCost)
        {
            r.sumCost = v;
            r.shares = other;
        }
    }
    return r;
}

GameObjectivePoaResult
SocialOptimum::GameObjectivePriceOfAnarchy(const std::vector<GamePlayer>& players,
                                           const GameParams& params,
                                           const std::vector<double>& equilibrium,
                                           const GameObjectiveOptimum& optimum)
{
    GameObjectivePoaResult r;
    r.equilibriumSum = GameObjective(players, equilibrium, params);
    r.optimumSum = std::min(optimum.sumCost, r.equilibriumSum);
    r.poa = r.optimumSum > 0 ? r.equilibriumSum / r.optimumSum : 1.0;
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
