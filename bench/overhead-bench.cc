/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Google Benchmark: simulation overhead of the DDS applications. Wall (CPU) time of a
 * 20-device, 60-simulated-second 802.11ax run of the dds policy, against a plain ns-3
 * BulkSend run that moves the same bytes (per device, each direction, as counted by the DDS
 * run's Tx traces, control messages included) on the same topology, mobility and seed.
 * Target: dds / bulk <= 1.10 (printed as dds_over_bulk). BulkSend sends as fast as it can,
 * which changes the traffic's shape (saturated flows, large A-MPDUs, fewer Wi-Fi events per
 * byte); a third run replays the dds run's messages (same bytes, same times, one plain TCP
 * connection per device for both directions, as in the dds run, connections opened 5 ms
 * apart so that no SYN is lost) to isolate the cost of the DDS applications (printed as
 * dds_over_replay, only when both runs delivered the same bytes per device and direction).
 *
 *   ./overhead-bench [--benchmark_...]   (env DDS_BENCH_DEVICES, DDS_BENCH_SECONDS override)
 *   ./overhead-bench --benchmark_filter='dds|replay' --benchmark_repetitions=3   (ratios of the
 *       smallest CPU time of each, the repetitions run one benchmark after the other)
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/dnn-surgery-module.h"
#include "ns3/internet-module.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdlib>
#include <map>
#include <vector>

using namespace ns3;

namespace
{

uint32_t g_devices = 20;      //!< devices
double g_seconds = 60;        //!< simulated seconds
std::vector<uint64_t> g_up;   //!< bytes sent by each device in the dds run
std::vector<uint64_t> g_down; //!< bytes sent to each device in the dds run
/// (time, bytes) of every message each device sent, and the server sent to each device.
std::vector<std::vector<std::pair<Time, uint32_t>>> g_upLog;
std::vector<std::vector<std::pair<Time, uint32_t>>> g_downLog; //!< see g_upLog

std::vector<uint64_t> g_upRx;         //!< bytes of complete messages the server received per device
std::vector<uint64_t> g_downRx;       //!< bytes of complete messages each device received
std::vector<uint64_t> g_replayUpRx;   //!< bytes the replay server received per device
std::vector<uint64_t> g_replayDownRx; //!< bytes each replay device received

/**
 * One side of a replayed connection: writes given byte counts at given times into a TCP
 * socket once there is one (bytes due before are queued), and counts what it receives.
 */
class ReplayEndpoint : public SimpleRefCount<ReplayEndpoint>
{
  public:
    /**
     * \brief Configure.
     * \param sends (time, bytes) to write
     * \param received counter of the bytes received
     */
    ReplayEndpoint(const std::vector<std::pair<Time, uint32_t>>& sends, uint64_t* received)
        : m_sends(sends),
          m_received(received)
    {
    }

    /// Schedule the writes (those not yet due).
    void Schedule()
    {
        for (const auto& s : m_sends)
        {
            Time at = std::max(s.first, Simulator::Now());
            Simulator::Schedule(at - Simulator::Now(), &ReplayEndpoint::Write, this, s.second);
        }
    }

    /**
     * \brief Use a connected socket.
     * \param socket the socket
     */
    void Attach(Ptr<Socket> socket)
    {
        m_socket = socket;
        m_socket->SetSendCallback(MakeCallback(&ReplayEndpoint::Space, this));
        m_socket->SetRecvCallback(MakeCallback(&ReplayEndpoint::Read, this));
        Drain();
    }

    /// Close the socket.
    void Close()
    {
        if (m_socket)
        {
            m_socket->Close();
            m_socket = nullptr;
        }
    }

  private:
    /**
     * \brief Queue bytes.
     * \param bytes count
     */
    void Write(uint32_t bytes)
    {
        m_pending += bytes;
        Drain();
    }

    /**
     * \brief Send space.
     * \param s socket
     * \param n bytes available
     */
    void Space(Ptr<Socket> s, uint32_t n)
    {
        Drain();
    }

    /**
     * \brief Count received bytes.
     * \param s socket
     */
    void Read(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
            *m_received += p->GetSize();
        }
    }

    /// Write while the socket accepts.
    void Drain()
    {
        while (m_socket && m_pending > 0)
        {
            uint32_t n = std::min<uint64_t>(m_pending, m_socket->GetTxAvailable());
            if (n == 0 || m_socket->Send(Create<Packet>(n)) <= 0)
            {
                return;
            }
            m_pending -= n;
        }
    }

    std::vector<std::pair<Time, uint32_t>> m_sends; //!< schedule
    uint64_t* m_received;                           //!< receive counter
    Ptr<Socket> m_socket;                           //!< connection (null until connected)
    uint64_t m_pending{0};                          //!< bytes not yet accepted by the socket
};

/**
 * A replaying device: one TCP connection to the server, opened at its own start time
 * (staggered over the devices, so that the SYNs do not collide), carrying the device's
 * uplink messages; counts the downlink bytes it receives. No DDS logic.
 */
class ReplayDevice : public Application
{
  public:
    /**
     * \brief Configure.
     * \param peer server address
     * \param endpoint the replay of the device's uplink
     */
    void Setup(Address peer, Ptr<ReplayEndpoint> endpoint)
    {
        m_peer = peer;
        m_endpoint = endpoint;
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&ReplayDevice::Connected, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Connect(m_peer);
        m_endpoint->Schedule();
    }

    void StopApplication() override
    {
        m_endpoint->Close();
    }

    /**
     * \brief The connection is up.
     * \param s socket
     */
    void Connected(Ptr<Socket> s)
    {
        m_endpoint->Attach(s);
    }

    Address m_peer;                 //!< server
    Ptr<Socket> m_socket;           //!< connection
    Ptr<ReplayEndpoint> m_endpoint; //!< uplink replay
};

/**
 * The replaying server: accepts one connection per device (identified by its address) and
 * replays that device's downlink messages on it; counts the uplink bytes it receives.
 */
class ReplayServer : public Application
{
  public:
    /**
     * \brief Configure.
     * \param port listening port
     * \param devices device address -> downlink replay of that device
     */
    void Setup(uint16_t port, const std::map<Ipv4Address, Ptr<ReplayEndpoint>>& devices)
    {
        m_port = port;
        m_devices = devices;
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
        m_socket->Listen();
        m_socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&ReplayServer::Accepted, this));
        for (auto& [addr, endpoint] : m_devices)
        {
            endpoint->Schedule();
        }
    }

    void StopApplication() override
    {
        for (auto& [addr, endpoint] : m_devices)
        {
            endpoint->Close();
        }
        m_socket->Close();
    }

    /**
     * \brief A device connected.
     * \param s the new socket
     * \param from the device
     */
    void Accepted(Ptr<Socket> s, const Address& from)
    {
        auto it = m_devices.find(InetSocketAddress::ConvertFrom(from).GetIpv4());
        if (it != m_devices.end())
        {
            it->second->Attach(s);
        }
    }

    uint16_t m_port{0};                                   //!< port
    Ptr<Socket> m_socket;                                 //!< listening socket
    std::map<Ipv4Address, Ptr<ReplayEndpoint>> m_devices; //!< per device
};

uint64_t g_requests = 0; //!< requests resolved in the dds run

/**
 * \brief The shared topology: one AP, random-walk devices, fixed seed.
 * \return the topology
 */
DnnSurgeryTopology
Build()
{
    RngSeedManager::SetSeed(11);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(4 << 20));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(4 << 20));
    DnnSurgeryTopologyHelper topo;
    topo.SetMobility(DnnSurgeryTopologyHelper::MOBILITY_RANDOM_WALK, 1.0);
    DnnSurgeryTopology t = topo.BuildWifi(g_devices);
    topo.AssignStreams(1);
    return t;
}

/**
 * \brief Device Tx sink: counts uplink bytes.
 * \param id device
 * \param p message
 */
void
CountUp(uint32_t id, Ptr<const Packet> p)
{
    g_up[id] += p->GetSize();
    g_upLog[id].emplace_back(Simulator::Now(), p->GetSize());
}

/**
 * \brief Server Tx sink: counts downlink bytes by the device in the framing header.
 * \param p message
 */
void
CountDown(Ptr<const Packet> p)
{
    SurgeryHeader h;
    p->PeekHeader(h);
    if (h.GetDeviceId() < g_down.size())
    {
        g_down[h.GetDeviceId()] += p->GetSize();
        g_downLog[h.GetDeviceId()].emplace_back(Simulator::Now(), p->GetSize());
    }
}

/**
 * \brief Bytes delivered in order to the receiving TCP sockets at the end of a run, per
 * device and direction. The same instrument for the dds run and the replay: every TCP socket
 * of the server (by its peer, a device) and of each device.
 * \param t the topology
 * \param up bytes the server's sockets received from each device
 * \param down bytes each device's sockets received
 */
void
CountDelivered(const DnnSurgeryTopology& t, std::vector<uint64_t>& up, std::vector<uint64_t>& down)
{
    up.assign(g_devices, 0);
    down.assign(g_devices, 0);
    std::map<Ipv4Address, uint32_t> byAddress;
    for (uint32_t i = 0; i < g_devices; ++i)
    {
        byAddress[t.devices.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal()] = i;
    }
    auto received = [](Ptr<Node> node, auto sink) {
        ObjectVectorValue sockets;
        node->GetObject<TcpL4Protocol>()->GetAttribute("SocketList", sockets);
        for (auto it = sockets.Begin(); it != sockets.End(); ++it)
        {
            Ptr<TcpSocketBase> s = DynamicCast<TcpSocketBase>(it->second);
            Address peer;
            if (!s || !s->GetRxBuffer() || s->GetPeerName(peer) != 0)
            {
                continue; // listening or never connected
            }
            // the receive sequence starts at the peer's ISN + 1 (ns-3's ISN is 0)
            uint32_t next = s->GetRxBuffer()->NextRxSequence().GetValue();
            sink(InetSocketAddress::ConvertFrom(peer).GetIpv4(), next > 0 ? next - 1 : 0);
        }
    };
    received(t.server, [&](Ipv4Address from, uint64_t n) {
        auto it = byAddress.find(from);
        if (it != byAddress.end())
        {
            up[it->second] += n;
        }
    });
    for (uint32_t i = 0; i < g_devices; ++i)
    {
        received(t.devices.Get(i), [&](Ipv4Address, uint64_t n) { down[i] += n; });
    }
}

/**
 * \brief Request sink.
 * \param r record
 */
void
CountRequest(const DnnSurgeryRequestRecord& r)
{
    ++g_requests;
}

/**
 * \param v counts
 * \return their sum
 */
uint64_t
Sum(const std::vector<uint64_t>& v)
{
    uint64_t n = 0;
    for (uint64_t x : v)
    {
        n += x;
    }
    return n;
}

/**
 * \brief The part of a log that was delivered: its first `delivered` bytes, in send order
 * (TCP delivers in order), the last message cut where the delivery stopped.
 * \param log (time, bytes) sent
 * \param delivered bytes the receiver got
 * \return the delivered prefix of the log
 */
std::vector<std::pair<Time, uint32_t>>
DeliveredPrefix(const std::vector<std::pair<Time, uint32_t>>& log, uint64_t delivered)
{
    std::vector<std::pair<Time, uint32_t>> out;
    uint64_t n = 0;
    for (const auto& m : log)
    {
        if (n >= delivered)
        {
            break;
        }
        uint32_t bytes = static_cast<uint32_t>(std::min<uint64_t>(m.second, delivered - n));
        n += bytes;
        out.emplace_back(m.first, bytes);
    }
    return out;
}

/**
 * \brief One dds run.
 * \param state benchmark state
 */
void
BM_DdsWifi(benchmark::State& state)
{
    for (auto _ : state)
    {
        g_up.assign(g_devices, 0);
        g_down.assign(g_devices, 0);
        g_upLog.assign(g_devices, {});
        g_downLog.assign(g_devices, {});
        g_upRx.assign(g_devices, 0);
        g_downRx.assign(g_devices, 0);
        g_requests = 0;
        DnnSurgeryTopology t = Build();
        DnnSurgeryHelper h;
        h.SetPolicy("dds");
        h.SetServerAttribute("Capacity", DoubleValue(4e12));
        h.SetServerAttribute("Kappa", DoubleValue(1e-25));
        h.SetDeviceAttribute("Model", StringValue("mobilenet_v2"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(2));
        h.SetDeviceAttribute("Arrival", StringValue("poisson"));
        ApplicationContainer apps = h.Install(t);
        h.AssignStreams(t.devices, 1000);
        apps.Start(Seconds(0.5));
        apps.Stop(Seconds(g_seconds));
        for (uint32_t i = 0; i < g_devices; ++i)
        {
            h.GetDevices()[i]->TraceConnectWithoutContext("Tx", MakeBoundCallback(&CountUp, i));
        }
        h.GetServers()[0]->TraceConnectWithoutContext("Tx", MakeCallback(&CountDown));
        h.TraceRequests(MakeCallback(&CountRequest));
        Simulator::Stop(Seconds(g_seconds));
        Simulator::Run();
        state.PauseTiming();
        CountDelivered(t, g_upRx, g_downRx);
        state.ResumeTiming();
        Simulator::Destroy();
    }
    uint64_t up = 0;
    uint64_t down = 0;
    for (uint32_t i = 0; i < g_devices; ++i)
    {
        up += g_up[i];
        down += g_down[i];
    }
    state.counters["bytes_up"] = up;
    state.counters["bytes_down"] = down;
    state.counters["delivered"] = Sum(g_upRx) + Sum(g_downRx);
    state.counters["requests"] = g_requests;
}

/**
 * \brief One BulkSend run moving the same bytes.
 * \param state benchmark state
 */
void
BM_BulkSendWifi(benchmark::State& state)
{
    for (auto _ : state)
    {
        DnnSurgeryTopology t = Build();
        ApplicationContainer apps;
        for (uint32_t i = 0; i < g_devices; ++i)
        {
            uint16_t port = 10000 + i;
            Ipv4Address devAddr = t.devices.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
            BulkSendHelper up("ns3::TcpSocketFactory", InetSocketAddress(t.serverAddress[i], port));
            up.SetAttribute("MaxBytes", UintegerValue(g_up[i]));
            up.SetAttribute("SendSize", UintegerValue(1448));
            apps.Add(up.Install(t.devices.Get(i)));
            PacketSinkHelper upSink("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
            apps.Add(upSink.Install(t.server));
            BulkSendHelper down("ns3::TcpSocketFactory", InetSocketAddress(devAddr, port));
            down.SetAttribute("MaxBytes", UintegerValue(g_down[i]));
            down.SetAttribute("SendSize", UintegerValue(1448));
            apps.Add(down.Install(t.server));
            PacketSinkHelper downSink("ns3::TcpSocketFactory",
                                      InetSocketAddress(Ipv4Address::GetAny(), port));
            apps.Add(downSink.Install(t.devices.Get(i)));
        }
        apps.Start(Seconds(0.5));
        apps.Stop(Seconds(g_seconds));
        Simulator::Stop(Seconds(g_seconds));
        Simulator::Run();
        Simulator::Destroy();
    }
}

/**
 * \brief One run replaying the dds run's delivered messages: the same bytes at the same send
 * times, one plain TCP connection per device carrying both directions (as the dds run has),
 * the devices' connections opened 5 ms apart, no DDS logic.
 * \param state benchmark state
 */
void
BM_ReplayWifi(benchmark::State& state)
{
    for (auto _ : state)
    {
        g_replayUpRx.assign(g_devices, 0);
        g_replayDownRx.assign(g_devices, 0);
        DnnSurgeryTopology t = Build();
        ApplicationContainer apps;
        const uint16_t port = 20000;
        std::map<Ipv4Address, Ptr<ReplayEndpoint>> downs;
        for (uint32_t i = 0; i < g_devices; ++i)
        {
            Ipv4Address devAddr = t.devices.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
            downs[devAddr] = Create<ReplayEndpoint>(DeliveredPrefix(g_downLog[i], g_downRx[i]),
                                                    &g_replayUpRx[i]);
            Ptr<ReplayDevice> dev = CreateObject<ReplayDevice>();
            dev->Setup(
                InetSocketAddress(t.serverAddress[i], port),
                Create<ReplayEndpoint>(DeliveredPrefix(g_upLog[i], g_upRx[i]), &g_replayDownRx[i]));
            t.devices.Get(i)->AddApplication(dev);
            dev->SetStartTime(Seconds(0.5) + MilliSeconds(5 * i));
            dev->SetStopTime(Seconds(g_seconds));
        }
        Ptr<ReplayServer> server = CreateObject<ReplayServer>();
        server->Setup(port, downs);
        t.server->AddApplication(server);
        server->SetStartTime(Seconds(0.4));
        server->SetStopTime(Seconds(g_seconds));
        Simulator::Stop(Seconds(g_seconds));
        Simulator::Run();
        state.PauseTiming();
        std::vector<uint64_t> up;
        std::vector<uint64_t> down;
        CountDelivered(t, up, down);
        bool sameInstrument = up == g_replayUpRx && down == g_replayDownRx;
        state.ResumeTiming();
        if (!sameInstrument)
        {
            state.SkipWithError("the replay's sockets and applications disagree on the bytes");
        }
        Simulator::Destroy();
    }
    state.counters["delivered"] = Sum(g_replayUpRx) + Sum(g_replayDownRx);
}

} // namespace

int
main(int argc, char** argv)
{
    if (const char* d = std::getenv("DDS_BENCH_DEVICES"))
    {
        g_devices = std::atoi(d);
    }
    if (const char* s = std::getenv("DDS_BENCH_SECONDS"))
    {
        g_seconds = std::atof(s);
    }
    benchmark::Initialize(&argc, argv);
    // One iteration each: a run is tens of seconds. CPU time of the process (the machine may
    // be shared). The dds run goes first: the BulkSend run replays its byte counts.
    benchmark::RegisterBenchmark("dds_wifi_20dev_60s", BM_DdsWifi)
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
    benchmark::RegisterBenchmark("bulksend_wifi_same_bytes", BM_BulkSendWifi)
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
    benchmark::RegisterBenchmark("replay_wifi_same_bytes_same_times", BM_ReplayWifi)
        ->Iterations(1)
        ->Unit(benchmark::kSecond);

    // A console reporter that also keeps the CPU times to print their ratios: with
    // --benchmark_repetitions=N the smallest of the N (the least disturbed by other load).
    class RatioReporter : public benchmark::ConsoleReporter
    {
      public:
        void ReportRuns(const std::vector<Run>& runs) override
        {
            for (const auto& r : runs)
            {
                if (r.run_type == Run::RT_Aggregate || r.error_occurred)
                {
                    continue;
                }
                double cpu = r.GetAdjustedCPUTime();
                double& slot = r.benchmark_name().find("dds") != std::string::npos    ? m_dds
                               : r.benchmark_name().find("bulk") != std::string::npos ? m_bulk
                                                                                      : m_replay;
                slot = slot > 0 ? std::min(slot, cpu) : cpu;
            }
            ConsoleReporter::ReportRuns(runs);
        }

        double m_dds{0};    //!< dds CPU time (smallest repetition)
        double m_bulk{0};   //!< BulkSend CPU time (smallest repetition)
        double m_replay{0}; //!< replay CPU time (smallest repetition)
    };

    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    if (reporter.m_bulk > 0)
    {
        std::cout << "dds_over_bulk (CPU time ratio) = " << reporter.m_dds / reporter.m_bulk
                  << " (target <= 1.10)" << std::endl;
    }
    int status = 0;
    if (reporter.m_replay > 0)
    {
        // the ratio compares equal work only: both runs must have delivered the same bytes
        uint64_t up = Sum(g_upRx);
        uint64_t down = Sum(g_downRx);
        uint64_t rUp = Sum(g_replayUpRx);
        uint64_t rDown = Sum(g_replayDownRx);
        std::cout << "delivered bytes (in order, at the receiving sockets): dds up " << up
                  << " down " << down << ", replay up " << rUp << " down " << rDown << std::endl;
        if (up == rUp && down == rDown && g_upRx == g_replayUpRx && g_downRx == g_replayDownRx)
        {
            std::cout << "dds_over_replay (CPU time ratio, same delivered bytes, per device and "
                         "direction, sent at the same times) = "
                      << reporter.m_dds / reporter.m_replay << std::endl;
        }
        else
        {
            std::cout << "dds_over_replay: NOT COMPARABLE, the replay delivered other bytes than "
                         "the dds run (per device and direction); no ratio printed"
                      << std::endl;
            status = 1;
        }
    }
    benchmark::Shutdown();
    return status;
}
