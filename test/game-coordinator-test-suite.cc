/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of GameCoordinator without a network (suite dnn-surgery-game-coordinator): a fake host
 * plays the server, scripted players answer their turns.
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/game-coordinator.h"
#include "ns3/test.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

using namespace ns3;

namespace
{

/// A server without a network: shares in a map, states recorded, players scripted.
class FakeHost : public GameCoordinator::Host
{
  public:
    GameCoordinator* game{nullptr};                //!< the coordinator under test
    std::map<uint32_t, double> shares;             //!< f_i of the players
    std::map<uint32_t, double> target;             //!< what each player demands when asked
    std::set<uint32_t> silent;                     //!< players that never answer
    double capacity{10};                           //!< F
    std::vector<uint32_t> asked;                   //!< turns, in order
    std::vector<double> askedAt;                   //!< when (s)
    uint32_t finals{0};                            //!< final states sent
    std::vector<uint32_t> missed;                  //!< players that missed a turn
    std::vector<std::pair<uint32_t, bool>> grants; //!< (player, trimmed)
    bool ended{false};                             //!< the epoch ended
    bool converged{false};                         //!< and converged
    bool aborted{false};                           //!< or was aborted
    uint32_t rounds{0};                            //!< rounds played

    std::vector<uint32_t> GetPlayers() const override
    {
        std::vector<uint32_t> ids;
        for (const auto& s : shares)
        {
            ids.push_back(s.first);
        }
        return ids;
    }

    bool CanTakeTurn(uint32_t id) const override
    {
        return shares.count(id) && std::find(missed.begin(), missed.end(), id) == missed.end();
    }

    void MissedTurn(uint32_t id) override
    {
        missed.push_back(id);
    }

    double GetShare(uint32_t id) const override
    {
        return shares.at(id);
    }

    double GetAggregate() const override
    {
        double s = 0;
        for (const auto& p : shares)
        {
            s += p.second;
        }
        return s;
    }

    void SendState(uint32_t turn, bool final) override
    {
        if (final)
        {
            ++finals;
            return;
        }
        asked.push_back(turn);
        askedAt.push_back(Simulator::Now().GetSeconds());
        if (!silent.count(turn))
        {
            // the player answers 10 ms later: it moves to its target if it is not there
            // its best response is its target, or what is left of F; it moves only if that
            // differs from its share
            uint32_t step = game->GetStep();
            double room = capacity - (GetAggregate() - shares.at(turn));
            bool changed = shares.at(turn) != std::min(target.at(turn), room);
            Simulator::Schedule(MilliSeconds(10),
                                &FakeHost::Answer,
                                this,
                                turn,
                                step,
                                changed,
                                target.at(turn));
        }
    }

    /**
     * \brief A player's answer.
     * \param id the player
     * \param step the step it answers
     * \param changed it moves
     * \param demand its demand
     */
    void Answer(uint32_t id, uint32_t step, bool changed, double demand)
    {
        game->HandleDemand(id, step, changed, demand);
    }

    void Grant(uint32_t id, double share, bool trimmed) override
    {
        shares[id] = share;
        grants.emplace_back(id, trimmed);
    }

    void EpochEnded(bool c, bool a, uint32_t r) override
    {
        ended = true;
        converged = c;
        aborted = a;
        rounds = r;
    }
};

/// Turns, rounds, trimming, convergence, silent players, the round limit, stale demands.
class GameCoordinatorTestCase : public TestCase
{
  public:
    GameCoordinatorTestCase()
        : TestCase("game coordinator: turns in id order, grants min(demand, F - S_-i), ends at "
                   "a quiet round, skips silent players, stops at MaxRounds")
    {
    }

  private:
    void DoRun() override
    {
        // Three players, F = 10: 1 wants 4, 2 wants 5, 3 wants 4 (only 1 left for it).
        {
            GameCoordinator g;
            FakeHost h;
            h.game = &g;
            h.shares = {{3, 0}, {1, 0}, {2, 0}};
            h.target = {{1, 4}, {2, 5}, {3, 4}};
            g.SetHost(&h);
            g.SetCapacity(10);
            g.SetMaxRounds(50);
            g.SetTurnTimeout(MilliSeconds(100));
            g.Start();
            Simulator::Run();
            Simulator::Destroy();
            // round 1: all move; round 2: nobody moves -> converged after two rounds
            const std::vector<uint32_t> order = {1, 2, 3, 1, 2, 3};
            NS_TEST_ASSERT_MSG_EQ(h.asked.size(), order.size(), "two rounds");
            NS_TEST_EXPECT_MSG_EQ(h.rounds, 2u, "rounds reported");
            for (std::size_t k = 0; k < std::min(h.asked.size(), order.size()); ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(h.asked[k], order[k], "turn " << k << " in id order");
            }
            NS_TEST_EXPECT_MSG_EQ(h.shares[1], 4.0, "1 got its demand");
            NS_TEST_EXPECT_MSG_EQ(h.shares[2], 5.0, "2 got its demand");
            NS_TEST_EXPECT_MSG_EQ(h.shares[3], 1.0, "3 trimmed to F - S_-i");
            NS_TEST_ASSERT_MSG_GT(h.grants.size(), 2u, "three first grants");
            NS_TEST_EXPECT_MSG_EQ(h.grants[2].second, true, "the third was trimmed");
            NS_TEST_EXPECT_MSG_EQ((h.ended && h.converged && !h.aborted), true, "converged");
            NS_TEST_EXPECT_MSG_EQ(h.finals, 1u, "the final state goes out once");
            NS_TEST_EXPECT_MSG_EQ(g.IsRunning(), false, "the epoch is over");
        }
        // A silent player is skipped after the timeout and not asked again in the epoch.
        {
            GameCoordinator g;
            FakeHost h;
            h.game = &g;
            h.shares = {{1, 0}, {2, 0}};
            h.target = {{1, 3}, {2, 3}};
            h.silent = {1};
            g.SetHost(&h);
            g.SetCapacity(10);
            g.SetTurnTimeout(MilliSeconds(100));
            g.Start();
            Simulator::Run();
            Simulator::Destroy();
            NS_TEST_ASSERT_MSG_EQ(h.missed.size(), 1u, "one missed turn");
            NS_TEST_EXPECT_MSG_EQ(h.missed[0], 1u, "by the silent player");
            NS_TEST_EXPECT_MSG_EQ(std::count(h.asked.begin(), h.asked.end(), 1u),
                                  1,
                                  "asked once only");
            NS_TEST_ASSERT_MSG_GT(h.askedAt.size(), 1u, "then 2 was asked");
            NS_TEST_EXPECT_MSG_EQ_TOL(h.askedAt[1], 0.1, 1e-9, "after the turn timeout");
            NS_TEST_EXPECT_MSG_EQ(h.shares[2], 3.0, "the other player still moved");
            NS_TEST_EXPECT_MSG_EQ(h.converged, true, "and the epoch converged");
        }
        // A player that keeps moving is stopped by the round limit; a stale demand is ignored;
        // an aborted epoch sends no final state.
        {
            GameCoordinator g;
            FakeHost h;
            h.game = &g;
            h.shares = {{1, 0}};
            h.target = {{1, 2}};
            g.SetHost(&h);
            g.SetCapacity(10);
            g.SetMaxRounds(3);
            g.Start();
            // re-entries every round keep the epoch going until the limit
            for (int k = 1; k <= 5; ++k)
            {
                Simulator::Schedule(MilliSeconds(10 * k + 5), &GameCoordinator::NoteReentry, &g);
            }
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ((h.ended && !h.converged), true, "the round limit ended it");
            NS_TEST_EXPECT_MSG_EQ(h.rounds, 3u, "after MaxRounds rounds");
            NS_TEST_EXPECT_MSG_EQ(g.HandleDemand(1, g.GetStep(), true, 5), false, "no epoch");
            h.ended = false;
            h.finals = 0;
            h.silent = {1};
            g.Start();
            NS_TEST_EXPECT_MSG_EQ(g.HandleDemand(1, g.GetStep() + 1, true, 5),
                                  false,
                                  "a demand for another step is stale");
            g.End(false, true);
            NS_TEST_EXPECT_MSG_EQ((h.ended && h.aborted), true, "aborted");
            NS_TEST_EXPECT_MSG_EQ(h.finals, 0u, "no final state when aborted");
            Simulator::Destroy();
        }
    }
};

/// Suite: the game coordinator.
class GameCoordinatorTestSuite : public TestSuite
{
  public:
    GameCoordinatorTestSuite()
        : TestSuite("dnn-surgery-game-coordinator", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new GameCoordinatorTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
GameCoordinatorTestSuite g_gameCoordinatorTestSuite;

} // namespace
