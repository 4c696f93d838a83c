/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "device-processor.h"

#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

DeviceProcessor::DeviceProcessor()
{
}

DeviceProcessor::~DeviceProcessor()
{
    m_event.Cancel();
}

void
DeviceProcessor::SetStartCallback(Callback<bool, const Job&> cb)
{
    m_start = cb;
}

void
DeviceProcessor::SetDoneCallback(Callback<void, const Job&> cb)
{
    m_done = cb;
}

void
DeviceProcessor::Enqueue(const Job& job)
{
    m_queue.push_back(job);
    if (!m_busy && !m_inDone)
    {
        StartNext();
    }
}

void
DeviceProcessor::StartNext()
{
    while (!m_queue.empty())
    {
        Job job = m_queue.front();
        m_queue.pop_front();
        if (!m_start.IsNull() && !m_start(job))
        {
            continue;
        }
        m_busy = true;
        m_current = job;
        m_event =
            Simulator::Schedule(Seconds(std::max(0.0, job.seconds)), &DeviceProcessor::Done, this);
        return;
    }
    m_busy = false;
}

void
DeviceProcessor::Done()
{
    Job job = m_current;
    m_busy = false;
    m_inDone = true;
    if (!m_done.IsNull())
    {
        m_done(job);
    }
    m_inDone = false;
    if (!m_busy)
    {
        StartNext();
    }
}

void
DeviceProcessor::Clear()
{
    m_event.Cancel();
    m_queue.clear();
    m_busy = false;
}

bool
DeviceProcessor::IsBusy() const
{
    return m_busy;
}

std::size_t
DeviceProcessor::GetQueueLength() const
{
    return m_queue.size();
}

} // namespace ns3
