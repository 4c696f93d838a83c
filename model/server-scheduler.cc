/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "server-scheduler.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

ServerScheduler::ServerScheduler()
{
}

ServerScheduler::~ServerScheduler()
{
    m_event.Cancel();
}

void
ServerScheduler::SetFinishedCallback(Callback<void, uint32_t, const Job&, bool> cb)
{
    m_finished = cb;
}

void
ServerScheduler::SetCapacity(double capacity)
{
    m_capacity = capacity;
}

void
ServerScheduler::SetWeightedSharing(bool weighted)
{
    m_weighted = weighted;
}

void
ServerScheduler::SetPolicy(Ptr<OffloadingPolicy> policy)
{
    m_policy = policy;
}

void
ServerScheduler::Start()
{
    m_last = Simulator::Now();
}

void
ServerScheduler::Stop()
{
    m_event.Cancel();
}

void
ServerScheduler::Clear()
{
    m_event.Cancel();
    m_queues.clear();
    m_policy = nullptr;
}

void
ServerScheduler::SetShare(uint32_t deviceId, double share)
{
    m_queues[deviceId].share = share;
}

void
ServerScheduler::AddJob(uint32_t deviceId, const Job& job)
{
    Update();
    m_queues[deviceId].jobs.push_back(job);
    Update();
}

void
ServerScheduler::ClearJobs(uint32_t deviceId)
{
    auto it = m_queues.find(deviceId);
    if (it != m_queues.end())
    {
        it->second.jobs.clear();
    }
}

void
ServerScheduler::RemoveDevice(uint32_t deviceId)
{
    Update(); // account the work done so far before the jobs go
    m_queues.erase(deviceId);
}

std::size_t
ServerScheduler::GetQueueLength(uint32_t deviceId) const
{
    auto it = m_queues.find(deviceId);
    return it == m_queues.end() ? 0 : it->second.jobs.size();
}

double
ServerScheduler::GetRate(uint32_t deviceId) const
{
    auto it = m_queues.find(deviceId);
    return it == m_queues.end() ? 0 : it->second.rate;
}

double
ServerScheduler::Weight(double share) const
{
    return m_policy ? m_policy->GetServiceWeight(share) : share;
}

void
ServerScheduler::Update()
{
    Time now = Simulator::Now();
    double dt = (now - m_last).GetSeconds();
    m_last = now;
    // Advance every head job at its current rate.
    for (auto& q : m_queues)
    {
        if (!q.second.jobs.empty() && q.second.jobs.front().computeStart.IsPositive())
        {
            q.second.jobs.front().remaining -= q.second.rate * dt;
        }
    }
    bool weighted = m_weighted || (m_policy && m_policy->SharesCapacity());
    auto finish = [this](uint32_t id, std::deque<Job>& jobs, bool ok) {
        Job done = jobs.front();
        jobs.pop_front();
        if (!m_finished.IsNull())
        {
            m_finished(id, done, ok);
        }
    };
    bool again = true;
    while (again)
    {
        again = false;
        // Start and finish heads; reject work that has no share.
        for (auto& q : m_queues)
        {
            auto& jobs = q.second.jobs;
            while (!jobs.empty())
            {
                Job& j = jobs.front();
                if (j.computeStart.IsNegative())
                {
                    j.computeStart = now;
                    if (q.second.share <= 0)
                    {
                        finish(q.first, jobs, false);
                        continue;
                    }
                }
                if ((q.second.rate > 0 && j.remaining / q.second.rate < 1e-9) || j.remaining <= 0)
                {
                    finish(q.first, jobs, true);
                    again = true;
                    continue;
                }
                break;
            }
        }
        // Rates: reserved f_i, or GPS with the policy's weights (f_i by default).
        double weights = 0;
        for (auto& q : m_queues)
        {
            if (!q.second.jobs.empty())
            {
                weights += Weight(q.second.share);
            }
        }
        for (auto& q : m_queues)
        {
            double rate = 0;
            if (!q.second.jobs.empty())
            {
                if (!weighted)
                {
                    rate = q.second.share;
                }
                else if (weights > 0)
                {
                    rate = m_capacity * Weight(q.second.share) / weights;
                }
            }
            q.second.rate = rate;
        }
        if (again)
        {
            // A finished job may have exposed a new head; loop once more to start it.
            again = false;
            for (auto& q : m_queues)
            {
                if (!q.second.jobs.empty() && q.second.jobs.front().computeStart.IsNegative())
                {
                    again = true;
                }
            }
        }
    }
    // Next completion.
    m_event.Cancel();
    double next = std::numeric_limits<double>::infinity();
    for (auto& q : m_queues)
    {
        if (!q.second.jobs.empty() && q.second.rate > 0)
        {
            next = std::min(next, q.second.jobs.front().remaining / q.second.rate);
        }
    }
    if (std::isfinite(next))
    {
        m_event = Simulator::Schedule(Seconds(std::max(0.0, next)), &ServerScheduler::Update, this);
    }
}

} // namespace ns3
