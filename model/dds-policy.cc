/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dds-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DdsPolicy);

TypeId
DdsPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DdsPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<DdsPolicy>();
    return tid;
}

std::string
DdsPolicy::GetName() const
{
    return "dds";
}

uint8_t
DdsPolicy::GetWireCode() const
{
    return 6;
}

DnnSurgeryPlan
DdsPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                      const DnnSurgeryDeviceContext& context) const
{
    return planner.Choose("envelope", context.share);
}

OffloadingPolicy::Coordination
DdsPolicy::GetCoordination() const
{
    return COORDINATION_GAME;
}

} // namespace ns3
