/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobile-device-application.h"

#include "dnn-surgery-compat.h"
#include "dnn-surgery-error.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MobileDeviceApplication");

NS_OBJECT_ENSURE_REGISTERED(MobileDeviceApplication);

TypeId
MobileDeviceApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MobileDeviceApplication")
            .SetParent<Application>()
            .SetGroupName("DnnSurgery")
            .AddConstructor<MobileDeviceApplication>()
            .AddAttribute("DeviceId",
                          "The device index i (unique among the server's devices).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_deviceId),
                          MakeUintegerChecker<uint32_t>(0, 0xfffffffe))
            .AddAttribute("ServerAddress",
                          "IPv4 address of the MEC server.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&MobileDeviceApplication::m_serverAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "TCP port of the MEC server.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Policy",
                          "The device's instance of the end-to-end OffloadingPolicy (formulation "
                          "section 6); the server must run the same policy. Null: the default "
                          "policy (OffloadingPolicy::CreateDefault) at start.",
                          PointerValue(),
                          MakePointerAccessor(&MobileDeviceApplication::m_policy),
                          MakePointerChecker<OffloadingPolicy>())
            .AddAttribute("Model",
                          "DNN profile: a bundled model name (e.g. resnet18) or a JSON path.",
                          StringValue("resnet18"),
                          MakeStringAccessor(&MobileDeviceApplication::m_model),
                          MakeStringChecker())
            .AddAttribute("DeviceProfile",
                          "ComputeProfile name of the device (t^dev_v).",
                          StringValue("rpi4"),
                          MakeStringAccessor(&MobileDeviceApplication::m_deviceProfile),
                          MakeStringChecker())
            .AddAttribute("ServerProfile",
                          "ComputeProfile name of the server (its per-op efficiencies give the "
                          "server work B_P).",
                          StringValue("edge-gpu"),
                          MakeStringAccessor(&MobileDeviceApplication::m_serverProfile),
                          MakeStringChecker())
            .AddAttribute("Lambda",
                          "lambda_i > 0: weight converting money into seconds in J_i.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&MobileDeviceApplication::m_lambda),
                          MakeDoubleChecker<double>(1e-300))
            .AddAttribute(
                "Arrival",
                "Request arrival process.",
                EnumValue(ARRIVAL_PERIODIC),
                DNN_SURGERY_MAKE_ENUM_ACCESSOR(Arrival, &MobileDeviceApplication::m_arrival),
                MakeEnumChecker(ARRIVAL_PERIODIC, "periodic", ARRIVAL_POISSON, "poisson"))
            .AddAttribute("FrameRate",
                          "Mean request rate (requests/s): frame rate, or Poisson intensity.",
                          DoubleValue(5.0),
                          MakeDoubleAccessor(&MobileDeviceApplication::m_frameRate),
                          MakeDoubleChecker<double>(1e-9))
            .AddAttribute("RequestStart",
                          "Delay from the application start to the first request.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileDeviceApplication::m_requestStart),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxRequests",
                          "Stop issuing requests after this many (0 = no limit).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_maxRequests),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RequestTimeout",
                          "A result not received this long after its tensor was sent makes "
                          "the request fall back to local execution; an unanswered keep-alive "
                          "this old means the link is lost.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&MobileDeviceApplication::m_requestTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Deadline",
                          "Deadline of every request, relative to its arrival (0 = none); the "
                          "Request trace says whether each met it.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MobileDeviceApplication::m_deadline),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("FrameDeadline",
                          "The deadline is one frame period, 1 / FrameRate (overrides "
                          "Deadline).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileDeviceApplication::m_frameDeadline),
                          MakeBooleanChecker())
            .AddAttribute("RateChangeThreshold",
                          "Relative change of r_i or r'_i (from the values the envelope was "
                          "computed with) that recomputes the envelope and the plan. The device "
                          "then re-enters the game only if its best response against the "
                          "others' shares, with the new envelope, lowers J_i by more than the "
                          "game's epsilon compared with keeping its share.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&MobileDeviceApplication::m_rateThreshold),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RequestRateTimeConstant",
                          "Time constant tau of the EWMA of the inter-arrival times of the "
                          "device's own requests, from which it measures its request rate "
                          "mu_i (load-aware policies such as dds-load).",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&MobileDeviceApplication::m_requestRateTau),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RequestRateChangeThreshold",
                          "Relative change of the measured request rate mu_i (from the value "
                          "the device last entered the game with) that re-enters the game "
                          "under a load-aware policy.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&MobileDeviceApplication::m_requestRateThreshold),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("EwmaAlpha",
                          "Weight of a new sample in the EWMA rate and RTT estimates.",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&MobileDeviceApplication::m_ewmaAlpha),
                          MakeDoubleChecker<double>(1e-6, 1))
            .AddAttribute("ProbeBytes",
                          "Bytes sent each way by one round of the rate probe at join.",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_probeBytes),
                          MakeUintegerChecker<uint32_t>(4096))
            .AddAttribute("ProbeRounds",
                          "Largest number of rate probe rounds at join. The rounds warm the "
                          "TCP connection (slow start) and only the last one is the initial "
                          "r_i, r'_i; they stop early when two successive rounds agree within "
                          "ProbeTolerance.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_probeRounds),
                          MakeUintegerChecker<uint32_t>(1, 1000))
            .AddAttribute("ProbeTolerance",
                          "Relative difference of r_i and of r'_i between two successive probe "
                          "rounds under which the warm-up stops and the device joins.",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&MobileDeviceApplication::m_probeTolerance),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("AggregateBytes",
                          "Transfers below 4 KiB (e.g. results) are not rate samples alone: "
                          "consecutive ones are aggregated (summed bytes / summed time beyond "
                          "RTT/2) until they hold this many bytes.",
                          UintegerValue(16384),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_aggregateBytes),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ProbeInterval",
                          "Period of the keep-alive echo (RTT_i sample, link liveness); sent "
                          "only while no tensor is in flight.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileDeviceApplication::m_probeInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("ReconnectInterval",
                          "Delay before reconnecting after a lost or failed connection.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileDeviceApplication::m_reconnectInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("TcpSegmentSize",
                          "TCP MSS of the device's connection (bytes).",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(64, 65000))
            .AddAttribute("TcpBufferSize",
                          "TCP send and receive buffer of the device's connection (bytes).",
                          UintegerValue(4 << 20),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_tcpBuffer),
                          MakeUintegerChecker<uint32_t>(8192))
            .AddAttribute(
                "MigrationInFlight",
                "At a migration to another cell's server: the requests awaiting a "
                "result at the old server complete there (their results come back "
                "over the core network on the old connection, which is then closed "
                "with LEAVE), or fall back at once.",
                EnumValue(MIGRATION_COMPLETE),
                DNN_SURGERY_MAKE_ENUM_ACCESSOR(MigrationInFlight,
                                               &MobileDeviceApplication::m_migrationInFlight),
                MakeEnumChecker(MIGRATION_COMPLETE, "complete", MIGRATION_FALLBACK, "fallback"))
            .AddAttribute("ServerId",
                          "Index of the server this device uses, recorded with each request.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MobileDeviceApplication::m_serverId),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Request",
                            "A request was resolved (completed, fallback or failed), with all "
                            "its timestamps, bytes and placement.",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_requestTrace),
                            "ns3::MobileDeviceApplication::RequestTracedCallback")
            .AddTraceSource("RateEstimate",
                            "The estimate of r_i, r'_i or RTT_i took a sample.",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_rateTrace),
                            "ns3::MobileDeviceApplication::RateTracedCallback")
            .AddTraceSource("Share",
                            "The share f_i granted to the device changed.",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_shareTrace),
                            "ns3::MobileDeviceApplication::ShareTracedCallback")
            .AddTraceSource("Envelope",
                            "The device (re)computed its envelope T*_i(f).",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_envelopeTrace),
                            "ns3::MobileDeviceApplication::EnvelopeTracedCallback")
            .AddTraceSource("Link",
                            "The device joined (up) or lost its link / connection (down).",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_linkTrace),
                            "ns3::MobileDeviceApplication::LinkTracedCallback")
            .AddTraceSource("Handover",
                            "A handover (LTE X2, Wi-Fi re-association) as the application saw "
                            "it: fired at the first data received after its end, or when the "
                            "link goes down or the application stops before that.",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_handoverTrace),
                            "ns3::MobileDeviceApplication::HandoverTracedCallback")
            .AddTraceSource("Tx",
                            "A protocol message was handed to the socket.",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_txTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Rx",
                            "A complete protocol message was received (message header only, "
                            "payload counted in the framing header).",
                            MakeTraceSourceAccessor(&MobileDeviceApplication::m_rxTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

MobileDeviceApplication::MobileDeviceApplication()
    : m_deviceId(0),
      m_port(9000),
      m_lambda(1),
      m_arrival(ARRIVAL_PERIODIC),
      m_frameRate(5),
      m_maxRequests(0),
      m_frameDeadline(false),
      m_rateThreshold(0.2),
      m_ewmaAlpha(0.3),
      m_probeBytes(65536),
      m_probeRounds(8),
      m_probeTolerance(0.1),
      m_aggregateBytes(16384),
      m_segmentSize(1448),
      m_tcpBuffer(4 << 20),
      m_serverId(0),
      m_migrationInFlight(MIGRATION_COMPLETE),
      m_interArrival(CreateObject<ExponentialRandomVariable>()),
      m_requestRateTau(Seconds(5)),
      m_requestRateThreshold(0.2)
{
    NS_LOG_FUNCTION(this);
    m_conn.SetTxCallback(MakeCallback(&MobileDeviceApplication::MessageSent, this));
    m_oldConn.SetTxCallback(MakeCallback(&MobileDeviceApplication::MessageSent, this));
    m_cpu.SetStartCallback(MakeCallback(&MobileDeviceApplication::CpuStart, this));
    m_cpu.SetDoneCallback(MakeCallback(&MobileDeviceApplication::CpuDone, this));
    m_tracker.SetResolvedCallback(MakeCallback(&MobileDeviceApplication::RequestResolved, this));
}

MobileDeviceApplication::~MobileDeviceApplication()
{
    NS_LOG_FUNCTION(this);
}

void
MobileDeviceApplication::SetServer(Ipv4Address address, uint16_t port)
{
    m_serverAddress = address;
    m_port = port;
}

int64_t
MobileDeviceApplication::AssignStreams(int64_t stream)
{
    m_interArrival->SetStream(stream);
    return 1;
}

void
MobileDeviceApplication::GetCounts(uint64_t& issued,
                                   uint64_t& completed,
                                   uint64_t& fallback,
                                   uint64_t& failed,
                                   uint64_t& inFlight) const
{
    issued = m_tracker.GetIssued();
    completed = m_tracker.GetCompleted();
    fallback = m_tracker.GetFallback();
    failed = m_tracker.GetFailed() + m_tracker.GetUnfinished();
    inFlight = m_tracker.GetInFlight();
}

void
MobileDeviceApplication::GetCounts(uint64_t& issued,
                                   uint64_t& completed,
                                   uint64_t& fallback,
                                   uint64_t& failed,
                                   uint64_t& unfinished,
                                   uint64_t& inFlight) const
{
    issued = m_tracker.GetIssued();
    completed = m_tracker.GetCompleted();
    fallback = m_tracker.GetFallback();
    failed = m_tracker.GetFailed();
    unfinished = m_tracker.GetUnfinished();
    inFlight = m_tracker.GetInFlight();
}

double
MobileDeviceApplication::GetDeadline() const
{
    return m_frameDeadline ? 1.0 / m_frameRate : m_deadline.GetSeconds();
}

double
MobileDeviceApplication::GetShare() const
{
    return m_share;
}

const RateEstimator&
MobileDeviceApplication::GetRateEstimator() const
{
    return m_rates;
}

void
MobileDeviceApplication::SetCellServers(
    const std::map<uint32_t, std::pair<Ipv4Address, uint32_t>>& servers)
{
    m_cellServers = servers;
}

uint32_t
MobileDeviceApplication::GetMigrationCount() const
{
    return m_migrations;
}

uint32_t
MobileDeviceApplication::GetServerId() const
{
    return m_serverId;
}

uint32_t
MobileDeviceApplication::GetConnectionCount() const
{
    return m_connections;
}

uint32_t
MobileDeviceApplication::GetHandoverCount() const
{
    return m_handovers;
}

uint32_t
MobileDeviceApplication::GetServingCell() const
{
    return m_cell;
}

uint32_t
MobileDeviceApplication::GetJoinProbeRounds() const
{
    return m_joinProbeRounds;
}

void
MobileDeviceApplication::GetReentryCounts(uint64_t& reentered, uint64_t& kept) const
{
    reentered = m_reentries;
    kept = m_reentriesSkipped;
}

void
MobileDeviceApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_conn.Forget();
    m_planner.reset();
    m_policy = nullptr;
    Application::DoDispose();
}

void
MobileDeviceApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = true;
    m_rates = RateEstimator(m_ewmaAlpha, 4096, m_aggregateBytes);
    if (!m_policy)
    {
        m_policy = OffloadingPolicy::CreateDefault();
    }
    if (!m_planner)
    {
        m_planner = std::make_unique<DnnSurgeryPlanner>(m_model, m_deviceProfile, m_serverProfile);
    }
    m_interArrival->SetAttribute("Mean", DoubleValue(1.0 / m_frameRate));
    m_requestRate = RequestRateMeter(m_requestRateTau.GetSeconds());
    m_gameRequestRate = 0;
    Connect();
    m_nextRequest =
        Simulator::Schedule(m_requestStart, &MobileDeviceApplication::IssueRequest, this);
    m_keepAlive = Simulator::Schedule(m_probeInterval, &MobileDeviceApplication::KeepAlive, this);
}

void
MobileDeviceApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_nextRequest.Cancel();
    m_keepAlive.Cancel();
    m_reconnect.Cancel();
    m_cpu.Clear();
    LeaveOldServer(true);
    Ptr<Socket> socket = m_conn.GetSocket();
    if (socket && m_connected && m_joined)
    {
        SurgeryLeaveHeader leave;
        SendMessage(SurgeryHeader::LEAVE, leave, 0);
    }
    if (socket)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_connected = false;
    m_joined = false;
    ResolvePending();
    EmitHandover();
}

void
MobileDeviceApplication::ResolvePending()
{
    for (uint32_t id : m_tracker.GetUnresolved())
    {
        Resolve(id, DnnSurgeryRequestRecord::UNFINISHED, "simulation-end");
    }
    m_cpu.Clear();
}

// ------------------------------------------------------------------ connection

void
MobileDeviceApplication::Connect()
{
    NS_LOG_FUNCTION(this);
    if (!m_running || !m_linkUp || m_conn.GetSocket())
    {
        return;
    }
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    socket->SetAttribute("SegmentSize", UintegerValue(m_segmentSize));
    socket->SetAttribute("SndBufSize", UintegerValue(m_tcpBuffer));
    socket->SetAttribute("RcvBufSize", UintegerValue(m_tcpBuffer));
    socket->Bind();
    socket->SetConnectCallback(MakeCallback(&MobileDeviceApplication::ConnectionSucceeded, this),
                               MakeCallback(&MobileDeviceApplication::ConnectionFailed, this));
    socket->SetRecvCallback(MakeCallback(&MobileDeviceApplication::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&MobileDeviceApplication::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&MobileDeviceApplication::SocketClosed, this),
                              MakeCallback(&MobileDeviceApplication::SocketClosed, this));
    m_conn.Open(socket);
    ++m_connections;
    m_rates.ResetStreams();
    m_probeRound = 0;
    socket->Connect(InetSocketAddress(m_serverAddress, m_port));
}

void
MobileDeviceApplication::ConnectionSucceeded(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (socket != m_conn.GetSocket())
    {
        return;
    }
    m_connected = true;
    // Join sequence: RTT echo, then the rate probe, then JOIN (see HandleProbeEcho).
    SendProbe(0, 0);
}

void
MobileDeviceApplication::ConnectionFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (socket != m_conn.GetSocket())
    {
        return;
    }
    m_conn.Forget();
    m_connected = false;
    if (m_running && m_linkUp && !dnnsurgerycompat::IsPending(m_reconnect))
    {
        m_reconnect =
            Simulator::Schedule(m_reconnectInterval, &MobileDeviceApplication::Connect, this);
    }
}

void
MobileDeviceApplication::SocketClosed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (socket == m_conn.GetSocket())
    {
        ConnectionLost("connection-closed");
    }
}

void
MobileDeviceApplication::ConnectionLost(const std::string& reason)
{
    NS_LOG_FUNCTION(this << reason);
    m_conn.Close();
    bool wasUp = m_connected;
    m_connected = false;
    m_joined = false;
    m_pingSeq = 0;
    m_rateProbePending = false;
    for (uint32_t id : m_tracker.GetAwaitingResult())
    {
        Fallback(id, reason);
    }
    if (wasUp)
    {
        m_linkTrace(m_deviceId, false, reason);
    }
    if (m_running && m_linkUp && !dnnsurgerycompat::IsPending(m_reconnect))
    {
        m_reconnect =
            Simulator::Schedule(m_reconnectInterval, &MobileDeviceApplication::Connect, this);
    }
}

void
MobileDeviceApplication::NotifyLinkUp(Mac48Address ap)
{
    NS_LOG_FUNCTION(this << ap);
    OnLinkUp(m_cell);
}

void
MobileDeviceApplication::NotifyLinkDown(Mac48Address ap)
{
    NS_LOG_FUNCTION(this << ap);
    OnLinkDown(m_cell);
}

void
MobileDeviceApplication::SetAccessLinkMonitor(Ptr<AccessLinkMonitor> monitor)
{
    NS_LOG_FUNCTION(this << monitor);
    m_monitor = monitor;
    monitor->SetListener(MakeCallback(&MobileDeviceApplication::OnLinkUp, this),
                         MakeCallback(&MobileDeviceApplication::OnLinkDown, this),
                         MakeCallback(&MobileDeviceApplication::OnHandoverStart, this),
                         MakeCallback(&MobileDeviceApplication::OnHandoverEnd, this));
    m_cell = monitor->GetServingCell();
}

void
MobileDeviceApplication::OnLinkUp(uint32_t cell)
{
    NS_LOG_FUNCTION(this << cell);
    m_cell = cell;
    m_linkUp = true;
    auto server = m_cellServers.find(cell);
    if (server != m_cellServers.end() && !m_conn.GetSocket())
    {
        // not connected: the cell's own server
        m_serverAddress = server->second.first;
        m_serverId = server->second.second;
    }
    if (m_running && !m_conn.GetSocket())
    {
        m_reconnect.Cancel();
        Connect();
    }
}

void
MobileDeviceApplication::OnLinkDown(uint32_t cell)
{
    NS_LOG_FUNCTION(this << cell);
    m_linkUp = false;
    m_cell = AccessLinkMonitor::NO_CELL;
    if (m_inHandover)
    {
        // the handover failed: the connection goes with the link
        m_inHandover = false;
        m_handover.end = Simulator::Now();
        m_handover.ok = false;
        EmitHandover();
    }
    if (m_running)
    {
        ConnectionLost("link-down");
    }
}

void
MobileDeviceApplication::OnHandoverStart(uint32_t source, uint32_t target)
{
    NS_LOG_FUNCTION(this << source << target);
    EmitHandover(); // an earlier handover that saw no data since its end
    m_inHandover = true;
    ++m_handovers;
    m_handover = DnnSurgeryHandoverRecord();
    m_handover.deviceId = m_deviceId;
    m_handover.kind = m_monitor ? m_monitor->GetHandoverKind() : "handover";
    m_handover.source = source;
    m_handover.target = target;
    m_handover.start = Simulator::Now();
    m_handover.inFlight = static_cast<uint32_t>(m_tracker.GetAwaitingResult().size());
    m_handoverOpen = m_running;
}

void
MobileDeviceApplication::OnHandoverEnd(uint32_t cell, bool ok)
{
    NS_LOG_FUNCTION(this << cell << ok);
    m_inHandover = false;
    m_cell = cell;
    m_linkUp = true;
    if (m_handoverOpen)
    {
        m_handover.target = cell;
        m_handover.end = Simulator::Now();
        m_handover.ok = ok;
    }
    if (m_pingSeq != 0)
    {
        m_pingSent = Simulator::Now(); // the echo's timeout counts from the new path
    }
    if (!m_running)
    {
        return;
    }
    if (ok && MaybeMigrate(cell))
    {
        return;
    }
    if (!m_conn.GetSocket())
    {
        m_reconnect.Cancel();
        Connect();
    }
    else if (m_connected && m_joined && !m_rateProbePending)
    {
        // a new path: re-estimate r_i and r'_i now with a rate probe round (its echo updates
        // the estimate and, through CheckRates, the envelope and the game)
        SendProbe(m_probeBytes, m_probeBytes);
    }
}

bool
MobileDeviceApplication::MaybeMigrate(uint32_t cell)
{
    auto it = m_cellServers.find(cell);
    if (it == m_cellServers.end() || it->second.second == m_serverId)
    {
        return false;
    }
    NS_LOG_FUNCTION(this << cell << m_serverId << it->second.second);
    ++m_migrations;
    LeaveOldServer(true); // an earlier migration's old server, if still open
    m_oldAwaiting.clear();
    if (m_migrationInFlight == MIGRATION_FALLBACK)
    {
        for (uint32_t id : m_tracker.GetAwaitingResult())
        {
            Fallback(id, "migration");
        }
    }
    else
    {
        m_oldAwaiting = m_tracker.GetAwaitingResult();
    }
    if (m_conn.GetSocket())
    {
        std::swap(m_conn, m_oldConn);
        // every request awaited there has its result or its timeout by then
        m_leaveOld = Simulator::Schedule(m_requestTimeout + MilliSeconds(1),
                                         &MobileDeviceApplication::LeaveOldServer,
                                         this,
                                         true);
        LeaveOldServer(false);
    }
    m_conn.Forget();
    m_connected = false;
    m_joined = false;
    m_pingSeq = 0;
    m_rateProbePending = false;
    m_serverAddress = it->second.first;
    m_serverId = it->second.second;
    m_migrating = true;
    m_reconnect.Cancel();
    Connect();
    return true;
}

void
MobileDeviceApplication::LeaveOldServer(bool force)
{
    if (!m_oldConn.GetSocket())
    {
        return;
    }
    if (!force)
    {
        for (uint32_t id : m_oldAwaiting)
        {
            if (m_tracker.IsAwaitingResult(id))
            {
                return;
            }
        }
    }
    NS_LOG_FUNCTION(this << force);
    m_leaveOld.Cancel();
    SurgeryLeaveHeader leave;
    m_oldConn.Send(SurgeryHeader::LEAVE, m_deviceId, leave, 0);
    Ptr<Socket> socket = m_oldConn.GetSocket();
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->Close(); // after the LEAVE: TCP sends what it holds, then FIN
    m_oldConn.Forget();
    m_oldAwaiting.clear();
}

void
MobileDeviceApplication::HandleOldRead()
{
    m_oldConn.ReadSocket();
    SurgeryMessage m;
    try
    {
        while (m_oldConn.GetSocket() && m_oldConn.Next(m))
        {
            if (m.common.GetMessageType() == SurgeryHeader::RESULT)
            {
                SurgeryResultHeader h;
                m.head->RemoveHeader(h);
                HandleResult(h, m.payloadBytes);
            }
            // STATE, GRANT, PROBE_ECHO of the old server's game: the device has left it
        }
    }
    catch (const DnnSurgeryError& e)
    {
        NS_LOG_ERROR("device " << m_deviceId << ": old server: " << e.what());
        LeaveOldServer(true);
        return;
    }
    LeaveOldServer(false);
}

void
MobileDeviceApplication::EmitHandover()
{
    if (m_handoverOpen)
    {
        m_handoverOpen = false;
        m_handoverTrace(m_handover);
    }
}

void
MobileDeviceApplication::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    if (socket == m_conn.GetSocket())
    {
        m_conn.OnSendSpace();
    }
    else if (socket && socket == m_oldConn.GetSocket())
    {
        m_oldConn.OnSendSpace();
    }
}

void
MobileDeviceApplication::SendMessage(uint8_t type, const Header& header, uint32_t payload)
{
    m_conn.Send(static_cast<SurgeryHeader::MessageType>(type), m_deviceId, header, payload);
}

void
MobileDeviceApplication::MessageSent(Ptr<const Packet> packet)
{
    m_txTrace(packet);
}

void
MobileDeviceApplication::HandleRead(Ptr<Socket> socket)
{
    if (socket && socket == m_oldConn.GetSocket())
    {
        HandleOldRead();
        return;
    }
    if (socket != m_conn.GetSocket())
    {
        return;
    }
    m_conn.ReadSocket();
    if (m_handoverOpen && !m_inHandover && m_handover.end.IsPositive())
    {
        m_handover.firstReceive = Simulator::Now();
        EmitHandover();
    }
    SurgeryMessage m;
    try
    {
        while (socket == m_conn.GetSocket() && m_conn.Next(m))
        {
            m_rxTrace(m.head);
            switch (m.common.GetMessageType())
            {
            case SurgeryHeader::PROBE_ECHO: {
                SurgeryProbeHeader h;
                m.head->RemoveHeader(h);
                HandleProbeEcho(h, m.payloadBytes);
                break;
            }
            case SurgeryHeader::STATE: {
                SurgeryStateHeader h;
                m.head->RemoveHeader(h);
                HandleState(h);
                break;
            }
            case SurgeryHeader::GRANT: {
                SurgeryGrantHeader h;
                m.head->RemoveHeader(h);
                HandleGrant(h);
                break;
            }
            case SurgeryHeader::RESULT: {
                SurgeryResultHeader h;
                m.head->RemoveHeader(h);
                HandleResult(h, m.payloadBytes);
                break;
            }
            default:
                NS_LOG_WARN("device " << m_deviceId << ": unexpected message "
                                      << SurgeryHeader::TypeName(m.common.GetMessageType()));
            }
        }
    }
    catch (const DnnSurgeryError& e)
    {
        NS_LOG_ERROR("device " << m_deviceId << ": " << e.what());
        ConnectionLost("protocol-error");
    }
}

// ------------------------------------------------------------------ probing

void
MobileDeviceApplication::SendProbe(uint32_t replyBytes, uint32_t payload)
{
    SurgeryProbeHeader h;
    h.m_seq = ++m_probeSeq;
    h.m_replyBytes = replyBytes;
    h.m_deviceSendTime = Simulator::Now();
    if (payload == 0)
    {
        m_pingSeq = h.m_seq;
        m_pingSent = Simulator::Now();
    }
    else
    {
        m_rateProbePending = true;
        m_rateProbeSent = Simulator::Now();
    }
    SendMessage(SurgeryHeader::PROBE, h, payload);
}

void
MobileDeviceApplication::HandleProbeEcho(const SurgeryProbeHeader& h, uint32_t payload)
{
    NS_LOG_FUNCTION(this << h.m_seq << payload);
    uint32_t overhead = SurgeryHeader::SIZE + h.GetSerializedSize();
    if (h.m_seq == m_pingSeq)
    {
        m_pingSeq = 0;
        m_rates.AddRttSample((Simulator::Now() - h.m_deviceSendTime).GetSeconds());
        m_rateTrace(m_deviceId,
                    m_rates.GetUplinkBps(),
                    m_rates.GetDownlinkBps(),
                    m_rates.GetRtt(),
                    false);
        if (!m_joined && !m_rateProbePending)
        {
            // Join sequence, step 2: a rate probe round (ProbeBytes each way).
            SendProbe(m_probeBytes, m_probeBytes);
        }
        return;
    }
    if (m_rateProbePending && payload > 0)
    {
        m_rateProbePending = false;
        // Warm-up: every round replaces the estimate, so that the rounds spent in TCP slow
        // start (cwnd still below the bandwidth-delay product plus the probe) are discarded
        // and the estimate is the last round's. A round whose time is not positive keeps the
        // previous value of that direction (and does not agree).
        double prevUp = m_probeRound > 0 ? m_rates.GetUplinkBps() : 0;
        double prevDown = m_probeRound > 0 ? m_rates.GetDownlinkBps() : 0;
        double rawUp = m_rates.TransferRate(m_probeBytes + overhead,
                                            h.m_deviceSendTime.GetSeconds(),
                                            h.m_serverRecvTime.GetSeconds());
        double rawDown = m_rates.TransferRate(payload + overhead,
                                              h.m_serverSendTime.GetSeconds(),
                                              Simulator::Now().GetSeconds());
        double up = rawUp > 0 ? rawUp : prevUp;
        double down = rawDown > 0 ? rawDown : prevDown;
        if (up > 0 && down > 0)
        {
            m_rates.SetRates(up, down);
        }
        ++m_probeRound;
        if (!m_joined)
        {
            bool agree = m_probeRound >= 2 && rawUp > 0 && rawDown > 0 && prevUp > 0 &&
                         prevDown > 0 && std::abs(rawUp - prevUp) <= m_probeTolerance * rawUp &&
                         std::abs(rawDown - prevDown) <= m_probeTolerance * rawDown;
            if (!agree && m_probeRound < m_probeRounds)
            {
                // Next round: a fresh RTT echo (its echo sends the rate probe, as at step 2).
                m_rateTrace(m_deviceId, up, down, m_rates.GetRtt(), false);
                SendProbe(0, 0);
                return;
            }
            // Join sequence, step 3: estimates are there, join the game.
            m_joinProbeRounds = m_probeRound;
            SendJoin();
        }
        CheckRates(false);
    }
}

void
MobileDeviceApplication::KeepAlive()
{
    m_keepAlive = Simulator::Schedule(m_probeInterval, &MobileDeviceApplication::KeepAlive, this);
    if (!m_connected)
    {
        return;
    }
    if (m_pingSeq != 0)
    {
        // a handover keeps the connection: the echo is not due while it lasts
        if (!m_inHandover && Simulator::Now() - m_pingSent > m_requestTimeout)
        {
            ConnectionLost("probe-timeout");
        }
        return;
    }
    if (m_joined && m_tracker.GetUploadsInFlight() == 0 && m_conn.GetQueuedBytes() == 0)
    {
        SendProbe(0, 0);
    }
}

void
MobileDeviceApplication::CheckRates(bool force)
{
    if (!m_rates.HasEstimate())
    {
        return;
    }
    bool reenter = false;
    if (m_haveGame && m_planner)
    {
        double change = m_rates.RelativeChange(m_refUp, m_refDown);
        if (force || !m_planner->IsReady() || change > m_rateThreshold)
        {
            bool wasReady = m_planner->IsReady();
            m_planner->Update(m_rates.GetUplinkBps(),
                              m_rates.GetDownlinkBps(),
                              m_rates.GetRtt(),
                              m_game.capacity);
            m_refUp = m_rates.GetUplinkBps();
            m_refDown = m_rates.GetDownlinkBps();
            m_envelopeTrace(m_deviceId, m_planner->GetEnvelope(m_lambda));
            UpdatePlan();
            if (m_joined)
            {
                OffloadingPolicy::Coordination c = m_policy->GetCoordination();
                if (c == OffloadingPolicy::COORDINATION_ENVELOPE)
                {
                    SendEnvelope();
                }
                else if (c == OffloadingPolicy::COORDINATION_GAME && wasReady)
                {
                    // the first envelope is the join's; a later one re-enters only if it moves
                    reenter = BestResponseMoves();
                }
                if (reenter)
                {
                    SurgeryJoinHeader j;
                    j.m_lambda = m_lambda;
                    j.m_reentry = true;
                    SendMessage(SurgeryHeader::JOIN, j, 0);
                }
            }
        }
    }
    m_rateTrace(m_deviceId,
                m_rates.GetUplinkBps(),
                m_rates.GetDownlinkBps(),
                m_rates.GetRtt(),
                reenter);
}

bool
MobileDeviceApplication::BestResponseMoves()
{
    // The policy's own answer to a turn (the best response for dds), evaluated with the new
    // envelope against the others' shares as last broadcast: the device re-enters only if it
    // would move, i.e. the best response lowers J_i by more than epsilon compared with keeping
    // f_i (both costs with the new estimates).
    DnnSurgeryDemand d =
        m_policy->ComputeDemand(*m_planner, MakeDemandContext(m_share, m_othersSum));
    ++(d.changed ? m_reentries : m_reentriesSkipped);
    NS_LOG_INFO("device " << m_deviceId << ": new estimate, best response " << d.demand
                          << " vs share " << m_share << (d.changed ? ": re-enter" : ": keep"));
    return d.changed;
}

DnnSurgeryDemandContext
MobileDeviceApplication::MakeDemandContext(double currentShare, double othersSum) const
{
    DnnSurgeryDemandContext context;
    context.lambda = m_lambda;
    context.currentShare = currentShare;
    context.othersSum = othersSum;
    context.game = m_game;
    context.requestRate = m_requestRate.GetRate();
    context.requestTimeout = m_requestTimeout.GetSeconds();
    return context;
}

// ------------------------------------------------------------------ game

void
MobileDeviceApplication::SendJoin()
{
    NS_LOG_FUNCTION(this);
    SurgeryJoinHeader j;
    j.m_lambda = m_lambda;
    j.m_reentry = false;
    SendMessage(SurgeryHeader::JOIN, j, 0);
    m_joined = true;
    m_migrating = false;
    m_linkTrace(m_deviceId, true, "joined");
    if (m_policy->GetCoordination() == OffloadingPolicy::COORDINATION_ENVELOPE && m_planner &&
        m_planner->IsReady())
    {
        SendEnvelope();
    }
}

void
MobileDeviceApplication::SendEnvelope()
{
    DnnSurgeryEnvelopeReport r = m_planner->GetEnvelope(m_lambda);
    SurgeryEnvelopeHeader h;
    h.m_lambda = r.lambda;
    h.m_localLatency = r.localLatency;
    h.m_curves = r.curves;
    SendMessage(SurgeryHeader::ENVELOPE, h, 0);
}

void
MobileDeviceApplication::HandleState(const SurgeryStateHeader& h)
{
    NS_LOG_FUNCTION(this << h.m_epoch << h.m_step << h.m_turn);
    bool newCapacity = !m_haveGame || m_game.capacity != h.m_capacity;
    m_game.capacity = h.m_capacity;
    m_game.p0 = h.m_p0;
    m_game.kappa = h.m_kappa;
    m_game.epsilon = h.m_epsilon;
    m_haveGame = true;
    m_nDevices = h.m_nDevices;
    m_othersSum = std::max(0.0, h.m_aggregate - h.m_yourShare);
    if (newCapacity)
    {
        CheckRates(true);
    }
    if (h.m_turn == m_deviceId && m_planner && m_planner->IsReady())
    {
        DnnSurgeryDemandContext context = MakeDemandContext(h.m_yourShare, m_othersSum);
        m_gameRequestRate = context.requestRate;
        DnnSurgeryDemand demand = m_policy->ComputeDemand(*m_planner, context);
        SurgeryDemandHeader d;
        d.m_epoch = h.m_epoch;
        d.m_step = h.m_step;
        d.m_changed = demand.changed;
        d.m_demand = demand.demand;
        d.m_curve = demand.curve;
        SendMessage(SurgeryHeader::DEMAND, d, 0);
    }
}

void
MobileDeviceApplication::HandleGrant(const SurgeryGrantHeader& h)
{
    NS_LOG_FUNCTION(this << h.m_epoch << h.m_share);
    m_othersSum = std::max(0.0, h.m_aggregate - h.m_share);
    SetShare(h.m_share, h.m_epoch);
}

void
MobileDeviceApplication::SetShare(double share, uint32_t epoch)
{
    double old = m_share;
    m_share = share;
    m_epoch = epoch;
    if (old != share)
    {
        m_shareTrace(m_deviceId, epoch, old, share);
    }
    UpdatePlan();
}

void
MobileDeviceApplication::UpdatePlan()
{
    if (!m_planner || !m_planner->IsReady())
    {
        m_havePlan = false;
        return;
    }
    DnnSurgeryDeviceContext c;
    c.deviceId = m_deviceId;
    c.share = m_share;
    c.epoch = m_epoch;
    c.nDevices = m_nDevices;
    c.lambda = m_lambda;
    c.frameRate = m_frameRate;
    c.deadline = GetDeadline();
    c.uplinkBps = m_rates.GetUplinkBps();
    c.downlinkBps = m_rates.GetDownlinkBps();
    c.rtt = m_rates.GetRtt();
    c.haveGame = m_haveGame;
    c.game = m_game;
    c.requestRate = m_requestRate.GetRate();
    c.requestTimeout = m_requestTimeout.GetSeconds();
    m_plan = m_policy->ChoosePlan(*m_planner, c);
    m_havePlan = true;
}

void
MobileDeviceApplication::CheckRequestRate()
{
    if (!m_policy->UsesRequestRate())
    {
        return;
    }
    const double mu = m_requestRate.GetRate();
    if (!(mu > 0) || (m_gameRequestRate > 0 && std::abs(mu - m_gameRequestRate) <=
                                                   m_requestRateThreshold * m_gameRequestRate))
    {
        return;
    }
    NS_LOG_LOGIC("device " << m_deviceId << ": measured request rate " << mu << " /s (entered with "
                           << m_gameRequestRate << ")");
    m_gameRequestRate = mu; // not again before the next change, whether or not a turn comes
    UpdatePlan();
    if (m_joined && m_haveGame && m_planner && m_planner->IsReady() &&
        m_policy->GetCoordination() == OffloadingPolicy::COORDINATION_GAME)
    {
        SurgeryJoinHeader j;
        j.m_lambda = m_lambda;
        j.m_reentry = true;
        SendMessage(SurgeryHeader::JOIN, j, 0);
    }
}

double
MobileDeviceApplication::GetMeasuredRequestRate() const
{
    return m_requestRate.GetRate();
}

bool
MobileDeviceApplication::GetGamePlayer(GamePlayer& player) const
{
    if (!m_planner || !m_planner->IsReady() || !m_policy ||
        m_policy->GetCoordination() != OffloadingPolicy::COORDINATION_GAME)
    {
        return false;
    }
    DnnSurgeryLoad load;
    load.loadAware = m_policy->UsesRequestRate();
    load.requestRate = m_requestRate.GetRate();
    load.penalty = m_requestTimeout.GetSeconds();
    player = m_planner->GetPlayer(m_lambda, load);
    return true;
}

// ------------------------------------------------------------------ requests

void
MobileDeviceApplication::IssueRequest()
{
    NS_LOG_FUNCTION(this);
    if (!m_running)
    {
        return;
    }
    RequestTracker::Request& r = m_tracker.Issue(m_deviceId,
                                                 m_policy->GetName(),
                                                 Simulator::Now(),
                                                 m_epoch,
                                                 m_havePlan ? m_plan : m_planner->Local());
    uint32_t id = r.record.requestId;
    r.record.deadline = GetDeadline();
    r.record.server = m_serverId;
    r.record.cell = m_cell;
    r.record.handoverMark = m_handovers;
    r.record.crossedHandover = m_inHandover || m_migrating;
    m_requestRate.Arrival(Simulator::Now().GetSeconds());
    if (r.record.plan.offloads && !(m_connected && m_joined && m_linkUp))
    {
        Fallback(id, NoServerReason());
    }
    else
    {
        m_cpu.Enqueue({id, r.record.plan.deviceTime, false});
    }
    CheckRequestRate();
    if (m_maxRequests == 0 || m_tracker.GetIssued() < m_maxRequests)
    {
        double gap = m_arrival == ARRIVAL_PERIODIC ? 1.0 / m_frameRate : m_interArrival->GetValue();
        m_nextRequest =
            Simulator::Schedule(Seconds(gap), &MobileDeviceApplication::IssueRequest, this);
    }
}

const char*
MobileDeviceApplication::NoServerReason() const
{
    return !m_linkUp ? "link-down" : m_migrating ? "migration" : "not-connected";
}

bool
MobileDeviceApplication::CpuStart(const DeviceProcessor::Job& job)
{
    RequestTracker::Request* r = m_tracker.Find(job.requestId);
    if (!r)
    {
        return false;
    }
    if (!job.fallback)
    {
        r->record.deviceStart = Simulator::Now();
    }
    return true;
}

void
MobileDeviceApplication::CpuDone(const DeviceProcessor::Job& job)
{
    RequestTracker::Request* r = m_tracker.Find(job.requestId);
    if (!r)
    {
        return;
    }
    if (job.fallback)
    {
        Resolve(job.requestId, DnnSurgeryRequestRecord::FALLBACK, r->record.reason);
    }
    else
    {
        r->record.deviceEnd = Simulator::Now();
        if (!r->record.plan.offloads)
        {
            Resolve(job.requestId, DnnSurgeryRequestRecord::COMPLETED, "");
        }
        else if (m_connected && m_joined && m_linkUp)
        {
            SendTensor(job.requestId);
        }
        else
        {
            Fallback(job.requestId, NoServerReason());
        }
    }
}

void
MobileDeviceApplication::SendTensor(uint32_t id)
{
    const DnnSurgeryPlan& plan = m_tracker.Find(id)->record.plan;
    SurgeryTensorHeader h;
    h.m_requestId = id;
    h.m_tensorBytes = static_cast<uint32_t>(std::llround(plan.bytesUp));
    h.m_resultBytes = static_cast<uint32_t>(std::llround(plan.bytesDown));
    h.m_serverWork = plan.serverWork;
    h.m_deviceSendTime = Simulator::Now();
    m_tracker.MarkSent(id, Simulator::Now(), h.m_tensorBytes);
    SendMessage(SurgeryHeader::TENSOR, h, h.m_tensorBytes);
    m_tracker.SetTimeout(
        id,
        Simulator::Schedule(m_requestTimeout, &MobileDeviceApplication::RequestTimedOut, this, id));
}

void
MobileDeviceApplication::HandleResult(const SurgeryResultHeader& h, uint32_t payload)
{
    NS_LOG_FUNCTION(this << h.m_requestId << payload);
    RequestTracker::Request* it = m_tracker.Find(h.m_requestId);
    bool waiting = m_tracker.IsAwaitingResult(h.m_requestId);
    // The transfers measure the link whether or not the request still waits for them.
    uint32_t overhead = SurgeryHeader::SIZE + SurgeryTensorHeader().GetSerializedSize();
    if (it || h.m_status == SurgeryResultHeader::OK)
    {
        double upBytes = it ? it->record.bytesUp : 0;
        m_rates.AddUplinkTransfer(upBytes + overhead,
                                  h.m_deviceSendTime.GetSeconds(),
                                  h.m_serverRecvTime.GetSeconds());
        m_rates.AddDownlinkTransfer(payload + SurgeryHeader::SIZE + h.GetSerializedSize(),
                                    h.m_serverSendTime.GetSeconds(),
                                    Simulator::Now().GetSeconds());
    }
    if (waiting)
    {
        RequestTracker::Request& r = *it;
        r.timeout.Cancel();
        r.record.serverReceived = h.m_serverRecvTime;
        r.record.computeStart = h.m_computeStart;
        r.record.computeEnd = h.m_computeEnd;
        r.record.serverSent = h.m_serverSendTime;
        if (h.m_status == SurgeryResultHeader::OK)
        {
            m_tracker.CompleteWithResult(h.m_requestId, Simulator::Now(), payload);
        }
        else
        {
            Fallback(h.m_requestId, "rejected");
        }
    }
    CheckRates(false);
}

void
MobileDeviceApplication::RequestTimedOut(uint32_t id)
{
    NS_LOG_FUNCTION(this << id);
    Fallback(id, "timeout");
}

void
MobileDeviceApplication::Fallback(uint32_t id, const std::string& reason)
{
    NS_LOG_FUNCTION(this << id << reason);
    double seconds = 0;
    if (m_tracker.StartFallback(id, reason, Simulator::Now(), seconds))
    {
        m_cpu.Enqueue({id, seconds, true});
    }
}

void
MobileDeviceApplication::RequestResolved(const DnnSurgeryRequestRecord& record)
{
    if (record.handoverMark != m_handovers || m_inHandover)
    {
        DnnSurgeryRequestRecord crossed = record;
        crossed.crossedHandover = true;
        m_requestTrace(crossed);
        return;
    }
    m_requestTrace(record);
}

void
MobileDeviceApplication::Resolve(uint32_t id,
                                 DnnSurgeryRequestRecord::Outcome outcome,
                                 std::string reason)
{
    // reason is taken by value: callers pass fields of the request that the tracker erases
    m_tracker.Resolve(id, outcome, std::move(reason), Simulator::Now());
}

} // namespace ns3
