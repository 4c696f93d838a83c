/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "game-player-adapter.h"

#include "dnn-surgery-error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

/**
 * \file
 * \ingroup dnn-surgery
 * Implementation of MakeGamePlayer.
 */

namespace ns3
{

GamePlayer
MakeGamePlayer(const PartitionEnvelope& envelope, double lambda)
{
    if (!std::isfinite(lambda) || lambda <= 0)
    {
        std::ostringstream os;
        os << "game player: field 'lambda': must be finite and > 0 (got " << lambda << ")";
        throw DnnSurgeryError(os.str());
    }
    GamePlayer p;
    p.lambda = lambda;
    p.localLatency = envelope.GetLocal().cost.A();
    if (!std::isfinite(p.localLatency) || p.localLatency < 0)
    {
        std::ostringstream os;
        os << "game player: local placement: field 'A': must be finite and >= 0 (got "
           << p.localLatency << ")";
        throw DnnSurgeryError(os.str());
    }
    const auto& candidates = envelope.GetCandidates();
    p.curves.reserve(candidates.size());
    for (std::size_t k = 0; k < candidates.size(); ++k)
    {
        const double a = candidates[k].cost.A();
        const double b = candidates[k].cost.B();
        if (!std::isfinite(a) || a < 0 || !std::isfinite(b) || b < 0)
        {
            std::ostringstream os;
            os << "game player: candidate " << k << ": fields 'A', 'B': must be finite and >= 0 "
               << "(got A = " << a << ", B = " << b << ")";
            throw DnnSurgeryError(os.str());
        }
        LatencyCurve c{a, std::max(b, 1.0)};
        const PartitionCost& pc = candidates[k].cost;
        c.deviceTime = pc.deviceTime;
        c.transferTime = pc.uploadTime + pc.rtt + pc.downloadTime;
        p.curves.push_back(c);
    }
    return p;
}

GamePlayer
MakeGamePlayer(const PartitionEnvelope& envelope, double lambda, double requestRate, double penalty)
{
    if (!std::isfinite(requestRate) || requestRate < 0)
    {
        std::ostringstream os;
        os << "game player: field 'requestRate': must be finite and >= 0 (got " << requestRate
           << ")";
        throw DnnSurgeryError(os.str());
    }
    if (!std::isfinite(penalty) || penalty <= 0)
    {
        std::ostringstream os;
        os << "game player: field 'penalty': must be finite and > 0 (got " << penalty << ")";
        throw DnnSurgeryError(os.str());
    }
    GamePlayer p = MakeGamePlayer(envelope, lambda);
    p.costModel = GameCostModel::LOAD_AWARE;
    p.requestRate = requestRate;
    p.penalty = penalty;
    return p;
}

} // namespace ns3
