/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DADS_POLICY_H
#define DADS_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "dads" (formulation section 6).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * DADS: the min-cut placement of the DAG at the equal share F / N.
 */
class DadsPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return "dads"
    std::string GetName() const override;
    /// \return 3
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
};

} // namespace ns3

#endif /* DADS_POLICY_H */
