/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Mobility at packet level: LTE X2 handover, Wi-Fi roaming (and without roaming), the
// handovers table, and same seed same rows for the mobility scenarios.

#include "test-db-path.h"

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-helper.h"
#include "ns3/dnn-surgery-result-recorder.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/result-merger.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/test.h"

#include <iostream>
#include <sqlite3.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \brief The rows of a query, each row its columns joined by '|' (NULL as "NULL").
 * \param path database
 * \param sql the query
 * \return the rows
 */
std::vector<std::string>
Rows(const std::string& path, const std::string& sql)
{
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    {
        sqlite3_close(db);
        return out;
    }
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
    {
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            std::string row;
            for (int c = 0; c < sqlite3_column_count(s); ++c)
            {
                const unsigned char* t = sqlite3_column_text(s, c);
                row += (c ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
            }
            out.push_back(row);
        }
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// What one mobility run left.
struct MobilityRun
{
    std::string db;                              //!< its database
    std::vector<std::array<uint64_t, 6>> counts; //!< per device: issued..unfinished, inFlight
    std::vector<uint32_t> connections;           //!< TCP connections opened, per device
    std::vector<uint32_t> handovers;             //!< handovers seen, per device
    std::vector<uint32_t> finalCell;             //!< serving cell at the end, per device
};

/**
 * \brief Install the applications on a topology, record into a database, run.
 * \param t the topology
 * \param topo its helper (for AssignStreams)
 * \param tag database tag
 * \param duration simulated seconds
 * \param rate requests per second (periodic)
 * \param timeout request timeout (s)
 * \return what the run left
 */
MobilityRun
RunOn(DnnSurgeryTopology& t,
      DnnSurgeryTopologyHelper& topo,
      const std::string& tag,
      double duration,
      double rate,
      double timeout)
{
    MobilityRun out;
    out.db = testdb::Fresh("mobility", tag);
    topo.AssignStreams(10);
    ResultStore store(out.db);
    RunInfo info;
    info.scenarioName = "mobility-test-" + tag;
    info.policy = "full-offload";
    info.seed = 3;
    info.runNumber = 1;
    info.scenarioText = "{}";
    info.simDuration = duration;
    store.BeginRun(info);
    {
        DnnSurgeryHelper h;
        h.SetPolicy("full-offload");
        h.SetServerAttribute("Capacity", DoubleValue(1e12));
        h.SetDeviceAttribute("Model", StringValue("mobilenet_v2"));
        h.SetDeviceAttribute("Arrival", StringValue("periodic"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(rate));
        h.SetDeviceAttribute("RequestTimeout", TimeValue(Seconds(timeout)));
        ApplicationContainer apps = h.Install(t);
        h.AssignStreams(t.devices, 100);
        apps.Start(Seconds(0.5));
        apps.Stop(Seconds(duration));
        DnnSurgeryResultRecorder recorder(store, 2e-13, 2e-25);
        for (const auto& server : h.GetServers())
        {
            recorder.ConnectServer(server);
        }
        for (const auto& d : h.GetDevices())
        {
            recorder.ConnectDevice(d);
        }
        Simulator::Stop(Seconds(duration + 0.1));
        Simulator::Run();
        for (const auto& d : h.GetDevices())
        {
            std::array<uint64_t, 6> c{};
            d->GetCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
            out.counts.push_back(c);
            out.connections.push_back(d->GetConnectionCount());
            out.handovers.push_back(d->GetHandoverCount());
            out.finalCell.push_back(d->GetServingCell());
        }
        Simulator::Destroy();
    }
    store.EndRun(true, 0, "");
    return out;
}

/// An LTE UE driving at constant speed from one eNB to the next: an X2 handover.
class LteHandoverTestCase : public TestCase
{
  public:
    LteHandoverTestCase()
        : TestCase("LTE: a UE crossing two cells hands over by X2, its requests keep completing, "
                   "every request accounted, the handover recorded with its cell ids")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryLteSettings lte;
        lte.enbs = 2;
        lte.interSiteDistance = 300;
        topo.SetLte(lte);
        topo.SetBackhaul(DnnSurgeryTopologyHelper::BACKHAUL_P2P, "1Gbps", MilliSeconds(2));
        topo.SetMobility(DnnSurgeryTopologyHelper::MOBILITY_PATH, 25);
        topo.SetPath({Vector(20, 30, 0), Vector(300, 30, 0)}, 0);
        DnnSurgeryTopology t = topo.BuildLte(1);
        MobilityRun r = RunOn(t, topo, "lte", 10, 4, 2);
        const auto& c = r.counts[0];
        std::cout << "  lte: issued " << c[0] << " completed " << c[1] << " fallback " << c[2]
                  << " failed " << c[3] << " unfinished " << c[4] << " in flight " << c[5]
                  << ", handovers " << r.handovers[0] << ", connections " << r.connections[0]
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT(c[0], 30u, "requests were issued");
        NS_TEST_ASSERT_MSG_EQ(c[0], c[1] + c[2] + c[3] + c[4] + c[5], "every request accounted");
        NS_TEST_EXPECT_MSG_EQ(c[5], 0u, "nothing left in flight after the stop");
        NS_TEST_EXPECT_MSG_EQ(r.handovers[0], 1u, "one handover");
        NS_TEST_EXPECT_MSG_EQ(r.connections[0], 1u, "the handover kept the TCP connection");
        NS_TEST_EXPECT_MSG_EQ(r.finalCell[0], 2u, "served by the second cell at the end");
        auto ho = Rows(r.db,
                       "SELECT kind, source, target, ok, end_time > time, "
                       "interruption IS NOT NULL FROM handovers");
        NS_TEST_ASSERT_MSG_EQ(ho.size(), 1u, "one handover row");
        NS_TEST_EXPECT_MSG_EQ(ho[0], "x2|1|2|1|1|1", "X2 from cell 1 to cell 2, ended, seen");
        // requests keep completing across and after the handover, in the new cell
        auto after = Rows(r.db,
                          "SELECT count(*) FROM requests q, handovers h WHERE q.issued > "
                          "h.end_time AND q.outcome = 'completed' AND q.layers_on_server > 0 "
                          "AND q.cell = 2");
        NS_TEST_ASSERT_MSG_EQ(after.size(), 1u, "one count");
        NS_TEST_EXPECT_MSG_GT(std::stoi(after[0]), 10, "offloaded requests completed in cell 2");
        auto before = Rows(r.db,
                           "SELECT count(*) FROM requests WHERE cell = 1 AND outcome = "
                           "'completed' AND layers_on_server > 0");
        NS_TEST_EXPECT_MSG_GT(std::stoi(before.at(0)), 5, "and in cell 1 before it");
        auto total = Rows(r.db, "SELECT count(*) FROM requests");
        NS_TEST_EXPECT_MSG_EQ(std::stoul(total.at(0)), c[0], "every request has a row");
        auto byOutcome = Rows(r.db,
                              "SELECT count(*) FROM requests WHERE outcome = 'fallback' OR "
                              "outcome = 'failed'");
        NS_TEST_EXPECT_MSG_EQ(std::stoul(byOutcome.at(0)), c[2] + c[3], "rows = counts");
        testdb::Remove(r.db);
    }
};

/// A station walking from one AP to the next, with and without roaming.
class WifiRoamingTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param roaming one ESS (or one SSID and subnet per AP)
     */
    explicit WifiRoamingTestCase(bool roaming)
        : TestCase(roaming ? "Wi-Fi roaming: the station re-associates, keeps its TCP "
                             "connection and has no fallback"
                           : "Wi-Fi without roaming: the same walk loses the link and falls "
                             "back"),
          m_roaming(roaming)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        topo.SetNAps(2);
        topo.SetRoaming(m_roaming);
        topo.SetWifiTxPower(0);
        topo.SetGeometry(30, 5);
        topo.SetBackhaul(DnnSurgeryTopologyHelper::BACKHAUL_CSMA, "1Gbps", MicroSeconds(500));
        topo.SetMobility(DnnSurgeryTopologyHelper::MOBILITY_PATH, 2);
        topo.SetPath({Vector(-3, 3, 0), Vector(40, 3, 0)}, 0);
        DnnSurgeryTopology t = topo.BuildWifi(1);
        // 1 request/s: the 602 kB inputs (4.8 Mbit/s) stay below what the 0 dBm link carries.
        // A timeout of 5 s: ns-3's station re-associates only after MaxMissedBeacons (10)
        // beacons, TCP has backed off meanwhile, and the first retransmission after the
        // re-association can come 2 s later (seen here: 0.14 to 2.2 s). The move delays the
        // requests in flight; it must not make them fall back.
        MobilityRun r = RunOn(t, topo, m_roaming ? "roam" : "noroam", 22, 1, 5);
        const auto& c = r.counts[0];
        std::cout << "  wifi roaming=" << m_roaming << ": issued " << c[0] << " completed " << c[1]
                  << " fallback " << c[2] << " failed " << c[3] << " unfinished " << c[4]
                  << ", handovers " << r.handovers[0] << ", connections " << r.connections[0]
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT(c[0], 18u, "requests were issued");
        NS_TEST_ASSERT_MSG_EQ(c[0], c[1] + c[2] + c[3] + c[4] + c[5], "every request accounted");
        auto linkDown = Rows(r.db,
                             "SELECT count(*) FROM requests WHERE outcome = 'fallback' AND "
                             "layers_on_server >= 0 AND issued > 1");
        if (m_roaming)
        {
            NS_TEST_EXPECT_MSG_EQ(r.handovers[0], 1u, "one re-association");
            NS_TEST_EXPECT_MSG_EQ(r.connections[0], 1u, "the same TCP connection throughout");
            NS_TEST_EXPECT_MSG_EQ(c[2] + c[3], 0u, "no fallback and no failure from the move");
            NS_TEST_EXPECT_MSG_EQ(r.finalCell[0], 1u, "served by the second AP at the end");
            auto ho = Rows(r.db, "SELECT kind, source, target, ok FROM handovers");
            NS_TEST_ASSERT_MSG_EQ(ho.size(), 1u, "one handover row");
            NS_TEST_EXPECT_MSG_EQ(ho[0], "wifi-reassoc|0|1|1", "AP 0 to AP 1");
            auto cells = Rows(r.db,
                              "SELECT count(*) FROM requests WHERE cell = 1 AND outcome = "
                              "'completed' AND layers_on_server > 0");
            NS_TEST_EXPECT_MSG_GT(std::stoi(cells.at(0)), 5, "offloaded requests via AP 1");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(r.handovers[0], 0u, "no handover: the link goes down");
            NS_TEST_EXPECT_MSG_GT(c[2], 0u, "the walk produces fallbacks");
            NS_TEST_EXPECT_MSG_GT(std::stoi(linkDown.at(0)), 0, "recorded as fallbacks");
            auto ho = Rows(r.db, "SELECT count(*) FROM handovers");
            NS_TEST_EXPECT_MSG_EQ(ho.at(0), "0", "no handover row");
        }
        testdb::Remove(r.db);
    }

    bool m_roaming; //!< one ESS
};

/// The shipped mobility scenarios: same seed, same rows.
class MobilityScenarioDeterminismTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param name bundled scenario
     * \param duration simulated seconds (shortened for the test)
     */
    MobilityScenarioDeterminismTestCase(const std::string& name, double duration)
        : TestCase("scenario " + name + ": same seed, same rows, with handovers"),
          m_name(name),
          m_duration(duration)
    {
    }

  private:
    void DoRun() override
    {
        Scenario s = ScenarioReader::ReadFile(ScenarioReader::FindScenario(m_name),
                                              {"--duration=" + std::to_string(m_duration),
                                               "--warmup=1",
                                               "--devices.count=3",
                                               "--policies=[\"dds\"]"});
        std::vector<std::vector<std::string>> digests;
        std::vector<std::string> handovers;
        for (int k = 0; k < 2; ++k)
        {
            std::string db = testdb::Fresh("mobility-det", m_name + std::to_string(k));
            {
                ResultStore store(db);
                DnnSurgeryComparison::RunOne(s, "dds", 1, 1, store, "");
            }
            digests.push_back(ResultMerger::Digest(db));
            handovers.push_back(Rows(db, "SELECT count(*) FROM handovers").at(0));
            testdb::Remove(db);
        }
        std::cout << "  " << m_name << ": " << handovers[0] << " handovers" << std::endl;
        NS_TEST_EXPECT_MSG_GT(std::stoi(handovers[0]), 0, "the scenario hands over");
        NS_TEST_EXPECT_MSG_EQ(handovers[0], handovers[1], "same handovers");
        NS_TEST_ASSERT_MSG_GT(digests[0].size(), 5u, "a digest of every table");
        for (std::size_t i = 0; i < digests[0].size() && i < digests[1].size(); ++i)
        {
            if (digests[0][i] != digests[1][i])
            {
                std::cout << "  differs: " << digests[0][i].substr(0, 200) << " / "
                          << digests[1][i].substr(0, 200) << std::endl;
            }
        }
        NS_TEST_EXPECT_MSG_EQ((digests[0] == digests[1]), true, "same rows");
    }

    std::string m_name; //!< scenario
    double m_duration;  //!< seconds
};

/// The shipped ns-2 trace moves the devices of the LTE road scenario.
class Ns2TraceTestCase : public TestCase
{
  public:
    Ns2TraceTestCase()
        : TestCase("ns-2 trace: devices start where the shipped trace puts them and hand over; "
                   "a trace without a device is refused, naming the file and the node")
    {
    }

  private:
    void DoRun() override
    {
        const std::string file = ScenarioReader::FindScenario("lte-handover");
        Scenario s = ScenarioReader::ReadFile(file,
                                              {"--duration=16",
                                               "--warmup=1",
                                               "--policies=[\"dds\"]",
                                               "--mobility.model=ns2",
                                               "--mobility.trace=traces/road-3cells.ns_movements"});
        std::string db = testdb::Fresh("mobility-ns2", "road");
        {
            ResultStore store(db);
            DnnSurgeryComparison::RunOne(s, "dds", 1, 1, store, "");
        }
        auto pos = Rows(db, "SELECT device, x, y FROM devices ORDER BY device");
        NS_TEST_ASSERT_MSG_EQ(pos.size(), 6u, "six devices");
        NS_TEST_EXPECT_MSG_EQ(pos[0], "0|-50.0|40.0", "device 0 where $node_(0) starts");
        NS_TEST_EXPECT_MSG_EQ(pos[4], "4|1050.0|40.0", "device 4 where $node_(4) starts");
        auto ho = Rows(db, "SELECT count(*), count(DISTINCT device) FROM handovers WHERE ok = 1");
        std::cout << "  ns2 trace: handovers, devices " << ho.at(0) << std::endl;
        NS_TEST_EXPECT_MSG_GT(std::stoi(ho.at(0)), 2, "the vehicles hand over");
        NS_TEST_EXPECT_MSG_GT(std::stoi(ho.at(0).substr(ho.at(0).find('|') + 1)),
                              2,
                              "several of them");
        testdb::Remove(db);
        // one device more than the trace moves: a clear error
        Scenario t = ScenarioReader::ReadFile(file,
                                              {"--duration=2",
                                               "--warmup=0",
                                               "--devices.count=7",
                                               "--policies=[\"dds\"]",
                                               "--mobility.model=ns2",
                                               "--mobility.trace=traces/road-3cells.ns_movements"});
        std::string bad = testdb::Fresh("mobility-ns2", "bad");
        std::string message;
        try
        {
            ResultStore store(bad);
            DnnSurgeryComparison::RunOne(t, "dds", 1, 1, store, "");
        }
        catch (const DnnSurgeryError& e)
        {
            message = e.what();
        }
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_NE(message.find("road-3cells.ns_movements does not move $node_(6)"),
                              std::string::npos,
                              "the error names the file and the node: " << message);
        testdb::Remove(bad);
    }
};

/// Mobility: handover and roaming at packet level.
class MobilityTestSuite : public TestSuite
{
  public:
    MobilityTestSuite()
        : TestSuite("dnn-surgery-mobility", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new LteHandoverTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new WifiRoamingTestCase(true), dnnsurgerycompat::QUICK);
        AddTestCase(new WifiRoamingTestCase(false), dnnsurgerycompat::QUICK);
        AddTestCase(new MobilityScenarioDeterminismTestCase("lte-handover", 8),
                    dnnsurgerycompat::QUICK);
        AddTestCase(new MobilityScenarioDeterminismTestCase("wifi-roaming", 12),
                    dnnsurgerycompat::QUICK);
        AddTestCase(new Ns2TraceTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
MobilityTestSuite g_mobilityTestSuite;

} // namespace
