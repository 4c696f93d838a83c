/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_ALLOCATION_POLICY_H
#define DNN_SURGERY_ALLOCATION_POLICY_H

#include "allocation-game.h"

#include <memory>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * How the server capacity F is shared among the devices (formulation, section 6): "equal",
 * "greedy", "optimum" and "game" (DDS).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * An allocation: share, placement and resulting latency of every device.
 */
struct Allocation
{
    std::vector<double> shares;    //!< f_i (FLOP/s) granted to device i; sum <= F
    std::vector<int> curves;       //!< placement used: candidate index, -1 = all-local
    std::vector<double> latencies; //!< latency of device i with that placement and share (s)
};

/**
 * \ingroup dnn-surgery
 * A rule sharing the server capacity among the devices.
 *
 * - "equal": every one of the N devices is granted F / N, whether or not it offloads; a device
 *   places its DNN by the envelope at that share (T*_i(F/N), the "dads" baseline) and a device
 *   that prefers all-local leaves its share unused (reserved, not redistributed).
 * - "greedy": every device places its DNN as if it had the whole server (the candidate
 *   achieving T*_i(F)); the server then shares F by equal processor sharing among the m
 *   devices that offload under that assumption: f_i = F / m, and each keeps the placement
 *   chosen for F, so its latency is a + b m / F (the "dads-greedy" baseline; the analytic
 *   model of processor sharing among m always-busy devices).
 * - "optimum" (or "optimum:K"): the centralized social optimum of SocialOptimum on a grid of
 *   K share levels (default 1000).
 * - "game": the DDS equilibrium of sequential best responses, fixed order, starting at zero
 *   (AllocationGame::RunSequential with the game parameters).
 */
class AllocationPolicy
{
  public:
    virtual ~AllocationPolicy() = default;

    /**
     * \brief The shares.
     * \param players the players
     * \param params server parameters
     * \return f_i for each device, sum <= F
     */
    virtual std::vector<double> Allocate(const std::vector<GamePlayer>& players,
                                         const GameParams& params) const;

    /**
     * \brief Shares, placements and latencies.
     * \param players the players
     * \param params server parameters
     * \return the allocation
     */
    virtual Allocation AllocateWithPlacement(const std::vector<GamePlayer>& players,
                                             const GameParams& params) const = 0;

    /**
     * \brief The policy's name.
     * \return "equal", "greedy", "optimum" or "game"
     */
    virtual std::string GetName() const = 0;

    /**
     * \brief Create a policy by name.
     * \param name "equal", "greedy", "optimum", "optimum:<K>" or "game"
     * \return the policy
     * \throws DnnSurgeryError on an unknown name
     */
    static std::unique_ptr<AllocationPolicy> Create(const std::string& name);

    /**
     * \brief The names Create accepts (without the optional ":K").
     * \return the names
     */
    static std::vector<std::string> GetNames();

    /**
     * \brief Latencies and placements when every device uses its envelope at its share.
     * \param players the players
     * \param shares f_i
     * \return the allocation with curves = BestCurve and latencies = T*_i(f_i)
     */
    static Allocation FromShares(const std::vector<GamePlayer>& players,
                                 const std::vector<double>& shares);
};

} // namespace ns3

#endif /* DNN_SURGERY_ALLOCATION_POLICY_H */
