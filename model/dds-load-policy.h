/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DDS_LOAD_POLICY_H
#define DDS_LOAD_POLICY_H

#include "offloading-policy.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The built-in policy "dds-load": the load-aware game (formulation, section 8).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Load-aware Decentralized DNN Surgery: as DdsPolicy, the shares are the equilibrium of the
 * game negotiated over the network, but each device plays with the load-aware per-request cost
 * (GameCostModel::LOAD_AWARE): its measured request rate mu_i (DnnSurgeryDeviceContext::
 * requestRate, never the configured rate), M/D/1 stages, its request timeout as the penalty
 * C_max. It places on the envelope candidate with the lowest latency under load at its share.
 */
class DdsLoadPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    using OffloadingPolicy::ComputeDemand;

    /// \return "dds-load"
    std::string GetName() const override;
    /// \return 7
    uint8_t GetWireCode() const override;
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override;
    /// \return COORDINATION_GAME
    Coordination GetCoordination() const override;
    /// \return true
    bool UsesRequestRate() const override;

    /**
     * \brief The best response under the load-aware cost with mu_i = 0 (no measurement) and the
     * default penalty of DnnSurgeryDemandContext.
     * \param planner the device's planner (ready)
     * \param lambda lambda_i
     * \param currentShare f_i now
     * \param othersSum S_-i
     * \param params game parameters as broadcast
     * \return the demand
     */
    DnnSurgeryDemand ComputeDemand(const DnnSurgeryPlanner& planner,
                                   double lambda,
                                   double currentShare,
                                   double othersSum,
                                   const DnnSurgeryGameParams& params) const override;

    /**
     * \brief The best response under the load-aware cost with the measured mu_i and C_max =
     * the request timeout, moving only if it lowers J_i by more than epsilon.
     * \param planner the device's planner (ready)
     * \param context lambda_i, f_i, S_-i, game parameters, measured rate, timeout
     * \return the demand
     */
    DnnSurgeryDemand ComputeDemand(const DnnSurgeryPlanner& planner,
                                   const DnnSurgeryDemandContext& context) const override;
};

} // namespace ns3

#endif /* DDS_LOAD_POLICY_H */
