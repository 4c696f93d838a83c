/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "local-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(LocalPolicy);

TypeId
LocalPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LocalPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<LocalPolicy>();
    return tid;
}

std::string
LocalPolicy::GetName() const
{
    return "local";
}

uint8_t
LocalPolicy::GetWireCode() const
{
    return 0;
}

DnnSurgeryPlan
LocalPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                        const DnnSurgeryDeviceContext& context) const
{
    return planner.Local();
}

std::vector<double>
LocalPolicy::Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                      const DnnSurgeryGameParams& params) const
{
    return std::vector<double>(peers.size(), 0.0);
}

} // namespace ns3
