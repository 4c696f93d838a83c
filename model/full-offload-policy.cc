/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "full-offload-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(FullOffloadPolicy);

TypeId
FullOffloadPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FullOffloadPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<FullOffloadPolicy>();
    return tid;
}

std::string
FullOffloadPolicy::GetName() const
{
    return "full-offload";
}

uint8_t
FullOffloadPolicy::GetWireCode() const
{
    return 1;
}

DnnSurgeryPlan
FullOffloadPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const
{
    return planner.Choose("full-offload", context.share);
}

} // namespace ns3
