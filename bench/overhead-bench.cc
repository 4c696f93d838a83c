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
 * connection per device and direction) to isolate the cost of the DDS applications
 * (printed as dds_over_replay).
 *
 *   ./overhead-bench [--benchmark_...]   (env DDS_BENCH_DEVICES, DDS_BENCH_SECONDS override)
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/dnn-surgery-module.h"
#include "ns3/internet-module.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdlib>
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

/**
 * A plain TCP sender that writes given byte counts at given times on one connection (no DDS
 * logic): replays the DDS run's traffic to isolate the cost of the DDS applications.
 */
class ReplaySender : public Application
{
  public:
    /**
     * \brief Configure.
     * \param peer where to connect
     * \param sends (time, bytes) to write
     */
    void Setup(Address peer, const std::vector<std::pair<Time, uint32_t>>& sends)
    {
        m_peer = peer;
        m_sends = sends;
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->Connect(m_peer);
        m_socket->SetSendCallback(MakeCallback(&ReplaySender::Space, this));
        for (const auto& s : m_sends)
        {
            if (s.first >= Simulator::Now())
            {
                Simulator::Schedule(s.first - Simulator::Now(),
                                    &ReplaySender::Write,
                                    this,
                                    s.second);
            }
        }
    }

    void StopApplication() override
    {
        if (m_socket)
        {
            m_socket->Close();
        }
    }

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

    /// Write while the socket accepts.
    void Drain()
    {
        while (m_pending > 0)
        {
            uint32_t n = std::min<uint64_t>(m_pending, m_socket->GetTxAvailable());
            if (n == 0 || m_socket->Send(Create<Packet>(n)) <= 0)
            {
                return;
            }
            m_pending -= n;
        }
    }

    Address m_peer;                                 //!< peer
    std::vector<std::pair<Time, uint32_t>> m_sends; //!< schedule
    Ptr<Socket> m_socket;                           //!< connection
    uint64_t m_pending{0};                          //!< bytes not yet accepted
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
 * \brief Request sink.
 * \param r record
 */
void
CountRequest(const DnnSurgeryRequestRecord& r)
{
    ++g_requests;
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
 * \brief One run replaying the dds run's messages (same bytes at the same times, one TCP
 * connection per device and direction, no DDS logic).
 * \param state benchmark state
 */
void
BM_ReplayWifi(benchmark::State& state)
{
    for (auto _ : state)
    {
        DnnSurgeryTopology t = Build();
        ApplicationContainer apps;
        for (uint32_t i = 0; i < g_devices; ++i)
        {
            uint16_t port = 20000 + i;
            Ipv4Address devAddr = t.devices.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
            Ptr<ReplaySender> up = CreateObject<ReplaySender>();
            up->Setup(InetSocketAddress(t.serverAddress[i], port), g_upLog[i]);
            t.devices.Get(i)->AddApplication(up);
            apps.Add(up);
            PacketSinkHelper upSink("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
            apps.Add(upSink.Install(t.server));
            Ptr<ReplaySender> down = CreateObject<ReplaySender>();
            down->Setup(InetSocketAddress(devAddr, port), g_downLog[i]);
            t.server->AddApplication(down);
            apps.Add(down);
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

    // A console reporter that also keeps the two CPU times to print their ratio.
    class RatioReporter : public benchmark::ConsoleReporter
    {
      public:
        void ReportRuns(const std::vector<Run>& runs) override
        {
            for (const auto& r : runs)
            {
                double cpu = r.GetAdjustedCPUTime();
                if (r.benchmark_name().find("dds") != std::string::npos)
                {
                    m_dds = cpu;
                }
                else if (r.benchmark_name().find("bulk") != std::string::npos)
                {
                    m_bulk = cpu;
                }
                else
                {
                    m_replay = cpu;
                }
            }
            ConsoleReporter::ReportRuns(runs);
        }

        double m_dds{0};    //!< dds CPU time
        double m_bulk{0};   //!< BulkSend CPU time
        double m_replay{0}; //!< replay CPU time
    };

    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    if (reporter.m_bulk > 0)
    {
        std::cout << "dds_over_bulk (CPU time ratio) = " << reporter.m_dds / reporter.m_bulk
                  << " (target <= 1.10)" << std::endl;
    }
    if (reporter.m_replay > 0)
    {
        std::cout << "dds_over_replay (CPU time ratio, same bytes at the same times) = "
                  << reporter.m_dds / reporter.m_replay << std::endl;
    }
    benchmark::Shutdown();
    return 0;
}
