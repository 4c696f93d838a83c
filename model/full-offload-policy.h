/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FULL_OFFLOAD_POLICY_H
#define FULL_OFFLOAD_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "full-offload" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Every layer on the server (the input is uploaded), at the equal share F / N.
 */
class FullOffloadPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "full-offload"
    std::string GetName() const override;
    /// \return 1
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
};

} // namespace ns3

#endif /* FULL_OFFLOAD_POLICY_H */
