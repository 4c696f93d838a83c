/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DDS_POLICY_H
#define DDS_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "dds" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Decentralized DNN Surgery: the shares are the equilibrium of the resource allocation game,
 * negotiated over the network (formulation section 5); devices place on their envelope at the share
 * granted.
 */
class DdsPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "dds"
    std::string GetName() const override;
    /// \return 6
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
    /// \return COORDINATION_GAME
    Coordination GetCoordination() const override;
};

} // namespace ns3

#endif /* DDS_POLICY_H */
