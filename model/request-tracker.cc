/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "request-tracker.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RequestTracker");

const char*
DnnSurgeryRequestRecord::OutcomeName(Outcome o)
{
    switch (o)
    {
    case COMPLETED:
        return "completed";
    case FALLBACK:
        return "fallback";
    case FAILED:
        return "failed";
    case UNFINISHED:
        return "unfinished";
    }
    return "unknown";
}

RequestTracker::RequestTracker()
{
}

void
RequestTracker::SetResolvedCallback(Callback<void, const DnnSurgeryRequestRecord&> cb)
{
    m_resolved = cb;
}

RequestTracker::Request&
RequestTracker::Issue(uint32_t deviceId,
                      const std::string& policy,
                      Time now,
                      uint32_t epoch,
                      const DnnSurgeryPlan& plan)
{
    uint32_t id = m_nextId++;
    Request& r = m_requests[id];
    r.record.deviceId = deviceId;
    r.record.requestId = id;
    r.record.policy = policy;
    r.record.issued = now;
    r.record.epoch = epoch;
    r.record.plan = plan;
    r.record.share = plan.share;
    r.record.serverWork = plan.serverWork;
    r.record.predictedLatency = plan.predictedLatency;
    ++m_issued;
    return r;
}

RequestTracker::Request*
RequestTracker::Find(uint32_t id)
{
    auto it = m_requests.find(id);
    return it == m_requests.end() ? nullptr : &it->second;
}

void
RequestTracker::MarkSent(uint32_t id, Time now, double bytesUp)
{
    Request* r = Find(id);
    NS_ASSERT_MSG(r, "request " << id << " is not in flight");
    r->record.sent = now;
    r->record.bytesUp = bytesUp;
    ++m_uploadsInFlight;
}

void
RequestTracker::SetTimeout(uint32_t id, EventId timeout)
{
    Request* r = Find(id);
    NS_ASSERT_MSG(r, "request " << id << " is not in flight");
    r->timeout = timeout;
}

bool
RequestTracker::IsAwaitingResult(uint32_t id) const
{
    auto it = m_requests.find(id);
    return it != m_requests.end() && !it->second.fallingBack &&
           it->second.record.sent.IsPositive() && it->second.record.resultReceived.IsNegative();
}

void
RequestTracker::CompleteWithResult(uint32_t id, Time now, double bytesDown)
{
    Request* r = Find(id);
    NS_ASSERT_MSG(r && IsAwaitingResult(id), "request " << id << " does not await a result");
    --m_uploadsInFlight;
    r->record.resultReceived = now;
    r->record.bytesDown = bytesDown;
    Resolve(id, DnnSurgeryRequestRecord::COMPLETED, "", now);
}

bool
RequestTracker::StartFallback(uint32_t id, const std::string& reason, Time now, double& seconds)
{
    auto it = m_requests.find(id);
    if (it == m_requests.end() || it->second.fallingBack)
    {
        return false;
    }
    Request& r = it->second;
    r.timeout.Cancel();
    if (r.record.sent.IsPositive() && r.record.resultReceived.IsNegative())
    {
        --m_uploadsInFlight;
    }
    r.fallingBack = true;
    r.record.reason = reason;
    r.record.fallbackStart = now;
    double done = r.record.deviceEnd.IsPositive() ? r.record.plan.deviceTime : 0;
    seconds = std::max(0.0, r.record.plan.localDeviceTime - done);
    return true;
}

void
RequestTracker::Resolve(uint32_t id,
                        DnnSurgeryRequestRecord::Outcome outcome,
                        std::string reason,
                        Time now)
{
    // reason is taken by value: callers pass fields of the request that is erased below
    auto it = m_requests.find(id);
    if (it == m_requests.end())
    {
        return;
    }
    DnnSurgeryRequestRecord rec = it->second.record;
    it->second.timeout.Cancel();
    if (rec.sent.IsPositive() && rec.resultReceived.IsNegative() && !it->second.fallingBack)
    {
        --m_uploadsInFlight;
    }
    m_requests.erase(it);
    rec.outcome = outcome;
    rec.reason = std::move(reason);
    rec.finished = now;
    switch (outcome)
    {
    case DnnSurgeryRequestRecord::COMPLETED:
        ++m_completed;
        break;
    case DnnSurgeryRequestRecord::FALLBACK:
        ++m_fallback;
        break;
    case DnnSurgeryRequestRecord::FAILED:
        ++m_failed;
        break;
    case DnnSurgeryRequestRecord::UNFINISHED:
        ++m_unfinished;
        break;
    }
    NS_LOG_INFO("device " << rec.deviceId << " request " << id << " "
                          << DnnSurgeryRequestRecord::OutcomeName(outcome) << " "
                          << rec.GetLatency().As(Time::MS) << " " << rec.reason);
    NS_ASSERT(m_issued == m_completed + m_fallback + m_failed + m_unfinished + m_requests.size());
    if (!m_resolved.IsNull())
    {
        m_resolved(rec);
    }
}

std::vector<uint32_t>
RequestTracker::GetUnresolved() const
{
    std::vector<uint32_t> ids;
    for (const auto& r : m_requests)
    {
        ids.push_back(r.first);
    }
    return ids;
}

std::vector<uint32_t>
RequestTracker::GetAwaitingResult() const
{
    std::vector<uint32_t> ids;
    for (const auto& r : m_requests)
    {
        if (IsAwaitingResult(r.first))
        {
            ids.push_back(r.first);
        }
    }
    return ids;
}

uint32_t
RequestTracker::GetUploadsInFlight() const
{
    return m_uploadsInFlight;
}

uint64_t
RequestTracker::GetIssued() const
{
    return m_issued;
}

uint64_t
RequestTracker::GetCompleted() const
{
    return m_completed;
}

uint64_t
RequestTracker::GetFallback() const
{
    return m_fallback;
}

uint64_t
RequestTracker::GetFailed() const
{
    return m_failed;
}

uint64_t
RequestTracker::GetUnfinished() const
{
    return m_unfinished;
}

uint64_t
RequestTracker::GetInFlight() const
{
    return m_requests.size();
}

} // namespace ns3
