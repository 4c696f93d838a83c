/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "game-coordinator.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GameCoordinator");

GameCoordinator::GameCoordinator()
    : m_turnTimeout(MilliSeconds(500))
{
}

GameCoordinator::~GameCoordinator()
{
    m_turnEvent.Cancel();
}

void
GameCoordinator::SetHost(Host* host)
{
    m_host = host;
}

void
GameCoordinator::SetCapacity(double capacity)
{
    m_capacity = capacity;
}

void
GameCoordinator::SetMaxRounds(uint32_t maxRounds)
{
    m_maxRounds = maxRounds;
}

void
GameCoordinator::SetTurnTimeout(Time timeout)
{
    m_turnTimeout = timeout;
}

bool
GameCoordinator::IsRunning() const
{
    return m_running;
}

uint32_t
GameCoordinator::GetStep() const
{
    return m_step;
}

uint32_t
GameCoordinator::GetRound() const
{
    return m_round;
}

void
GameCoordinator::Start()
{
    m_order = m_host->GetPlayers();
    m_round = 1;
    m_turnIdx = 0;
    m_changedThisRound = false;
    m_running = true;
    AskTurn();
}

void
GameCoordinator::NoteReentry()
{
    m_changedThisRound = true;
}

void
GameCoordinator::AskTurn()
{
    if (m_order.empty())
    {
        End(true, false);
        return;
    }
    uint32_t id = m_order[m_turnIdx];
    if (!m_host->CanTakeTurn(id))
    {
        // Gone, or silent since it missed a turn (e.g. out of coverage): no move.
        AdvanceTurn();
        return;
    }
    ++m_step;
    m_host->SendState(id, false);
    m_turnEvent.Cancel();
    m_turnEvent = Simulator::Schedule(m_turnTimeout, &GameCoordinator::TurnTimedOut, this);
}

bool
GameCoordinator::HandleDemand(uint32_t id, uint32_t step, bool changed, double demand)
{
    if (!m_running || step != m_step || m_turnIdx >= m_order.size() || m_order[m_turnIdx] != id)
    {
        return false;
    }
    if (changed)
    {
        // Grant min(demand, F - S_-i).
        double othersSum = m_host->GetAggregate() - m_host->GetShare(id);
        double room = std::max(0.0, m_capacity - othersSum);
        double granted = std::min(std::max(0.0, demand), room);
        m_changedThisRound = true;
        m_host->Grant(id, granted, granted < demand);
    }
    AdvanceTurn();
    return true;
}

void
GameCoordinator::TurnTimedOut()
{
    if (m_running && m_turnIdx < m_order.size())
    {
        NS_LOG_INFO("device " << m_order[m_turnIdx] << " missed its turn");
        m_host->MissedTurn(m_order[m_turnIdx]);
        AdvanceTurn();
    }
}

void
GameCoordinator::AdvanceTurn()
{
    m_turnEvent.Cancel();
    ++m_turnIdx;
    if (m_turnIdx >= m_order.size())
    {
        if (!m_changedThisRound)
        {
            End(true, false);
            return;
        }
        if (m_round >= m_maxRounds)
        {
            End(false, false);
            return;
        }
        ++m_round;
        m_turnIdx = 0;
        m_changedThisRound = false;
    }
    AskTurn();
}

void
GameCoordinator::End(bool converged, bool aborted)
{
    if (!m_running)
    {
        return;
    }
    m_running = false;
    m_turnEvent.Cancel();
    if (!aborted)
    {
        m_host->SendState(0, true);
    }
    m_host->EpochEnded(converged, aborted, m_round);
}

} // namespace ns3
