/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NEUROSURGEON_POLICY_H
#define NEUROSURGEON_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "neurosurgeon" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Neurosurgeon: the best split of the layer chain (a prefix on the device), at the equal share F /
 * N.
 */
class NeurosurgeonPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "neurosurgeon"
    std::string GetName() const override;
    /// \return 2
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
};

} // namespace ns3

#endif /* NEUROSURGEON_POLICY_H */
