/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dds-load-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * Implementation of DdsLoadPolicy.
 */

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DdsLoadPolicy);

TypeId
DdsLoadPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DdsLoadPolicy")
                            .SetParent<OffloadingPolicy>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<DdsLoadPolicy>();
    return tid;
}

std::string
DdsLoadPolicy::GetName() const
{
    return "dds-load";
}

uint8_t
DdsLoadPolicy::GetWireCode() const
{
    return 7;
}

DnnSurgeryPlan
DdsLoadPolicy::ChoosePlan(const DnnSurgeryPlanner& planner,
                          const DnnSurgeryDeviceContext& context) const
{
    DnnSurgeryLoad load;
    load.loadAware = true;
    load.requestRate = context.requestRate;
    load.penalty = context.requestTimeout;
    return planner.ChooseUnderLoad(context.share, load);
}

OffloadingPolicy::Coordination
DdsLoadPolicy::GetCoordination() const
{
    return COORDINATION_GAME;
}

bool
DdsLoadPolicy::UsesRequestRate() const
{
    return true;
}

DnnSurgeryDemand
DdsLoadPolicy::ComputeDemand(const DnnSurgeryPlanner& planner,
                             double lambda,
                             double currentShare,
                             double othersSum,
                             const DnnSurgeryGameParams& params) const
{
    DnnSurgeryDemandContext c;
    c.lambda = lambda;
    c.currentShare = currentShare;
    c.othersSum = othersSum;
    c.game = params;
    return ComputeDemand(planner, c);
}

DnnSurgeryDemand
DdsLoadPolicy::ComputeDemand(const DnnSurgeryPlanner& planner,
                             const DnnSurgeryDemandContext& context) const
{
    DnnSurgeryLoad load;
    load.loadAware = true;
    load.requestRate = context.requestRate;
    load.penalty = context.requestTimeout;
    DnnSurgeryBestResponse br =
        planner.BestResponse(context.lambda, context.othersSum, context.game, load);
    double current =
        planner.Cost(context.lambda, context.currentShare, context.othersSum, context.game, load);
    DnnSurgeryDemand d;
    d.changed = current - br.cost > context.game.epsilon;
    d.demand = d.changed ? br.share : context.currentShare;
    d.curve = br.curve;
    return d;
}

} // namespace ns3
