/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dads-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DadsPolicy);

TypeId
DadsPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DadsPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<DadsPolicy>();
    return tid;
}

std::string
DadsPolicy::GetName() const
{
    return "dads";
}

uint8_t
DadsPolicy::GetWireCode() const
{
    return 3;
}

DnnSurgeryPlan
DadsPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                       const DnnSurgeryDeviceContext& context) const
{
    return planner.Choose("dads", context.share);
}

} // namespace ns3
