/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "partition-envelope.h"

#include "dnn-surgery-error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ns3
{

PartitionEnvelope::PartitionEnvelope()
    : m_fMax(0),
      m_minCuts(0)
{
}

PartitionEnvelope::PartitionEnvelope(const PartitionResult& local,
                                     const std::vector<PartitionResult>& candidates,
                                     double fMax,
                                     std::size_t minCuts)
    : m_local(local),
      m_candidates(candidates),
      m_fMax(fMax),
      m_minCuts(minCuts)
{
    std::stable_sort(
        m_candidates.begin(),
        m_candidates.end(),
        [](const PartitionResult& a, const PartitionResult& b) { return a.cost.B() > b.cost.B(); });
}

const PartitionResult&
PartitionEnvelope::GetLocal() const
{
    return m_local;
}

const std::vector<PartitionResult>&
PartitionEnvelope::GetCandidates() const
{
    return m_candidates;
}

const PartitionResult&
PartitionEnvelope::GetBest(double f) const
{
    if (std::isnan(f) || f < 0)
    {
        std::ostringstream os;
        os << "PartitionEnvelope: share f must be >= 0 (got " << f << ")";
        throw DnnSurgeryError(os.str());
    }
    const PartitionResult* best = &m_local;
    if (f == 0)
    {
        return *best;
    }
    double bestT = m_local.cost.Latency(f);
    for (const auto& c : m_candidates)
    {
        double t = c.cost.Latency(f);
        if (t < bestT)
        {
            bestT = t;
            best = &c;
        }
    }
    return *best;
}

double
PartitionEnvelope::GetLatency(double f) const
{
    return GetBest(f).cost.Latency(f);
}

double
PartitionEnvelope::GetFMax() const
{
    return m_fMax;
}

std::size_t
PartitionEnvelope::GetMinCutCount() const
{
    return m_minCuts;
}

} // namespace ns3
