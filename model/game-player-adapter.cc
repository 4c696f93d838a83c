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
        p.curves.push_back({a, std::max(b, 1.0)});
    }
    return p;
}

} // namespace ns3
