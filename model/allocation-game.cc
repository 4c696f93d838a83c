/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "allocation-game.h"

#include "dnn-surgery-error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>

/**
 * \file
 * \ingroup dnn-surgery
 * Implementation of the resource allocation game (formulation, section 5).
 */

namespace ns3
{

namespace
{

/**
 * A double-double accumulator: hi + lo carries about 106 bits, so that a running sum of shares
 * updated by many moves stays exact enough to compare against F without drift.
 */
struct DoubleDouble
{
    double hi{0}; //!< leading part
    double lo{0}; //!< trailing part

    /**
     * \brief Add x (Knuth's TwoSum, then renormalise).
     * \param x the addend
     */
    void Add(double x)
    {
        const double s = hi + x;
        const double bp = s - hi;
        const double err = (hi - (s - bp)) + (x - bp);
        const double lo2 = lo + err;
        hi = s + lo2;
        lo = lo2 - (hi - s);
    }

    /**
     * \brief Is hi + lo + x > limit (evaluated in double-double)?
     * \param x the addend
     * \param limit the limit
     * \return true if the sum exceeds the limit
     */
    bool SumExceeds(double x, double limit) const
    {
        DoubleDouble t = *this;
        t.Add(x);
        t.Add(-limit);
        return t.hi > 0 || (t.hi == 0 && t.lo > 0);
    }

    /**
     * \brief The value rounded to a double.
     * \return hi + lo
     */
    double Value() const
    {
        return hi + lo;
    }
};

/**
 * \brief Throw a DnnSurgeryError about a field of the game's input.
 * \param element the element (device, curve or parameters)
 * \param field the field name
 * \param what the requirement
 * \param value the offending value
 */
[[noreturn]] void
ThrowField(const std::string& element,
           const std::string& field,
           const std::string& what,
           double value)
{
    std::ostringstream os;
    os << "allocation game: " << element << ": field '" << field << "': " << what << " (got "
       << value << ")";
    throw DnnSurgeryError(os.str());
}

/**
 * \brief Per-device gain of the best unilateral deviation and the cost at the profile.
 * \param player the player
 * \param share its share
 * \param othersSum S_-i
 * \param params server parameters
 * \param gridPoints grid intervals
 * \param cost receives J_i at the profile
 * \return J_i - min J_i over candidates and grid
 */
double
DeviceGain(const GamePlayer& player,
           double share,
           double othersSum,
           const GameParams& params,
           uint32_t gridPoints,
           double* cost)
{
    const double current = AllocationGame::Cost(player, share, othersSum, params);
    double best = AllocationGame::BestResponse(player, othersSum, params).cost;
    best = std::min(best, AllocationGame::LocalLatency(player));
    const double remaining = params.capacity - othersSum;
    if (remaining > 0)
    {
        for (uint32_t k = 1; k <= gridPoints; ++k)
        {
            const double f = remaining * static_cast<double>(k) / gridPoints;
            best = std::min(best, AllocationGame::Cost(player, f, othersSum, params));
        }
    }
    *cost = current;
    return current - best;
}

} // namespace

void
AllocationGame::Validate(const std::vector<GamePlayer>& players, const GameParams& params)
{
    if (!std::isfinite(params.capacity) || params.capacity <= 0)
    {
        ThrowField("parameters", "capacity", "must be finite and > 0", params.capacity);
    }
    if (!std::isfinite(params.p0) || params.p0 < 0)
    {
        ThrowField("parameters", "p0", "must be finite and >= 0", params.p0);
    }
    if (!std::isfinite(params.kappa) || params.kappa < 0)
    {
        ThrowField("parameters", "kappa", "must be finite and >= 0", params.kappa);
    }
    if (!std::isfinite(params.epsilon) || params.epsilon < 0)
    {
        ThrowField("parameters", "epsilon", "must be finite and >= 0", params.epsilon);
    }
    if (params.maxRounds < 1)
    {
        ThrowField("parameters", "maxRounds", "must be >= 1", params.maxRounds);
    }
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        const GamePlayer& p = players[i];
        const std::string device = "device " + std::to_string(i);
        if (!std::isfinite(p.lambda) || p.lambda <= 0)
        {
            ThrowField(device, "lambda", "must be finite and > 0", p.lambda);
        }
        if (!std::isfinite(p.localLatency) || p.localLatency < 0)
        {
            ThrowField(device, "localLatency", "must be finite and >= 0", p.localLatency);
        }
        const bool load = p.costModel == GameCostModel::LOAD_AWARE;
        if (load)
        {
            if (!std::isfinite(p.requestRate) || p.requestRate < 0)
            {
                ThrowField(device, "requestRate", "must be finite and >= 0", p.requestRate);
            }
            if (!std::isfinite(p.penalty) || p.penalty <= 0)
            {
                ThrowField(device, "penalty", "must be finite and > 0", p.penalty);
            }
            if (!std::isfinite(p.rateFloor) || p.rateFloor <= 0)
            {
                ThrowField(device, "rateFloor", "must be finite and > 0", p.rateFloor);
            }
        }
        for (std::size_t k = 0; k < p.curves.size(); ++k)
        {
            const std::string curve = device + ": curve " + std::to_string(k);
            if (load)
            {
                const LatencyCurve& c = p.curves[k];
                if (!std::isfinite(c.deviceTime) || c.deviceTime < 0)
                {
                    ThrowField(curve, "deviceTime", "must be finite and >= 0", c.deviceTime);
                }
                if (!std::isfinite(c.transferTime) || c.transferTime < 0)
                {
                    ThrowField(curve, "transferTime", "must be finite and >= 0", c.transferTime);
                }
                if (std::abs(c.deviceTime + c.transferTime - c.a) > 1e-9 * std::max(c.a, 1e-300))
                {
                    ThrowField(curve,
                               "deviceTime + transferTime",
                               "must equal a (the load-aware cost needs the device/transfer "
                               "split)",
                               c.deviceTime + c.transferTime);
                }
            }
            if (!std::isfinite(p.curves[k].a) || p.curves[k].a < 0)
            {
                ThrowField(curve, "a", "must be finite and >= 0", p.curves[k].a);
            }
            if (!std::isfinite(p.curves[k].b) || p.curves[k].b <= 0)
            {
                ThrowField(curve, "b", "must be finite and > 0", p.curves[k].b);
            }
        }
    }
}

double
AllocationGame::StageLatency(double service, double rate, double penalty)
{
    if (!(rate > 0))
    {
        return std::min(service, penalty);
    }
    const double rho = rate * service;
    if (!(rho < 1))
    {
        return penalty;
    }
    // M/D/1 (Pollaczek-Khinchine, deterministic service): W = rho s / (2 (1 - rho)).
    return std::min(penalty, service + rho * service / (2 * (1 - rho)));
}

double
AllocationGame::CurveLatency(const GamePlayer& player, const LatencyCurve& curve, double share)
{
    if (player.costModel == GameCostModel::PER_INFERENCE)
    {
        return curve.a + curve.b / share;
    }
    const double c = player.penalty;
    if (!(share > 0))
    {
        return c;
    }
    const double mu = player.requestRate;
    const double stages[3] = {curve.deviceTime, curve.transferTime, curve.b / share};
    double t = 0;
    for (double s : stages)
    {
        if (mu > 0 && !(mu * s < 1))
        {
            return c; // an unstable stage: the request times out
        }
        t += StageLatency(s, mu, std::numeric_limits<double>::infinity());
    }
    return std::min(c, t);
}

double
AllocationGame::LocalLatency(const GamePlayer& player)
{
    if (player.costModel == GameCostModel::PER_INFERENCE)
    {
        return player.localLatency;
    }
    return StageLatency(player.localLatency, player.requestRate, player.penalty);
}

double
AllocationGame::PaymentWeight(const GamePlayer& player)
{
    if (player.costModel == GameCostModel::PER_INFERENCE)
    {
        return player.lambda;
    }
    return player.lambda / std::max(player.requestRate, player.rateFloor);
}

double
AllocationGame::Latency(const GamePlayer& player, double share)
{
    double t = LocalLatency(player);
    if (share > 0)
    {
        for (const LatencyCurve& c : player.curves)
        {
            t = std::min(t, CurveLatency(player, c, share));
        }
    }
    return t;
}

int
AllocationGame::BestCurve(const GamePlayer& player, double share)
{
    int best = -1;
    if (share > 0)
    {
        double t = LocalLatency(player);
        for (std::size_t k = 0; k < player.curves.size(); ++k)
        {
            const double tk = CurveLatency(player, player.curves[k], share);
            if (tk < t)
            {
                t = tk;
                best = static_cast<int>(k);
            }
        }
    }
    return best;
}

double
AllocationGame::Cost(const GamePlayer& player,
                     double share,
                     double othersSum,
                     const GameParams& params)
{
    if (share <= 0)
    {
        return LocalLatency(player);
    }
    // J_i = T*_i(f_i) + w_i f_i (p0 + kappa (f_i + S_-i)), w_i = lambda_i for the paper's cost
    return Latency(player, share) +
           PaymentWeight(player) * share * (params.p0 + params.kappa * (share + othersSum));
}

double
AllocationGame::Payment(double share, double totalSum, const GameParams& params)
{
    return share > 0 ? share * (params.p0 + params.kappa * totalSum) : 0.0;
}

double
AllocationGame::StationaryShare(double b, double lambda, double p0, double kappa, double othersSum)
{
    // 2 lambda kappa f^3 + lambda c f^2 = b, c = p0 + kappa S_-i; divide by lambda:
    // h(f) = 2 kappa f^3 + c f^2 - beta = 0, beta = b / lambda.
    const double beta = b / lambda;
    const double c = p0 + kappa * std::max(othersSum, 0.0);
    if (kappa <= 0)
    {
        if (c <= 0)
        {
            return std::numeric_limits<double>::infinity();
        }
        return std::sqrt(beta / c);
    }
    const double cubicOnly = std::cbrt(beta / (2 * kappa));
    if (c <= 0)
    {
        return cubicOnly;
    }
    // Each term alone reaches beta no later than the sum: both are upper bounds of the root.
    double x = std::min(std::sqrt(beta / c), cubicOnly);
    // h is increasing and convex on f > 0: Newton from above decreases monotonically.
    for (int it = 0; it < 100; ++it)
    {
        const double h = x * x * (2 * kappa * x + c) - beta;
        if (h <= 0)
        {
            break; // at the root up to rounding
        }
        const double dh = x * (6 * kappa * x + 2 * c);
        const double next = x - h / dh;
        if (!(next < x) || next <= 0)
        {
            break;
        }
        const bool done = (x - next) <= 1e-15 * x;
        x = next;
        if (done)
        {
            break;
        }
    }
    return x;
}

double
AllocationGame::LoadAwareShare(double b,
                               double rate,
                               double weight,
                               double p0,
                               double kappa,
                               double othersSum,
                               double upper)
{
    const double c = p0 + kappa * std::max(othersSum, 0.0);
    // g'(f) = -h'(s) b / f^2 + w (c + 2 kappa f), s = b / f, h(s) = s + mu s^2 / (2 (1 - mu s)),
    // h'(s) = 1 + mu s (2 - mu s) / (2 (1 - mu s)^2); g' is increasing, -> -inf at f = mu b.
    auto derivative = [&](double f) {
        const double s = b / f;
        const double x = rate * s;
        const double dh = 1 + x * (2 - x) / (2 * (1 - x) * (1 - x));
        return -dh * b / (f * f) + weight * (c + 2 * kappa * f);
    };
    double lo = rate * b;
    double hi = upper;
    if (derivative(hi) <= 0)
    {
        return hi;
    }
    for (int it = 0; it < 200 && hi - lo > 1e-14 * hi; ++it)
    {
        const double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
        {
            break;
        }
        if (derivative(mid) > 0)
        {
            hi = mid;
        }
        else
        {
            lo = mid;
        }
    }
    return hi;
}

BestResponseResult
AllocationGame::BestResponse(const GamePlayer& player, double othersSum, const GameParams& params)
{
    const double local = LocalLatency(player);
    BestResponseResult best{0.0, -1, local, local};
    const double remaining = params.capacity - othersSum;
    if (!(remaining > 0))
    {
        return best;
    }
    const double price = params.p0 + params.kappa * othersSum;
    const double w = PaymentWeight(player);
    const bool load = player.costModel == GameCostModel::LOAD_AWARE;
    const double mu = load ? player.requestRate : 0.0;
    for (std::size_t k = 0; k < player.curves.size(); ++k)
    {
        const LatencyCurve& c = player.curves[k];
        double f = 0;
        if (mu > 0)
        {
            if (!(mu * c.deviceTime < 1) || !(mu * c.transferTime < 1) || !(remaining > mu * c.b))
            {
                continue; // unstable at every feasible share: latency C_max, never below local
            }
            f = LoadAwareShare(c.b, mu, w, params.p0, params.kappa, othersSum, remaining);
        }
        else
        {
            f = std::min(StationaryShare(c.b, w, params.p0, params.kappa, othersSum), remaining);
        }
        const double latency = CurveLatency(player, c, f);
        const double cost = latency + w * f * (price + params.kappa * f);
        if (cost < best.cost)
        {
            best = {f, static_cast<int>(k), cost, latency};
        }
    }
    return best;
}

double
AllocationGame::Sum(const std::vector<double>& shares)
{
    // Double-double accumulation: the sum is compared against F, so it must not drift.
    DoubleDouble s;
    for (double f : shares)
    {
        s.Add(f);
    }
    return s.Value();
}

void
AllocationGame::ClampToCapacity(std::vector<double>& shares, double capacity)
{
    double s = Sum(shares);
    if (s <= capacity)
    {
        return;
    }
    const double scale = capacity / s;
    for (double& f : shares)
    {
        f *= scale;
    }
    // Rounding may leave the sum a few ulps above F: take the excess off the largest share.
    while ((s = Sum(shares)) > capacity)
    {
        auto largest = std::max_element(shares.begin(), shares.end());
        *largest =
            std::max(0.0, std::min(*largest - (s - capacity), std::nextafter(*largest, 0.0)));
    }
}

double
AllocationGame::Potential(const std::vector<GamePlayer>& players,
                          const std::vector<double>& shares,
                          const GameParams& params)
{
    // Phi = sum_i [T*_i(f_i) / w_i + p0 f_i] + kappa/2 [(sum f)^2 + sum f_i^2]
    double phi = 0;
    double sumSquares = 0;
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        const double f = shares[i];
        phi += Latency(players[i], f) / PaymentWeight(players[i]) + params.p0 * f;
        sumSquares += f * f;
    }
    const double s = Sum(shares);
    return phi + params.kappa / 2 * (s * s + sumSquares);
}

namespace
{

/**
 * \brief Check an initial profile and return it (zeros if empty).
 * \param players the players
 * \param params server parameters
 * \param initial the initial profile
 * \return the starting shares
 */
std::vector<double>
StartingShares(const std::vector<GamePlayer>& players,
               const GameParams& params,
               const std::vector<double>& initial)
{
    if (initial.empty())
    {
        return std::vector<double>(players.size(), 0.0);
    }
    if (initial.size() != players.size())
    {
        ThrowField("initial shares",
                   "size",
                   "must equal the number of devices",
                   static_cast<double>(initial.size()));
    }
    for (std::size_t i = 0; i < initial.size(); ++i)
    {
        if (!std::isfinite(initial[i]) || initial[i] < 0)
        {
            ThrowField("initial shares: device " + std::to_string(i),
                       "share",
                       "must be finite and >= 0",
                       initial[i]);
        }
    }
    const double s = AllocationGame::Sum(initial);
    if (s > params.capacity)
    {
        ThrowField("initial shares", "sum", "must not exceed the capacity F", s);
    }
    return initial;
}

/**
 * \brief Fill the final candidate indices of an outcome.
 * \param players the players
 * \param outcome the outcome
 */
void
FillCurves(const std::vector<GamePlayer>& players, GameOutcome& outcome)
{
    outcome.curves.resize(players.size());
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        outcome.curves[i] = AllocationGame::BestCurve(players[i], outcome.shares[i]);
    }
}

} // namespace

GameOutcome
AllocationGame::RunSequential(const std::vector<GamePlayer>& players,
                              const GameParams& params,
                              const DynamicsOptions& options,
                              const std::vector<double>& initialShares)
{
    Validate(players, params);
    GameOutcome out;
    out.shares = StartingShares(players, params, initialShares);
    out.potential.push_back(Potential(players, out.shares, params));
    const std::size_t n = players.size();
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed);
    // S kept in double-double: S_-i and the capacity check do not drift over many moves.
    DoubleDouble total;
    for (double f : out.shares)
    {
        total.Add(f);
    }
    out.stopReason = "round limit";
    for (uint32_t round = 1; round <= params.maxRounds; ++round)
    {
        if (options.order == DynamicsOptions::RANDOM_ORDER)
        {
            std::shuffle(order.begin(), order.end(), rng);
        }
        uint32_t movesThisRound = 0;
        for (uint32_t i : order)
        {
            const double f = out.shares[i];
            DoubleDouble othersDd = total;
            othersDd.Add(-f);
            const double others = std::max(0.0, othersDd.Value());
            const BestResponseResult br = BestResponse(players[i], others, params);
            const double current = Cost(players[i], f, others, params);
            if (current - br.cost > params.epsilon)
            {
                // The best response never exceeds F - S_-i; the guard absorbs the rounding of
                // that difference so that S_-i + f_i <= F holds exactly.
                double share = br.share;
                while (share > 0 && othersDd.SumExceeds(share, params.capacity))
                {
                    DoubleDouble excess = othersDd;
                    excess.Add(share);
                    excess.Add(-params.capacity);
                    share =
                        std::max(0.0, std::min(share - excess.Value(), std::nextafter(share, 0.0)));
                }
                out.shares[i] = share;
                total = othersDd;
                total.Add(share);
                ++movesThisRound;
                ++out.moves;
                if (options.onMove)
                {
                    options.onMove({round, i, f, share, current, br.cost, br.curve});
                }
            }
        }
        out.potential.push_back(Potential(players, out.shares, params));
        out.rounds = round;
        if (movesThisRound == 0)
        {
            out.converged = true;
            out.stopReason = "converged";
            break;
        }
    }
    FillCurves(players, out);
    return out;
}

GameOutcome
AllocationGame::RunJacobi(const std::vector<GamePlayer>& players,
                          const GameParams& params,
                          const DynamicsOptions& options,
                          const std::vector<double>& initialShares)
{
    Validate(players, params);
    if (!(options.damping > 0 && options.damping <= 1))
    {
        ThrowField("dynamics options", "damping", "must be in (0, 1]", options.damping);
    }
    if (options.oscillationWindow < 2)
    {
        ThrowField("dynamics options",
                   "oscillationWindow",
                   "must be >= 2",
                   options.oscillationWindow);
    }
    GameOutcome out;
    out.shares = StartingShares(players, params, initialShares);
    out.potential.push_back(Potential(players, out.shares, params));
    const std::size_t n = players.size();
    const double d = options.damping;
    std::vector<double> previous;  // profile one round ago
    std::vector<double> previous2; // profile two rounds ago
    std::vector<bool> oscillationFlags;
    std::vector<double> next(n);
    out.stopReason = "round limit";
    for (uint32_t round = 1; round <= params.maxRounds; ++round)
    {
        const double total = Sum(out.shares);
        uint32_t wanting = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            const double f = out.shares[i];
            const double others = std::max(0.0, total - f);
            const BestResponseResult br = BestResponse(players[i], others, params);
            const double current = Cost(players[i], f, others, params);
            next[i] = f;
            if (current - br.cost > params.epsilon)
            {
                ++wanting;
                next[i] = (1 - d) * f + d * br.share;
            }
        }
        out.rounds = round;
        if (wanting == 0)
        {
            out.potential.push_back(out.potential.back());
            out.converged = true;
            out.stopReason = "converged";
            break;
        }
        // Proportional clamp: simultaneous moves may together exceed F.
        ClampToCapacity(next, params.capacity);
        for (std::size_t i = 0; i < n; ++i)
        {
            if (next[i] != out.shares[i])
            {
                ++out.moves;
                if (options.onMove)
                {
                    const double others = std::max(0.0, total - out.shares[i]);
                    options.onMove({round,
                                    static_cast<uint32_t>(i),
                                    out.shares[i],
                                    next[i],
                                    Cost(players[i], out.shares[i], others, params),
                                    Cost(players[i], next[i], others, params),
                                    BestCurve(players[i], next[i])});
                }
            }
        }
        previous2 = previous;
        previous = out.shares;
        out.shares = next;
        const double phiBefore = out.potential.back();
        const double phi = Potential(players, out.shares, params);
        out.potential.push_back(phi);
        bool oscillates = phi > phiBefore + 1e-12 * std::abs(phiBefore);
        if (!oscillates && !previous2.empty())
        {
            bool same = true;
            for (std::size_t i = 0; i < n && same; ++i)
            {
                same = std::abs(out.shares[i] - previous2[i]) <=
                       1e-9 * std::max(params.capacity / std::max<std::size_t>(n, 1),
                                       std::abs(previous2[i]));
            }
            bool changed = false;
            for (std::size_t i = 0; i < n && !changed; ++i)
            {
                changed = out.shares[i] != previous[i];
            }
            oscillates = same && changed;
        }
        oscillationFlags.push_back(oscillates);
        if (oscillationFlags.size() >= options.oscillationWindow)
        {
            const auto count = std::count(oscillationFlags.end() - options.oscillationWindow,
                                          oscillationFlags.end(),
                                          true);
            if (2 * static_cast<uint32_t>(count) >= options.oscillationWindow)
            {
                out.oscillating = true;
                out.stopReason = "oscillation";
                break;
            }
        }
    }
    FillCurves(players, out);
    return out;
}

double
AllocationGame::MaxUnilateralGain(const std::vector<GamePlayer>& players,
                                  const std::vector<double>& shares,
                                  const GameParams& params,
                                  uint32_t gridPoints,
                                  int* worstDevice)
{
    Validate(players, params);
    if (shares.size() != players.size())
    {
        ThrowField("shares",
                   "size",
                   "must equal the number of devices",
                   static_cast<double>(shares.size()));
    }
    gridPoints = std::max<uint32_t>(gridPoints, 1);
    const double total = Sum(shares);
    double worst = 0;
    int who = -1;
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        double cost = 0;
        const double gain = DeviceGain(players[i],
                                       shares[i],
                                       std::max(0.0, total - shares[i]),
                                       params,
                                       gridPoints,
                                       &cost);
        if (who < 0 || gain > worst)
        {
            worst = gain;
            who = static_cast<int>(i);
        }
    }
    if (worstDevice != nullptr)
    {
        *worstDevice = who;
    }
    return worst;
}

bool
AllocationGame::IsEpsilonNash(const std::vector<GamePlayer>& players,
                              const std::vector<double>& shares,
                              const GameParams& params,
                              uint32_t gridPoints)
{
    Validate(players, params);
    if (shares.size() != players.size())
    {
        ThrowField("shares",
                   "size",
                   "must equal the number of devices",
                   static_cast<double>(shares.size()));
    }
    gridPoints = std::max<uint32_t>(gridPoints, 1);
    const double total = Sum(shares);
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        double cost = 0;
        const double gain = DeviceGain(players[i],
                                       shares[i],
                                       std::max(0.0, total - shares[i]),
                                       params,
                                       gridPoints,
                                       &cost);
        if (gain > params.epsilon + 1e-12 * (1 + std::abs(cost)))
        {
            return false;
        }
    }
    return true;
}

} // namespace ns3
