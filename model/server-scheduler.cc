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
    m_accounting = true;
}

void
ServerScheduler::Stop()
{
    if (m_accounting)
    {
        // freeze the totals at now; the jobs keep their state for a later Update
        Usage inc = Increment((Simulator::Now() - m_last).GetSeconds());
        m_usage.work += inc.work;
        m_usage.idleReserved += inc.idleReserved;
        m_usage.busy += inc.busy;
        m_usage.time += inc.time;
        m_accounting = false;
    }
    m_event.Cancel();
}

void
ServerScheduler::Clear()
{
    m_event.Cancel();
    m_queues.clear();
    m_policy = nullptr;
    m_usage = Usage();
    m_accounting = false;
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

ServerScheduler::Usage
ServerScheduler::Increment(double dt) const
{
    Usage inc;
    if (dt <= 0)
    {
        return inc;
    }
    double reserved = 0;
    double serving = 0;
    for (const auto& q : m_queues)
    {
        reserved += std::max(0.0, q.second.share);
        if (!q.second.jobs.empty() && q.second.jobs.front().computeStart.IsPositive() &&
            q.second.rate > 0)
        {
            serving += q.second.rate;
            inc.work +=
                std::min(q.second.rate * dt, std::max(0.0, q.second.jobs.front().remaining));
        }
    }
    if (m_capacity > 0)
    {
        reserved = std::min(reserved, m_capacity);
    }
    inc.idleReserved = std::max(0.0, reserved - serving) * dt;
    inc.busy = serving > 0 ? dt : 0;
    inc.time = dt;
    return inc;
}

double
ServerScheduler::GetWorkDone() const
{
    return m_usage.work +
           (m_accounting ? Increment((Simulator::Now() - m_last).GetSeconds()).work : 0);
}

double
ServerScheduler::GetIdleReservedIntegral() const
{
    return m_usage.idleReserved +
           (m_accounting ? Increment((Simulator::Now() - m_last).GetSeconds()).idleReserved : 0);
}

double
ServerScheduler::GetBusyTime() const
{
    return m_usage.busy +
           (m_accounting ? Increment((Simulator::Now() - m_last).GetSeconds()).busy : 0);
}

double
ServerScheduler::GetAccountedTime() const
{
    return m_usage.time +
           (m_accounting ? Increment((Simulator::Now() - m_last).GetSeconds()).time : 0);
}

void
ServerScheduler::Update()
{
    Time now = Simulator::Now();
    double dt = (now - m_last).GetSeconds();
    m_last = now;
    if (m_accounting)
    {
        // the rates were constant since the last update
        Usage inc = Increment(dt);
        m_usage.work += inc.work;
        m_usage.idleReserved += inc.idleReserved;
        m_usage.busy += inc.busy;
        m_usage.time += inc.time;
    }
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
        if (ok && m_accounting)
        {
            m_usage.work += std::max(0.0, done.remaining); // the last sliver below 1 ns
        }
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
        // Rates: reserved f_i, or GPS with the policy's weights (f_i by default); weight-0
        // devices share F only while no device of positive weight has work.
        double weights = 0;
        uint32_t zeroWeightBusy = 0;
        for (auto& q : m_queues)
        {
            if (!q.second.jobs.empty())
            {
                double w = Weight(q.second.share);
                if (w > 0)
                {
                    weights += w;
                }
                else
                {
                    ++zeroWeightBusy;
                }
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
                    rate = m_capacity * std::max(0.0, Weight(q.second.share)) / weights;
                }
                else
                {
                    rate = m_capacity / zeroWeightBusy;
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
