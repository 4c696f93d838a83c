/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * The outputs ns-3 users expect (suite dnn-surgery-output):
 *
 * - FlowMonitor agrees with the applications: the uplink flows carry exactly the bytes the
 *   devices sent (tensors of the requests table, framed, plus the control messages) and a
 *   52-byte TCP/IPv4 header per packet;
 * - a scenario with pcap, FlowMonitor and NetAnim switched on writes all three, and the
 *   per-flow-kind summary goes to run_metrics;
 * - the trace sources are reachable by their Config paths.
 */

#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-helper.h"
#include "ns3/dnn-surgery-output-helper.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/surgery-header.h"
#include "ns3/test.h"

#include <cstdio>
#include <fstream>
#include <sqlite3.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \brief Size of a file.
 * \param path the file
 * \return bytes, or -1 if it does not exist
 */
long
FileSize(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
}

/// FlowMonitor's uplink bytes = the devices' bytes + the headers.
class FlowMonitorAgreementTestCase : public TestCase
{
  public:
    FlowMonitorAgreementTestCase()
        : TestCase("FlowMonitor uplink bytes equal the devices' framed bytes plus 52 header "
                   "bytes per packet; tensor bytes match the requests")
    {
    }

  private:
    uint64_t m_appUp{0};        //!< bytes of every message the devices sent
    uint64_t m_tensorFramed{0}; //!< of which TENSOR messages (framing included)
    uint64_t m_tensors{0};      //!< TENSOR messages
    double m_requestBytesUp{0}; //!< sum of bytesUp of the Request records
    uint32_t m_tensorHeader{0}; //!< SurgeryHeader + tensor header bytes

    /**
     * \brief Device Tx sink.
     * \param p the framed message
     */
    void OnTx(Ptr<const Packet> p)
    {
        m_appUp += p->GetSize();
        SurgeryHeader h;
        p->PeekHeader(h);
        if (h.GetMessageType() == SurgeryHeader::TENSOR)
        {
            m_tensorFramed += p->GetSize();
            ++m_tensors;
        }
    }

    /**
     * \brief Request sink.
     * \param r the record
     */
    void OnRequest(const DnnSurgeryRequestRecord& r)
    {
        m_requestBytesUp += r.bytesUp;
    }

    void DoRun() override
    {
        m_tensorHeader = SurgeryHeader::SIZE + SurgeryTensorHeader().GetSerializedSize();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(2, "100Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("dads");
        h.SetDeviceAttribute("Model", StringValue("resnet18"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(4));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(4));
        for (const auto& d : h.GetDevices())
        {
            d->TraceConnectWithoutContext("Tx",
                                          MakeCallback(&FlowMonitorAgreementTestCase::OnTx, this));
        }
        h.TraceRequests(MakeCallback(&FlowMonitorAgreementTestCase::OnRequest, this));
        std::string xml = "/tmp/dnn-surgery-output-test-" + std::to_string(getpid()) + ".xml";
        DnnSurgeryOutputHelper out;
        out.EnableFlowMonitor(xml, NodeContainer::GetGlobal(), 9000);
        Simulator::Stop(Seconds(4.5));
        Simulator::Run();
        out.Finish();
        Simulator::Destroy();

        const auto& summary = out.GetFlowSummary();
        NS_TEST_ASSERT_MSG_EQ(summary.count("uplink"), 1u, "uplink flows");
        NS_TEST_ASSERT_MSG_EQ(summary.count("downlink"), 1u, "downlink flows");
        const DnnSurgeryFlowSummary& up = summary.at("uplink");
        NS_TEST_EXPECT_MSG_EQ(up.flows, 2u, "one uplink flow per device");
        NS_TEST_EXPECT_MSG_EQ(up.lostPackets, 0u, "an ideal link loses nothing");
        NS_TEST_EXPECT_MSG_GT(m_tensors, 10u, "tensors were sent");
        // the tensors of the requests table, framed, are what the devices sent as TENSOR
        NS_TEST_EXPECT_MSG_EQ_TOL(static_cast<double>(m_tensorFramed),
                                  m_requestBytesUp + m_tensors * m_tensorHeader,
                                  0.5,
                                  "TENSOR bytes = requests' bytes_up + their headers");
        // FlowMonitor counts IPv4 packets: payload + 20 (IPv4) + 32 (TCP with timestamps);
        // only the SYN carries more options
        double payload = static_cast<double>(up.txBytes) - 52.0 * up.txPackets;
        NS_TEST_EXPECT_MSG_EQ_TOL(payload,
                                  static_cast<double>(m_appUp),
                                  8.0 * up.flows,
                                  "uplink payload bytes = the devices' framed messages");
        NS_TEST_EXPECT_MSG_EQ(up.rxBytes, up.txBytes, "all received");
        NS_TEST_EXPECT_MSG_GT(FileSize(xml), 0, "FlowMonitor XML written");
        std::remove(xml.c_str());
    }
};

/// A scenario with every output on writes every output.
class ScenarioOutputsTestCase : public TestCase
{
  public:
    ScenarioOutputsTestCase()
        : TestCase("a scenario with pcap, FlowMonitor and NetAnim on produces all three")
    {
    }

  private:
    void DoRun() override
    {
        const std::string dir = "/tmp/dnn-surgery-output-" + std::to_string(getpid());
        mkdir(dir.c_str(), 0755);
        const std::string db = dir + "/o.db";
        Scenario s = ScenarioReader::ReadString(
            R"({"name": "outputs", "duration": 2.0, "policies": ["dads"],
                "devices": {"count": 2, "rate": 2.0}})",
            "outputs.json",
            {"--output.pcap=" + dir + "/trace",
             "--output.flowMonitor=" + dir + "/flows",
             "--output.netanim=" + dir + "/anim"});
        int64_t run = -1;
        {
            ResultStore store(db);
            run = DnnSurgeryComparison::RunOne(s, "dads", 1, 1, store, "").runId;
        }
        NS_TEST_EXPECT_MSG_GT(FileSize(dir + "/flows-dads-1-1.xml"), 0, "FlowMonitor XML");
        NS_TEST_EXPECT_MSG_GT(FileSize(dir + "/anim-dads-1-1.xml"), 0, "NetAnim trace");
        // <prefix>-<node>-<device>: node 0 the server (its backhaul link), node 1 the AP (its
        // Wi-Fi device and its backhaul link), nodes 2 and 3 the stations (device 0 is the
        // loopback)
        for (const char* f : {"0-1", "1-1", "1-2", "2-1", "3-1"})
        {
            NS_TEST_EXPECT_MSG_GT(FileSize(dir + "/trace-dads-1-1-" + f + ".pcap"),
                                  24,
                                  "pcap of node-device " << f << " has packets");
        }
        std::ifstream flows(dir + "/flows-dads-1-1.xml");
        std::string first;
        std::getline(flows, first);
        NS_TEST_EXPECT_MSG_NE(first.find("<?xml"), std::string::npos, "an XML file");
        // the per-flow-kind summary is in run_metrics
        sqlite3* h = nullptr;
        sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* q = nullptr;
        sqlite3_prepare_v2(h,
                           "SELECT COUNT(*), SUM(value > 0) FROM run_metrics WHERE run_id = ? "
                           "AND name IN ('flow.uplink.rx_bytes', 'flow.downlink.rx_bytes')",
                           -1,
                           &q,
                           nullptr);
        sqlite3_bind_int64(q, 1, run);
        NS_TEST_ASSERT_MSG_EQ(sqlite3_step(q), SQLITE_ROW, "a row");
        NS_TEST_EXPECT_MSG_EQ(sqlite3_column_int(q, 0), 2, "uplink and downlink summaries");
        NS_TEST_EXPECT_MSG_EQ(sqlite3_column_int(q, 1), 2, "both carried bytes");
        sqlite3_finalize(q);
        sqlite3_close(h);
        std::string rm = "rm -rf '" + dir + "'";
        NS_TEST_EXPECT_MSG_EQ(std::system(rm.c_str()), 0, "clean up");
    }
};

/// Every trace source by its Config path.
class ConfigPathTestCase : public TestCase
{
  public:
    ConfigPathTestCase()
        : TestCase("trace sources are reachable by their Config paths")
    {
    }

  private:
    std::vector<std::string> m_requestContexts; //!< contexts of the Request traces
    uint32_t m_rounds{0};                       //!< Round traces
    uint32_t m_grants{0};                       //!< Grant traces
    uint32_t m_shares{0};                       //!< Share traces
    uint64_t m_direct{0};                       //!< Request traces connected directly

    /**
     * \brief Request sink with context.
     * \param context the path
     * \param r the record
     */
    void OnRequest(std::string context, const DnnSurgeryRequestRecord& r)
    {
        m_requestContexts.push_back(context);
    }

    /**
     * \brief Request sink without context.
     * \param r the record
     */
    void OnRequestDirect(const DnnSurgeryRequestRecord& r)
    {
        ++m_direct;
    }

    /**
     * \brief Round sink.
     * \param r the record
     */
    void OnRound(const DnnSurgeryRoundRecord& r)
    {
        ++m_rounds;
    }

    /**
     * \brief Grant sink.
     * \param id device
     * \param epoch epoch
     * \param share share
     * \param aggregate S
     */
    void OnGrant(uint32_t id, uint32_t epoch, double share, double aggregate)
    {
        ++m_grants;
    }

    /**
     * \brief Share sink.
     * \param id device
     * \param epoch epoch
     * \param oldShare before
     * \param newShare after
     */
    void OnShare(uint32_t id, uint32_t epoch, double oldShare, double newShare)
    {
        ++m_shares;
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(3, "100Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("dds");
        h.SetDeviceAttribute("FrameRate", DoubleValue(4));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(3));
        const std::string apps0 = "/NodeList/*/ApplicationList/*/";
        Config::Connect(apps0 + "$ns3::MobileDeviceApplication/Request",
                        MakeCallback(&ConfigPathTestCase::OnRequest, this));
        Config::ConnectWithoutContext(apps0 + "$ns3::MecServerApplication/Round",
                                      MakeCallback(&ConfigPathTestCase::OnRound, this));
        Config::ConnectWithoutContext(apps0 + "$ns3::MecServerApplication/Grant",
                                      MakeCallback(&ConfigPathTestCase::OnGrant, this));
        Config::ConnectWithoutContext(apps0 + "$ns3::MobileDeviceApplication/Share",
                                      MakeCallback(&ConfigPathTestCase::OnShare, this));
        h.TraceRequests(MakeCallback(&ConfigPathTestCase::OnRequestDirect, this));
        Simulator::Stop(Seconds(3.5));
        Simulator::Run();
        uint64_t issued = 0;
        for (const auto& d : h.GetDevices())
        {
            uint64_t n;
            uint64_t c;
            uint64_t f;
            uint64_t x;
            uint64_t inFlight;
            d->GetCounts(n, c, f, x, inFlight);
            issued += n;
        }
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_GT(issued, 10u, "requests were issued");
        NS_TEST_EXPECT_MSG_EQ(m_requestContexts.size(), issued, "one Request per request");
        NS_TEST_EXPECT_MSG_EQ(m_direct, issued, "the same as connected directly");
        for (const auto& c : m_requestContexts)
        {
            NS_TEST_EXPECT_MSG_EQ(c.rfind("/NodeList/", 0), 0u, "context is the Config path");
            NS_TEST_EXPECT_MSG_NE(c.find("/$ns3::MobileDeviceApplication/Request"),
                                  std::string::npos,
                                  "context names the trace source");
        }
        NS_TEST_EXPECT_MSG_GT(m_rounds, 0u, "Round by its Config path");
        NS_TEST_EXPECT_MSG_GT(m_grants, 0u, "Grant by its Config path");
        NS_TEST_EXPECT_MSG_GT(m_shares, 0u, "Share by its Config path");
    }
};

/// Suite: outputs.
class OutputTestSuite : public TestSuite
{
  public:
    OutputTestSuite()
        : TestSuite("dnn-surgery-output", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new FlowMonitorAgreementTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new ScenarioOutputsTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new ConfigPathTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
OutputTestSuite g_outputTestSuite;

} // namespace
