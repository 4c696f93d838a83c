/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "neurosurgeon-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NeurosurgeonPolicy);

TypeId
NeurosurgeonPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NeurosurgeonPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<NeurosurgeonPolicy>();
    return tid;
}

std::string
NeurosurgeonPolicy::GetName() const
{
    return "neurosurgeon";
}

uint8_t
NeurosurgeonPolicy::GetWireCode() const
{
    return 2;
}

DnnSurgeryPlan
NeurosurgeonPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                               const DnnSurgeryDeviceContext& context) const
{
    return planner.Choose("neurosurgeon", context.share);
}

} // namespace ns3
