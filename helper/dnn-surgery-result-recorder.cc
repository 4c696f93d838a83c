/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-result-recorder.h"

#include "ns3/callback.h"
#include "ns3/simulator.h"

#include <cmath>

namespace ns3
{

namespace
{

/**
 * \param t a stage time, negative when the stage did not happen
 * \return seconds, NaN when it did not happen
 */
double
Stage(Time t)
{
    return t.IsNegative() ? RequestRecord::NONE : t.GetSeconds();
}

} // namespace

DnnSurgeryResultRecorder::DnnSurgeryResultRecorder(ResultStore& store, double p0, double kappa)
    : m_store(store),
      m_p0(p0),
      m_kappa(kappa)
{
}

void
DnnSurgeryResultRecorder::ConnectServer(Ptr<MecServerApplication> server)
{
    server->TraceConnectWithoutContext("Grant",
                                       MakeCallback(&DnnSurgeryResultRecorder::OnGrant, this));
    server->TraceConnectWithoutContext("Round",
                                       MakeCallback(&DnnSurgeryResultRecorder::OnRound, this));
}

void
DnnSurgeryResultRecorder::ConnectDevice(Ptr<MobileDeviceApplication> device)
{
    device->TraceConnectWithoutContext("Request",
                                       MakeCallback(&DnnSurgeryResultRecorder::OnRequest, this));
    device->TraceConnectWithoutContext("Handover",
                                       MakeCallback(&DnnSurgeryResultRecorder::OnHandover, this));
    device->TraceConnectWithoutContext("RateEstimate",
                                       MakeCallback(&DnnSurgeryResultRecorder::OnRate, this));
}

uint64_t
DnnSurgeryResultRecorder::GetCount(uint32_t device, RequestOutcome outcome) const
{
    const auto& m = m_counts[static_cast<int>(outcome)];
    auto it = m.find(device);
    return it == m.end() ? 0 : it->second;
}

void
DnnSurgeryResultRecorder::OnRequest(const DnnSurgeryRequestRecord& r)
{
    RequestRecord q;
    q.device = r.deviceId;
    q.request = r.requestId;
    q.issued = Stage(r.issued);
    q.deviceStart = Stage(r.deviceStart);
    q.deviceEnd = Stage(r.deviceEnd);
    q.uploadStart = Stage(r.sent);
    q.uploadEnd = Stage(r.serverReceived);
    q.serverQueued = Stage(r.serverReceived); // the server queues the work when it has it all
    q.serverStart = Stage(r.computeStart);
    q.serverEnd = Stage(r.computeEnd);
    q.downloadEnd = Stage(r.resultReceived);
    q.bytesUp = r.bytesUp;
    q.bytesDown = r.bytesDown;
    q.share = r.share;
    switch (r.outcome)
    {
    case DnnSurgeryRequestRecord::COMPLETED:
        q.outcome = RequestOutcome::COMPLETED;
        break;
    case DnnSurgeryRequestRecord::FALLBACK:
        q.outcome = RequestOutcome::FALLBACK;
        break;
    case DnnSurgeryRequestRecord::UNFINISHED:
        q.outcome = RequestOutcome::UNFINISHED;
        break;
    default:
        q.outcome = RequestOutcome::FAILED;
        break;
    }
    if (q.outcome == RequestOutcome::COMPLETED || q.outcome == RequestOutcome::FALLBACK)
    {
        q.completed = Stage(r.finished);
        q.latency = q.completed - q.issued;
    }
    if (r.deadline > 0 && q.outcome == RequestOutcome::UNFINISHED)
    {
        q.deadline = r.deadline; // not judged: the run ended before the request did
    }
    else if (r.deadline > 0)
    {
        // judged on the latency column: a failed request misses its deadline
        q.deadline = r.deadline;
        q.deadlineMet =
            (q.outcome == RequestOutcome::COMPLETED || q.outcome == RequestOutcome::FALLBACK) &&
                    q.latency <= r.deadline
                ? 1
                : 0;
    }
    std::string placement(r.plan.onServer.size(), '0');
    uint32_t onServer = 0;
    for (std::size_t v = 0; v < r.plan.onServer.size(); ++v)
    {
        if (r.plan.onServer[v])
        {
            placement[v] = '1';
            onServer++;
        }
    }
    q.layersOnServer = onServer;
    q.predicted = r.predictedLatency > 0 ? r.predictedLatency : RequestRecord::NONE;
    // the server work billed by usage: the work of a result that came back (a request that
    // fell back, failed or was left unfinished is not billed)
    q.serverWork = r.resultReceived.IsPositive() ? r.plan.serverWork : 0;
    q.server = r.server;
    q.cell = r.cell == AccessLinkMonitor::NO_CELL ? -1 : static_cast<int64_t>(r.cell);
    q.crossedHandover = r.crossedHandover;
    m_counts[static_cast<int>(q.outcome)][q.device]++;

    auto it = m_placement.find(q.device);
    if (it == m_placement.end() || it->second != placement)
    {
        m_placement[q.device] = placement;
        PlacementRecord p;
        p.time = q.issued;
        p.device = q.device;
        p.placement = placement;
        p.layersOnServer = onServer;
        p.bytesUp = r.plan.bytesUp;
        p.bytesDown = r.plan.bytesDown;
        p.b = r.plan.serverWork;
        p.share = r.plan.share;
        p.predictedLatency = r.plan.predictedLatency;
        p.a = r.plan.predictedLatency -
              (r.plan.share > 0 && r.plan.offloads ? r.plan.serverWork / r.plan.share : 0.0);
        m_store.AddPlacement(p);
    }
    m_store.AddRequest(q);
}

void
DnnSurgeryResultRecorder::OnHandover(const DnnSurgeryHandoverRecord& h)
{
    HandoverRecord row;
    row.device = h.deviceId;
    row.time = h.start.GetSeconds();
    row.kind = h.kind;
    row.source = h.source == AccessLinkMonitor::NO_CELL ? -1 : static_cast<int64_t>(h.source);
    row.target = h.target == AccessLinkMonitor::NO_CELL ? -1 : static_cast<int64_t>(h.target);
    row.endTime = h.end.IsNegative() ? HandoverRecord::NONE : h.end.GetSeconds();
    row.ok = h.ok;
    Time gap = h.GetInterruption();
    row.interruption = gap.IsNegative() ? HandoverRecord::NONE : gap.GetSeconds();
    row.inFlight = h.inFlight;
    m_store.AddHandover(row);
}

void
DnnSurgeryResultRecorder::OnRate(uint32_t device,
                                 double up,
                                 double down,
                                 double rtt,
                                 bool reentered)
{
    RateEstimateRecord e;
    e.time = Simulator::Now().GetSeconds();
    e.device = device;
    e.uplinkBps = up;
    e.downlinkBps = down;
    e.rtt = rtt;
    m_store.AddRateEstimate(e);
}

void
DnnSurgeryResultRecorder::OnGrant(uint32_t device, uint32_t epoch, double share, double aggregate)
{
    AllocationRecord a;
    a.time = Simulator::Now().GetSeconds();
    a.epoch = epoch;
    a.device = device;
    a.demand = RequestRecord::NONE; // the grant trace does not carry the demand
    a.granted = share;
    a.price = m_p0 + m_kappa * aggregate; // p(S)
    a.payment = share * a.price;          // f_i p(S)
    m_store.AddAllocation(a);
}

void
DnnSurgeryResultRecorder::OnRound(const DnnSurgeryRoundRecord& r)
{
    GameRoundRecord g;
    g.time = r.end.GetSeconds();
    g.start = r.start.GetSeconds();
    g.epoch = r.epoch;
    g.rounds = r.rounds;
    g.players = r.nDevices;
    g.aggregate = r.aggregate;
    g.price = m_p0 + m_kappa * r.aggregate;
    uint32_t changes = 0;
    for (const auto& [dev, share] : r.shares)
    {
        bool same = false;
        for (const auto& [dev0, share0] : r.initialShares)
        {
            if (dev0 == dev && share0 == share)
            {
                same = true;
            }
        }
        changes += same ? 0 : 1;
    }
    g.changes = changes;
    g.messages = r.messages;
    g.controlBytes = r.controlBytes;
    g.converged = r.converged;
    g.aborted = r.aborted;
    g.trigger = r.trigger;
    m_store.AddGameRound(g);
}

} // namespace ns3
