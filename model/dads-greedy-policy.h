/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DADS_GREEDY_POLICY_H
#define DADS_GREEDY_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "dads-greedy" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * DADS with greedy sharing: every device plans its min-cut for the whole capacity f = F, and the
 * server shares F equally among the devices that have work (processor sharing).
 */
class DadsGreedyPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "dads-greedy"
    std::string GetName() const override;
    /// \return 4
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
    /// \return F for every device
    std::vector<double> Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                                 const DnnSurgeryGameParams& params) const override;
    /// \return true: processor sharing among the devices with work
    bool SharesCapacity() const override;
    /// \return 1: equal weights
    double GetServiceWeight(double share) const override;
};

} // namespace ns3

#endif /* DADS_GREEDY_POLICY_H */
