/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LOCAL_POLICY_H
#define LOCAL_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "local" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Everything on the device: no layer is offloaded and the server grants no share.
 */
class LocalPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "local"
    std::string GetName() const override;
    /// \return 0
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
    /// \return no share for anyone
    std::vector<double> Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                                 const DnnSurgeryGameParams& params) const override;
};

} // namespace ns3

#endif /* LOCAL_POLICY_H */
