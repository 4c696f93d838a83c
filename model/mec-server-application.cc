/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-server-application.h"

#include "dnn-surgery-compat.h"
#include "dnn-surgery-error.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MecServerApplication");

NS_OBJECT_ENSURE_REGISTERED(MecServerApplication);

TypeId
MecServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MecServerApplication")
            .SetParent<Application>()
            .SetGroupName("DnnSurgery")
            .AddConstructor<MecServerApplication>()
            .AddAttribute("Port",
                          "TCP port the server listens on.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&MecServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Policy",
                          "The server's instance of the end-to-end OffloadingPolicy (formulation "
                          "section 6): it decides the shares and the service; the devices must "
                          "run the same policy. Null: the default policy "
                          "(OffloadingPolicy::CreateDefault) at start.",
                          PointerValue(),
                          MakePointerAccessor(&MecServerApplication::m_policy),
                          MakePointerChecker<OffloadingPolicy>())
            .AddAttribute("Capacity",
                          "F, the server capacity (FLOP/s at nominal rate).",
                          DoubleValue(1e12),
                          MakeDoubleAccessor(&MecServerApplication::m_capacity),
                          MakeDoubleChecker<double>(1))
            .AddAttribute("P0",
                          "p0 >= 0, intercept of the unit price p(S) = p0 + kappa S.",
                          DoubleValue(1e-13),
                          MakeDoubleAccessor(&MecServerApplication::m_p0),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Kappa",
                          "kappa >= 0, slope of the unit price p(S) = p0 + kappa S.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&MecServerApplication::m_kappa),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Epsilon",
                          "epsilon (s): a device moves only if its best response lowers its "
                          "cost J_i by more than epsilon (epsilon-Nash equilibrium).",
                          DoubleValue(1e-5),
                          MakeDoubleAccessor(&MecServerApplication::m_epsilon),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("MaxRounds",
                          "Round limit of one game epoch.",
                          UintegerValue(50),
                          MakeUintegerAccessor(&MecServerApplication::m_maxRounds),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "ComputeMode",
                "How device work is served: reserved (each device FIFO at its share f_i; "
                "an idle share stays idle) or gps (work-conserving generalised processor "
                "sharing of F among the devices with work, weights f_i: at least f_i while "
                "sum f <= F); weighted-sharing is an alias of gps.",
                EnumValue(COMPUTE_RESERVED),
                DNN_SURGERY_MAKE_ENUM_ACCESSOR(ComputeMode, &MecServerApplication::m_computeMode),
                MakeEnumChecker(COMPUTE_RESERVED,
                                "reserved",
                                COMPUTE_GPS,
                                "gps",
                                COMPUTE_GPS,
                                "weighted-sharing"))
            .AddAttribute("TriggerDelay",
                          "Delay between a trigger (join, leave, re-entry) and the new "
                          "allocation; triggers within it make one epoch.",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&MecServerApplication::m_triggerDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TurnTimeout",
                          "A device that does not answer its turn within this time (e.g. out "
                          "of coverage) is skipped for that turn (no move).",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&MecServerApplication::m_turnTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("DeviceTimeout",
                          "A device not heard from for this long has left (its share returns "
                          "to the pool). Devices send keep-alives every ProbeInterval.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&MecServerApplication::m_deviceTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("TcpSegmentSize",
                          "TCP MSS of the server's connections (bytes).",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&MecServerApplication::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(64, 65000))
            .AddAttribute("TcpBufferSize",
                          "TCP send and receive buffer of the server's connections (bytes).",
                          UintegerValue(4 << 20),
                          MakeUintegerAccessor(&MecServerApplication::m_tcpBuffer),
                          MakeUintegerChecker<uint32_t>(8192))
            .AddTraceSource("Round",
                            "An allocation epoch ended (equilibrium, round limit, abort, or a "
                            "recomputed allocation).",
                            MakeTraceSourceAccessor(&MecServerApplication::m_roundTrace),
                            "ns3::MecServerApplication::RoundTracedCallback")
            .AddTraceSource("Grant",
                            "A share was granted to a device.",
                            MakeTraceSourceAccessor(&MecServerApplication::m_grantTrace),
                            "ns3::MecServerApplication::GrantTracedCallback")
            .AddTraceSource("Membership",
                            "A device joined or left.",
                            MakeTraceSourceAccessor(&MecServerApplication::m_membershipTrace),
                            "ns3::MecServerApplication::MembershipTracedCallback")
            .AddTraceSource("Job",
                            "A device's server-side work finished.",
                            MakeTraceSourceAccessor(&MecServerApplication::m_jobTrace),
                            "ns3::MecServerApplication::JobTracedCallback")
            .AddTraceSource("Tx",
                            "A protocol message was handed to a socket.",
                            MakeTraceSourceAccessor(&MecServerApplication::m_txTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Rx",
                            "A complete protocol message was received (message header only).",
                            MakeTraceSourceAccessor(&MecServerApplication::m_rxTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

MecServerApplication::MecServerApplication()
    : m_port(9000),
      m_capacity(1e12),
      m_p0(1e-13),
      m_kappa(0),
      m_epsilon(1e-5),
      m_maxRounds(50),
      m_computeMode(COMPUTE_RESERVED),
      m_segmentSize(1448),
      m_tcpBuffer(4 << 20)
{
    NS_LOG_FUNCTION(this);
    m_scheduler.SetFinishedCallback(MakeCallback(&MecServerApplication::JobFinished, this));
}

MecServerApplication::~MecServerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
MecServerApplication::DoDispose()
{
    m_listen = nullptr;
    m_conns.clear();
    m_peers.clear();
    m_scheduler.Clear();
    m_policy = nullptr;
    Application::DoDispose();
}

double
MecServerApplication::GetShare(uint32_t deviceId) const
{
    auto it = m_peers.find(deviceId);
    return it == m_peers.end() ? 0 : it->second.share;
}

uint32_t
MecServerApplication::GetNDevices() const
{
    return m_peers.size();
}

uint32_t
MecServerApplication::GetEpoch() const
{
    return m_epoch;
}

bool
MecServerApplication::IsNegotiating() const
{
    return m_game.IsRunning() || dnnsurgerycompat::IsPending(m_triggerEvent);
}

double
MecServerApplication::GetWorkDone() const
{
    return m_scheduler.GetWorkDone();
}

double
MecServerApplication::GetIdleReservedIntegral() const
{
    return m_scheduler.GetIdleReservedIntegral();
}

double
MecServerApplication::GetBusyTime() const
{
    return m_scheduler.GetBusyTime();
}

double
MecServerApplication::GetRunningTime() const
{
    return m_scheduler.GetAccountedTime();
}

double
MecServerApplication::GetCapacity() const
{
    return m_capacity;
}

void
MecServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_policy)
    {
        m_policy = OffloadingPolicy::CreateDefault();
    }
    m_listen = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_listen->SetAttribute("SegmentSize", UintegerValue(m_segmentSize));
    m_listen->SetAttribute("SndBufSize", UintegerValue(m_tcpBuffer));
    m_listen->SetAttribute("RcvBufSize", UintegerValue(m_tcpBuffer));
    if (m_listen->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0)
    {
        throw DnnSurgeryError("MecServerApplication: field 'Port': cannot bind TCP port " +
                              std::to_string(m_port));
    }
    m_listen->Listen();
    m_listen->SetAcceptCallback(MakeCallback(&MecServerApplication::HandleConnectionRequest, this),
                                MakeCallback(&MecServerApplication::HandleAccept, this));
    m_scheduler.SetCapacity(m_capacity);
    m_scheduler.SetWeightedSharing(m_computeMode == COMPUTE_GPS);
    m_scheduler.SetPolicy(m_policy);
    m_scheduler.Start();
    m_timeoutEvent =
        Simulator::Schedule(m_deviceTimeout / 2, &MecServerApplication::CheckTimeouts, this);
}

void
MecServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_triggerEvent.Cancel();
    m_timeoutEvent.Cancel();
    m_scheduler.Stop();
    m_game.End(false, true);
    for (auto& c : m_conns)
    {
        c.first->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        c.first->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        c.first->Close();
    }
    m_conns.clear();
    if (m_listen)
    {
        m_listen->Close();
    }
}

// ------------------------------------------------------------------ connections

bool
MecServerApplication::HandleConnectionRequest(Ptr<Socket> socket, const Address& from)
{
    return true;
}

void
MecServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Connection& c = m_conns[socket];
    c.conn.Open(socket);
    c.conn.SetTxCallback(MakeCallback(&MecServerApplication::MessageSent, this));
    socket->SetRecvCallback(MakeCallback(&MecServerApplication::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&MecServerApplication::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&MecServerApplication::HandleClose, this),
                              MakeCallback(&MecServerApplication::HandleClose, this));
}

void
MecServerApplication::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    auto it = m_conns.find(socket);
    if (it != m_conns.end())
    {
        it->second.conn.OnSendSpace();
    }
}

void
MecServerApplication::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    if (it->second.known)
    {
        auto p = m_peers.find(it->second.deviceId);
        if (p != m_peers.end() && p->second.socket == socket)
        {
            RemovePeer(it->second.deviceId, "closed");
        }
    }
    DropConnection(socket);
}

void
MecServerApplication::DropConnection(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    it->second.conn.Close();
    m_conns.erase(it);
}

uint32_t
MecServerApplication::Send(Ptr<Socket> socket,
                           uint8_t type,
                           uint32_t deviceId,
                           const Header& header,
                           uint32_t payload)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return 0;
    }
    return it->second.conn.Send(static_cast<SurgeryHeader::MessageType>(type),
                                deviceId,
                                header,
                                payload);
}

void
MecServerApplication::MessageSent(Ptr<const Packet> packet)
{
    m_txTrace(packet);
}

void
MecServerApplication::HandleRead(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    it->second.conn.ReadSocket();
    SurgeryMessage m;
    try
    {
        while (true)
        {
            auto c = m_conns.find(socket);
            if (c == m_conns.end() || !c->second.conn.Next(m))
            {
                break;
            }
            m_rxTrace(m.head);
            c->second.deviceId = m.common.GetDeviceId();
            c->second.known = true;
            HandleMessage(socket, m);
        }
    }
    catch (const DnnSurgeryError& e)
    {
        NS_LOG_ERROR("server: " << e.what());
        HandleClose(socket);
    }
}

void
MecServerApplication::HandleMessage(Ptr<Socket> socket, SurgeryMessage& m)
{
    uint32_t id = m.common.GetDeviceId();
    auto peer = m_peers.find(id);
    if (peer != m_peers.end() && peer->second.socket == socket)
    {
        peer->second.lastHeard = Simulator::Now();
    }
    switch (m.common.GetMessageType())
    {
    case SurgeryHeader::PROBE: {
        SurgeryProbeHeader h;
        m.head->RemoveHeader(h);
        h.m_serverRecvTime = Simulator::Now();
        h.m_serverSendTime = Simulator::Now();
        Send(socket, SurgeryHeader::PROBE_ECHO, id, h, h.m_replyBytes);
        break;
    }
    case SurgeryHeader::JOIN: {
        SurgeryJoinHeader h;
        m.head->RemoveHeader(h);
        bool isNew = peer == m_peers.end();
        if (!isNew && peer->second.socket != socket)
        {
            // Reconnection: the old connection is dead.
            Ptr<Socket> old = peer->second.socket;
            m_scheduler.ClearJobs(id);
            DropConnection(old);
        }
        Peer& p = m_peers[id];
        bool reconnect = !isNew && p.socket != socket;
        p.socket = socket;
        p.lambda = h.m_lambda;
        p.lastHeard = Simulator::Now();
        if (isNew || reconnect)
        {
            m_membershipTrace(id, true, m_peers.size(), reconnect ? "rejoin" : "join");
        }
        // Welcome state: F, p0, kappa, N and the current aggregate.
        SurgeryStateHeader s;
        s.m_epoch = m_epoch;
        s.m_step = m_game.GetStep();
        s.m_turn = SurgeryStateHeader::NO_TURN;
        s.m_nDevices = m_peers.size();
        s.m_policy = m_policy->GetWireCode();
        s.m_aggregate = Aggregate();
        s.m_p0 = m_p0;
        s.m_kappa = m_kappa;
        s.m_capacity = m_capacity;
        s.m_epsilon = m_epsilon;
        s.m_yourShare = p.share;
        Send(socket, SurgeryHeader::STATE, id, s, 0);
        if (m_policy->GetCoordination() == OffloadingPolicy::COORDINATION_GAME || isNew ||
            reconnect)
        {
            Trigger(isNew ? "join" : (reconnect ? "rejoin" : "reentry"), isNew || reconnect);
        }
        break;
    }
    case SurgeryHeader::LEAVE:
        if (peer != m_peers.end() && peer->second.socket == socket)
        {
            RemovePeer(id, "leave");
        }
        break;
    case SurgeryHeader::DEMAND: {
        SurgeryDemandHeader h;
        m.head->RemoveHeader(h);
        if (peer != m_peers.end() && peer->second.socket == socket)
        {
            m_record.messages++;
            m_record.controlBytes += SurgeryHeader::SIZE + h.GetSerializedSize();
            HandleDemand(id, h);
        }
        break;
    }
    case SurgeryHeader::ENVELOPE: {
        SurgeryEnvelopeHeader h;
        m.head->RemoveHeader(h);
        if (peer != m_peers.end() && peer->second.socket == socket)
        {
            peer->second.hasEnvelope = true;
            peer->second.envelope.lambda = h.m_lambda;
            peer->second.envelope.localLatency = h.m_localLatency;
            peer->second.envelope.curves = h.m_curves;
            if (m_policy->GetCoordination() == OffloadingPolicy::COORDINATION_ENVELOPE)
            {
                Trigger("envelope", false);
            }
        }
        break;
    }
    case SurgeryHeader::TENSOR: {
        SurgeryTensorHeader h;
        m.head->RemoveHeader(h);
        if (peer != m_peers.end() && peer->second.socket == socket)
        {
            HandleTensor(id, h);
        }
        else
        {
            SurgeryResultHeader r;
            r.m_requestId = h.m_requestId;
            r.m_status = SurgeryResultHeader::REJECTED;
            r.m_deviceSendTime = h.m_deviceSendTime;
            r.m_serverRecvTime = Simulator::Now();
            r.m_serverSendTime = Simulator::Now();
            Send(socket, SurgeryHeader::RESULT, id, r, 0);
        }
        break;
    }
    default:
        NS_LOG_WARN("server: unexpected message "
                    << SurgeryHeader::TypeName(m.common.GetMessageType()) << " from device " << id);
    }
}

void
MecServerApplication::RemovePeer(uint32_t id, const std::string& reason)
{
    NS_LOG_FUNCTION(this << id << reason);
    auto it = m_peers.find(id);
    if (it == m_peers.end())
    {
        return;
    }
    m_scheduler.RemoveDevice(id); // accounts the work done so far before the jobs go
    m_peers.erase(it);
    m_membershipTrace(id, false, m_peers.size(), reason);
    Trigger(reason, true);
    m_scheduler.Update();
}

void
MecServerApplication::CheckTimeouts()
{
    m_timeoutEvent =
        Simulator::Schedule(m_deviceTimeout / 2, &MecServerApplication::CheckTimeouts, this);
    std::vector<uint32_t> gone;
    for (const auto& p : m_peers)
    {
        if (Simulator::Now() - p.second.lastHeard > m_deviceTimeout)
        {
            gone.push_back(p.first);
        }
    }
    for (uint32_t id : gone)
    {
        Ptr<Socket> s = m_peers[id].socket;
        RemovePeer(id, "timeout");
        DropConnection(s);
    }
}

// ------------------------------------------------------------------ allocation

double
MecServerApplication::Aggregate() const
{
    double s = 0;
    for (const auto& p : m_peers)
    {
        s += p.second.share;
    }
    return s;
}

std::vector<std::pair<uint32_t, double>>
MecServerApplication::Shares() const
{
    std::vector<std::pair<uint32_t, double>> v;
    for (const auto& p : m_peers)
    {
        v.emplace_back(p.first, p.second.share);
    }
    return v;
}

void
MecServerApplication::Trigger(const std::string& reason, bool membership)
{
    NS_LOG_FUNCTION(this << reason);
    if (m_game.IsRunning() && !membership)
    {
        // A re-entry (new envelope) during a running epoch: the device answers its next turn
        // with its new envelope; the epoch must run at least one more full round.
        m_game.NoteReentry();
        if (m_record.trigger.find(reason) == std::string::npos)
        {
            m_record.trigger += "+" + reason;
        }
        return;
    }
    m_game.End(false, true);
    if (!dnnsurgerycompat::IsPending(m_triggerEvent))
    {
        m_triggerReason = reason;
        m_triggerEvent =
            Simulator::Schedule(m_triggerDelay, &MecServerApplication::Reallocate, this);
    }
    else if (m_triggerReason.find(reason) == std::string::npos)
    {
        m_triggerReason += "+" + reason;
    }
}

void
MecServerApplication::Grant(uint32_t id, double share, bool trimmed)
{
    auto it = m_peers.find(id);
    if (it == m_peers.end())
    {
        return;
    }
    m_scheduler.Update();
    it->second.share = share;
    m_scheduler.SetShare(id, share);
    SurgeryGrantHeader g;
    g.m_epoch = m_epoch;
    g.m_share = share;
    g.m_aggregate = Aggregate();
    g.m_trimmed = trimmed;
    uint32_t bytes = Send(it->second.socket, SurgeryHeader::GRANT, id, g, 0);
    m_record.messages++;
    m_record.controlBytes += bytes;
    m_grantTrace(id, m_epoch, share, g.m_aggregate);
    m_scheduler.Update();
}

void
MecServerApplication::Reallocate()
{
    NS_LOG_FUNCTION(this << m_triggerReason);
    if (m_policy->GetCoordination() == OffloadingPolicy::COORDINATION_GAME)
    {
        StartEpoch();
        return;
    }
    ++m_epoch;
    m_record = DnnSurgeryRoundRecord();
    m_record.epoch = m_epoch;
    m_record.policy = m_policy->GetName();
    m_record.trigger = m_triggerReason;
    m_record.start = Simulator::Now();
    m_record.initialShares = Shares();
    std::vector<uint32_t> ids;
    std::vector<DnnSurgeryPeerState> peers;
    for (const auto& p : m_peers)
    {
        ids.push_back(p.first);
        DnnSurgeryPeerState st;
        st.deviceId = p.first;
        st.share = p.second.share;
        st.lambda = p.second.lambda;
        st.hasEnvelope = p.second.hasEnvelope;
        st.envelope = p.second.envelope;
        peers.push_back(st);
    }
    DnnSurgeryGameParams params;
    params.capacity = m_capacity;
    params.p0 = m_p0;
    params.kappa = m_kappa;
    params.epsilon = m_epsilon;
    params.maxRounds = m_maxRounds;
    std::vector<double> shares = m_policy->Allocate(peers, params);
    if (shares.size() != ids.size())
    {
        throw DnnSurgeryError("policy '" + m_policy->GetName() + "': Allocate returned " +
                              std::to_string(shares.size()) + " shares for " +
                              std::to_string(ids.size()) + " devices");
    }
    for (std::size_t k = 0; k < ids.size(); ++k)
    {
        Grant(ids[k], shares[k], false);
    }
    m_record.end = Simulator::Now();
    m_record.converged = true;
    m_record.nDevices = m_peers.size();
    m_record.aggregate = Aggregate();
    m_record.shares = Shares();
    m_roundTrace(m_record);
}

void
MecServerApplication::StartEpoch()
{
    ++m_epoch;
    m_record = DnnSurgeryRoundRecord();
    m_record.epoch = m_epoch;
    m_record.policy = m_policy->GetName();
    m_record.trigger = m_triggerReason;
    m_record.start = Simulator::Now();
    m_record.initialShares = Shares();
    NS_LOG_INFO("server: epoch " << m_epoch << " starts (" << m_triggerReason
                                 << "), N=" << m_peers.size());
    m_game.SetHost(this);
    m_game.SetCapacity(m_capacity);
    m_game.SetMaxRounds(m_maxRounds);
    m_game.SetTurnTimeout(m_turnTimeout);
    m_game.Start();
}

std::vector<uint32_t>
MecServerApplication::GetPlayers() const
{
    std::vector<uint32_t> ids;
    for (const auto& p : m_peers)
    {
        ids.push_back(p.first);
    }
    return ids;
}

bool
MecServerApplication::CanTakeTurn(uint32_t id) const
{
    auto p = m_peers.find(id);
    return p != m_peers.end() &&
           !(p->second.missedTurn.IsPositive() && p->second.lastHeard <= p->second.missedTurn);
}

void
MecServerApplication::MissedTurn(uint32_t id)
{
    auto p = m_peers.find(id);
    if (p != m_peers.end())
    {
        p->second.missedTurn = Simulator::Now();
    }
}

double
MecServerApplication::GetAggregate() const
{
    return Aggregate();
}

void
MecServerApplication::SendState(uint32_t turn, bool final)
{
    BroadcastState(final ? SurgeryStateHeader::NO_TURN : turn, final);
}

void
MecServerApplication::BroadcastState(uint32_t turn, bool final)
{
    double s = Aggregate();
    for (const auto& p : m_peers)
    {
        if (turn != SurgeryStateHeader::NO_TURN && p.first != turn)
        {
            continue; // a turn's state goes to the device asked; the final one to everyone
        }
        SurgeryStateHeader h;
        h.m_epoch = m_epoch;
        h.m_step = m_game.GetStep();
        h.m_round = m_game.GetRound();
        h.m_turn = turn;
        h.m_nDevices = m_peers.size();
        h.m_policy = m_policy->GetWireCode();
        h.m_final = final;
        h.m_aggregate = s;
        h.m_p0 = m_p0;
        h.m_kappa = m_kappa;
        h.m_capacity = m_capacity;
        h.m_epsilon = m_epsilon;
        h.m_yourShare = p.second.share;
        uint32_t bytes = Send(p.second.socket, SurgeryHeader::STATE, p.first, h, 0);
        m_record.messages++;
        m_record.controlBytes += bytes;
    }
}

void
MecServerApplication::HandleDemand(uint32_t id, const SurgeryDemandHeader& h)
{
    NS_LOG_FUNCTION(this << id << h.m_epoch << h.m_step << h.m_demand);
    if (h.m_epoch != m_epoch || !m_game.HandleDemand(id, h.m_step, h.m_changed, h.m_demand))
    {
        NS_LOG_LOGIC("server: stale demand from device " << id);
    }
}

void
MecServerApplication::EpochEnded(bool converged, bool aborted, uint32_t rounds)
{
    m_record.rounds = rounds;
    m_record.end = Simulator::Now();
    m_record.converged = converged;
    m_record.aborted = aborted;
    m_record.nDevices = m_peers.size();
    m_record.aggregate = Aggregate();
    m_record.shares = Shares();
    NS_LOG_INFO("server: epoch " << m_epoch << " ends: rounds " << rounds << " messages "
                                 << m_record.messages << " converged " << converged << " aborted "
                                 << aborted);
    m_roundTrace(m_record);
}

// ------------------------------------------------------------------ compute

void
MecServerApplication::HandleTensor(uint32_t id, const SurgeryTensorHeader& h)
{
    NS_LOG_FUNCTION(this << id << h.m_requestId);
    ServerScheduler::Job j;
    j.requestId = h.m_requestId;
    j.work = h.m_serverWork;
    j.remaining = h.m_serverWork;
    j.resultBytes = h.m_resultBytes;
    j.deviceSend = h.m_deviceSendTime;
    j.serverRecv = Simulator::Now();
    m_scheduler.AddJob(id, j);
}

void
MecServerApplication::JobFinished(uint32_t id, const ServerScheduler::Job& job, bool served)
{
    SendResult(id, job, served ? SurgeryResultHeader::OK : SurgeryResultHeader::REJECTED);
}

void
MecServerApplication::SendResult(uint32_t id, const ServerScheduler::Job& job, uint8_t status)
{
    auto it = m_peers.find(id);
    if (it == m_peers.end())
    {
        return;
    }
    SurgeryResultHeader r;
    r.m_requestId = job.requestId;
    r.m_status = status;
    r.m_resultBytes = status == SurgeryResultHeader::OK ? job.resultBytes : 0;
    r.m_deviceSendTime = job.deviceSend;
    r.m_serverRecvTime = job.serverRecv;
    r.m_computeStart = job.computeStart;
    r.m_computeEnd = Simulator::Now();
    r.m_serverSendTime = Simulator::Now();
    Send(it->second.socket, SurgeryHeader::RESULT, id, r, r.m_resultBytes);
    if (status == SurgeryResultHeader::OK)
    {
        m_jobTrace(id, job.requestId, job.work, job.computeStart, Simulator::Now());
    }
}

} // namespace ns3
