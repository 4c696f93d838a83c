/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OPTIMUM_POLICY_H
#define OPTIMUM_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "optimum" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The centralised social optimum: devices report their envelopes T*_i(f) (ENVELOPE messages), the
 * server computes the shares that minimise the sum of the costs (AllocationPolicy "optimum") and
 * grants them; devices place on their envelope.
 */
class OptimumPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "optimum"
    std::string GetName() const override;
    /// \return 5
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
    /// \return COORDINATION_ENVELOPE
    Coordination GetCoordination() const override;
    /// \return the social optimum among the devices that reported an envelope, 0 for the others
    std::vector<double> Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                                 const DnnSurgeryGameParams& params) const override;
};

} // namespace ns3

#endif /* OPTIMUM_POLICY_H */
