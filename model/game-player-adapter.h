/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_GAME_PLAYER_ADAPTER_H
#define DNN_SURGERY_GAME_PLAYER_ADAPTER_H

#include "allocation-game.h"
#include "partition-envelope.h"

/**
 * \file
 * \ingroup dnn-surgery
 * The adapter from a device's partition envelope (formulation, section 4) to a player of the
 * allocation game (section 5).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * \brief Build the game player of a device from its envelope.
 *
 * localLatency = A_local of envelope.GetLocal(); curve k = (A_P, B_P) of
 * envelope.GetCandidates()[k], in the same order, so a best response's curve index is the
 * index of the candidate placement. A candidate with B_P == 0 (server-side layers of zero work)
 * gets b = 1 FLOP: it needs a share, but a negligible one (the game needs b > 0). Every curve
 * also carries the split of A_P used by the load-aware cost: deviceTime (the candidate's
 * PartitionCost::deviceTime) and transferTime (uploadTime + rtt + downloadTime).
 *
 * \param envelope the device's envelope (computed for fMax >= F)
 * \param lambda lambda_i, the device's cost weight (> 0)
 * \return the player
 * \throws DnnSurgeryError if lambda is not finite and > 0 or a candidate's cost is not finite
 */
GamePlayer MakeGamePlayer(const PartitionEnvelope& envelope, double lambda);

/**
 * \ingroup dnn-surgery
 * \brief Build the load-aware game player of a device (formulation, section 8).
 *
 * As MakeGamePlayer (which already fills every curve's split deviceTime = the candidate's
 * PartitionCost::deviceTime, transferTime = uploadTime + rtt + downloadTime), with
 * costModel = GameCostModel::LOAD_AWARE, requestRate = mu_i and penalty = C_max.
 *
 * \param envelope the device's envelope (computed for fMax >= F)
 * \param lambda lambda_i (> 0)
 * \param requestRate mu_i, the measured request rate (requests/s, >= 0; 0 = not measured yet)
 * \param penalty C_max (s, > 0), the latency of an unstable option: the request timeout
 * \return the player
 * \throws DnnSurgeryError on invalid input (as MakeGamePlayer, and for mu_i or C_max)
 */
GamePlayer MakeGamePlayer(const PartitionEnvelope& envelope,
                          double lambda,
                          double requestRate,
                          double penalty);

} // namespace ns3

#endif /* DNN_SURGERY_GAME_PLAYER_ADAPTER_H */
