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
 * gets b = 1 FLOP: it needs a share, but a negligible one (the game needs b > 0).
 *
 * \param envelope the device's envelope (computed for fMax >= F)
 * \param lambda lambda_i, the device's cost weight (> 0)
 * \return the player
 * \throws DnnSurgeryError if lambda is not finite and > 0 or a candidate's cost is not finite
 */
GamePlayer MakeGamePlayer(const PartitionEnvelope& envelope, double lambda);

} // namespace ns3

#endif /* DNN_SURGERY_GAME_PLAYER_ADAPTER_H */
