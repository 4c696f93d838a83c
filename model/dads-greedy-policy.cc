/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dads-greedy-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DadsGreedyPolicy);

TypeId
DadsGreedyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DadsGreedyPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<DadsGreedyPolicy>();
    return tid;
}

std::string
DadsGreedyPolicy::GetName() const
{
    return "dads-greedy";
}

uint8_t
DadsGreedyPolicy::GetWireCode() const
{
    return 4;
}

DnnSurgeryPlan
DadsGreedyPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                             const DnnSurgeryDeviceContext& context) const
{
    return planner.Choose("dads", context.share);
}

std::vector<double>
DadsGreedyPolicy::Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                           const DnnSurgeryGameParams& params) const
{
    return std::vector<double>(peers.size(), params.capacity);
}

bool
DadsGreedyPolicy::SharesCapacity() const
{
    return true;
}

double
DadsGreedyPolicy::GetServiceWeight(double share) const
{
    return 1.0;
}

} // namespace ns3
