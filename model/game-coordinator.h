/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GAME_COORDINATOR_H
#define GAME_COORDINATOR_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The server's role in the decentralised game: turns, rounds, grants, the end of an epoch.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The server's side of the resource allocation game (formulation section 5) over the network.
 *
 * An epoch is a sequence of rounds; in a round every player is asked in turn (ascending id):
 * the coordinator asks its host to send that player the state (SendState), and waits for the
 * player's demand (HandleDemand) or TurnTimeout. A moving player is granted
 * min(demand, F - S_-i). A player that does not answer is skipped, and not asked again in the
 * epoch until the host hears from it. The epoch ends when a full round has no move (an
 * epsilon-Nash equilibrium), after MaxRounds rounds, or when it is aborted; a final state then
 * goes to every player (not when aborted).
 *
 * The coordinator sends nothing itself: its Host (the MecServerApplication) owns the players'
 * shares and the connections. It can thus be driven without a network.
 */
class GameCoordinator
{
  public:
    /// What the coordinator needs from the server.
    class Host
    {
      public:
        virtual ~Host() = default;
        /**
         * \brief The joined players.
         * \return their ids, ascending
         */
        virtual std::vector<uint32_t> GetPlayers() const = 0;
        /**
         * \brief Whether a player can be asked: still joined, and heard from since it last
         * missed a turn.
         * \param id the player
         * \return true to ask it
         */
        virtual bool CanTakeTurn(uint32_t id) const = 0;
        /**
         * \brief A player missed its turn.
         * \param id the player
         */
        virtual void MissedTurn(uint32_t id) = 0;
        /**
         * \brief A player's share.
         * \param id the player
         * \return f_i
         */
        virtual double GetShare(uint32_t id) const = 0;
        /**
         * \brief The aggregate.
         * \return S = sum f_i
         */
        virtual double GetAggregate() const = 0;
        /**
         * \brief Send the state: to the player whose turn it is, or the final one to all.
         * \param turn the player asked (ignored when final)
         * \param final the epoch's final state
         */
        virtual void SendState(uint32_t turn, bool final) = 0;
        /**
         * \brief Grant a share.
         * \param id the player
         * \param share f_i
         * \param trimmed the demand was trimmed to F - S_-i
         */
        virtual void Grant(uint32_t id, double share, bool trimmed) = 0;
        /**
         * \brief The epoch ended.
         * \param converged a full round had no move
         * \param aborted it was interrupted
         * \param rounds rounds played
         */
        virtual void EpochEnded(bool converged, bool aborted, uint32_t rounds) = 0;
    };

    GameCoordinator();
    ~GameCoordinator();

    /**
     * \brief Set the host.
     * \param host the server (outlives the coordinator's events)
     */
    void SetHost(Host* host);
    /**
     * \brief Set the capacity.
     * \param capacity F (FLOP/s)
     */
    void SetCapacity(double capacity);
    /**
     * \brief Set the round limit.
     * \param maxRounds rounds per epoch
     */
    void SetMaxRounds(uint32_t maxRounds);
    /**
     * \brief Set the time a player has to answer.
     * \param timeout the turn timeout
     */
    void SetTurnTimeout(Time timeout);

    /// Start an epoch with the host's current players (ascending id).
    void Start();
    /**
     * \brief End the epoch (nothing if none runs).
     * \param converged a full round had no move
     * \param aborted interrupted (no final state is sent)
     */
    void End(bool converged, bool aborted);
    /// A player re-entered with a new envelope: the epoch runs at least one more round.
    void NoteReentry();

    /**
     * \brief A player's demand.
     * \param id the player
     * \param step the step of the state it answers
     * \param changed it moves
     * \param demand f_i demanded
     * \return false if stale (not its turn, another step, or no epoch)
     */
    bool HandleDemand(uint32_t id, uint32_t step, bool changed, double demand);

    /**
     * \brief Whether an epoch runs.
     * \return true while negotiating
     */
    bool IsRunning() const;
    /**
     * \brief The step counter (one per state asking a player; it never restarts).
     * \return the step
     */
    uint32_t GetStep() const;
    /**
     * \brief The round of the epoch.
     * \return 1.. while running
     */
    uint32_t GetRound() const;

  private:
    /// Ask the next player (or end the epoch if there is none).
    void AskTurn();
    /// The player asked did not answer in time.
    void TurnTimedOut();
    /// Move to the next turn, round, or the end.
    void AdvanceTurn();

    Host* m_host{nullptr};          //!< the server
    double m_capacity{0};           //!< F
    uint32_t m_maxRounds{50};       //!< round limit
    Time m_turnTimeout;             //!< answer time
    bool m_running{false};          //!< an epoch runs
    uint32_t m_step{0};             //!< state step
    uint32_t m_round{0};            //!< round in the epoch
    std::vector<uint32_t> m_order;  //!< turn order
    std::size_t m_turnIdx{0};       //!< whose turn
    bool m_changedThisRound{false}; //!< a share changed (or a player re-entered) this round
    EventId m_turnEvent;            //!< turn timeout
};

} // namespace ns3

#endif /* GAME_COORDINATOR_H */
