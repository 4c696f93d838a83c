/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "partition-policy.h"

#include "dnn-surgery-error.h"

#include <cmath>
#include <sstream>

namespace ns3
{

namespace
{

/// Throw unless f is a valid share.
void
CheckShare(const std::string& policy, double f)
{
    if (std::isnan(f) || f < 0)
    {
        std::ostringstream os;
        os << "partition policy '" << policy << "': server share f must be >= 0 (got " << f << ")";
        throw DnnSurgeryError(os.str());
    }
}

} // namespace

std::vector<std::string>
PartitionPolicy::GetNames()
{
    return {"local", "full-offload", "neurosurgeon", "dads", "envelope"};
}

std::unique_ptr<PartitionPolicy>
PartitionPolicy::Create(const std::string& name)
{
    if (name == "local")
    {
        return std::make_unique<LocalPartitionPolicy>();
    }
    if (name == "full-offload")
    {
        return std::make_unique<FullOffloadPartitionPolicy>();
    }
    if (name == "neurosurgeon")
    {
        return std::make_unique<NeurosurgeonPartitionPolicy>();
    }
    if (name == "dads")
    {
        return std::make_unique<DadsPartitionPolicy>();
    }
    if (name == "envelope")
    {
        return std::make_unique<EnvelopePartitionPolicy>();
    }
    std::string known;
    for (const auto& n : GetNames())
    {
        known += (known.empty() ? "" : ", ") + n;
    }
    throw DnnSurgeryError("partition policy '" + name + "': unknown (known: " + known + ")");
}

PartitionResult
LocalPartitionPolicy::Choose(const MinCutPartitioner& partitioner,
                             const PartitionEnvelope& envelope,
                             double f) const
{
    CheckShare(GetName(), f);
    return partitioner.Local();
}

std::string
LocalPartitionPolicy::GetName() const
{
    return "local";
}

PartitionResult
FullOffloadPartitionPolicy::Choose(const MinCutPartitioner& partitioner,
                                   const PartitionEnvelope& envelope,
                                   double f) const
{
    CheckShare(GetName(), f);
    return partitioner.FullOffload();
}

std::string
FullOffloadPartitionPolicy::GetName() const
{
    return "full-offload";
}

PartitionResult
NeurosurgeonPartitionPolicy::Choose(const MinCutPartitioner& partitioner,
                                    const PartitionEnvelope& envelope,
                                    double f) const
{
    CheckShare(GetName(), f);
    const DnnGraph& g = partitioner.GetGraph();
    const auto& order = g.GetTopologicalOrder();
    const std::size_t n = order.size();
    // Prefix k = order[0..k-1] on the device (k = 1: input only, k = n: all local). A prefix
    // of a topological order is closed under predecessors, so every prefix is feasible.
    Placement p;
    p.onServer.assign(n, true);
    PartitionResult best = partitioner.Local();
    double bestT = best.cost.Latency(f);
    for (std::size_t k = 1; k < n; ++k)
    {
        p.onServer[order[k - 1]] = false;
        PartitionResult r = partitioner.MakeResult(p);
        double t = r.cost.Latency(f);
        if (t < bestT)
        {
            bestT = t;
            best = r;
        }
    }
    return best;
}

std::string
NeurosurgeonPartitionPolicy::GetName() const
{
    return "neurosurgeon";
}

PartitionResult
DadsPartitionPolicy::Choose(const MinCutPartitioner& partitioner,
                            const PartitionEnvelope& envelope,
                            double f) const
{
    CheckShare(GetName(), f);
    return partitioner.Solve(f);
}

std::string
DadsPartitionPolicy::GetName() const
{
    return "dads";
}

PartitionResult
EnvelopePartitionPolicy::Choose(const MinCutPartitioner& partitioner,
                                const PartitionEnvelope& envelope,
                                double f) const
{
    CheckShare(GetName(), f);
    return envelope.GetBest(f);
}

std::string
EnvelopePartitionPolicy::GetName() const
{
    return "envelope";
}

} // namespace ns3
