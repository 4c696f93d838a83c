/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "optimum-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(OptimumPolicy);

TypeId
OptimumPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OptimumPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<OptimumPolicy>();
    return tid;
}

std::string
OptimumPolicy::GetName() const
{
    return "optimum";
}

uint8_t
OptimumPolicy::GetWireCode() const
{
    return 5;
}

DnnSurgeryPlan
OptimumPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                          const DnnSurgeryDeviceContext& context) const
{
    return planner.Choose("envelope", context.share);
}

OffloadingPolicy::Coordination
OptimumPolicy::GetCoordination() const
{
    return COORDINATION_ENVELOPE;
}

std::vector<double>
OptimumPolicy::Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                        const DnnSurgeryGameParams& params) const
{
    std::vector<double> shares(peers.size(), 0.0);
    std::vector<DnnSurgeryEnvelopeReport> players;
    std::vector<std::size_t> index;
    for (std::size_t k = 0; k < peers.size(); ++k)
    {
        if (peers[k].hasEnvelope)
        {
            players.push_back(peers[k].envelope);
            index.push_back(k);
        }
    }
    if (!players.empty())
    {
        std::vector<double> opt = DnnSurgeryPlanner::Allocate("optimum", players, params);
        for (std::size_t k = 0; k < index.size(); ++k)
        {
            shares[index[k]] = opt[k];
        }
    }
    return shares;
}

} // namespace ns3
