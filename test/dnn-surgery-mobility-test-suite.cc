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
#include "ns3/mec-server-application.h"
#include "ns3/mobility-model.h"
#include "ns3/result-merger.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/test.h"

#include <iostream>
#include <memory>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using testdb::Rows;

/// What one mobility run left.
struct MobilityRun
{
    std::string db;                              //!< its database
    std::vector<std::array<uint64_t, 6>> counts; //!< per device: issued..unfinished, inFlight
    std::vector<uint32_t> connections;           //!< TCP connections opened, per device
    std::vector<uint32_t> handovers;             //!< handovers seen, per device
    std::vector<uint32_t> finalCell;             //!< serving cell at the end, per device
    std::vector<uint32_t> migrations;            //!< migrations, per device
    std::vector<uint32_t> finalServer;           //!< server used at the end, per device
    /// (time, server, device, joined, N, reason) of every membership event
    std::vector<std::string> memberships;
    /// (server, epoch, start, N, S, share of device 0) of every epoch
    std::vector<std::string> rounds;
};

/// Server traces of a run.
struct ServerSink
{
    MobilityRun* run; //!< destination
    uint32_t server;  //!< server index

    /**
     * \brief Membership sink.
     * \param id device
     * \param joined joined or left
     * \param n N
     * \param reason why
     */
    void OnMembership(uint32_t id, bool joined, uint32_t n, const std::string& reason)
    {
        std::ostringstream o;
        o << Simulator::Now().GetSeconds() << "|" << server << "|" << id << "|"
          << (joined ? "join" : "leave") << "|" << n << "|" << reason;
        run->memberships.push_back(o.str());
    }

    /**
     * \brief Round sink.
     * \param r the epoch
     */
    void OnRound(const DnnSurgeryRoundRecord& r)
    {
        double share0 = 0;
        for (const auto& [id, f] : r.shares)
        {
            share0 = id == 0 ? f : share0;
        }
        std::ostringstream o;
        o << server << "|" << r.epoch << "|" << r.start.GetSeconds() << "|" << r.nDevices << "|"
          << r.aggregate << "|" << share0;
        run->rounds.push_back(o.str());
    }
};

/**
 * \brief Install the applications on a topology, record into a database, run.
 * \param t the topology
 * \param topo its helper (for AssignStreams)
 * \param tag database tag
 * \param duration simulated seconds
 * \param rate requests per second (periodic)
 * \param timeout request timeout (s)
 * \param policy the policy
 * \param deviceClass the devices' compute profile
 * \param model the devices' DNN
 * \return what the run left
 */
MobilityRun
RunOn(DnnSurgeryTopology& t,
      DnnSurgeryTopologyHelper& topo,
      const std::string& tag,
      double duration,
      double rate,
      double timeout,
      const std::string& policy = "full-offload",
      const std::string& deviceClass = "rpi4",
      const std::string& model = "mobilenet_v2")
{
    MobilityRun out;
    out.db = testdb::Fresh("mobility", tag);
    topo.AssignStreams(10);
    ResultStore store(out.db);
    RunInfo info;
    info.scenarioName = "mobility-test-" + tag;
    info.policy = policy;
    info.seed = 3;
    info.runNumber = 1;
    info.scenarioText = "{}";
    info.simDuration = duration;
    store.BeginRun(info);
    {
        DnnSurgeryHelper h;
        h.SetPolicy(policy);
        h.SetDeviceAttribute("DeviceProfile", StringValue(deviceClass));
        h.SetServerAttribute("Capacity", DoubleValue(1e12));
        h.SetDeviceAttribute("Model", StringValue(model));
        h.SetDeviceAttribute("Arrival", StringValue("periodic"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(rate));
        h.SetDeviceAttribute("RequestTimeout", TimeValue(Seconds(timeout)));
        ApplicationContainer apps = h.Install(t);
        h.AssignStreams(t.devices, 100);
        apps.Start(Seconds(0.5));
        apps.Stop(Seconds(duration));
        DnnSurgeryResultRecorder recorder(store, 2e-13, 2e-25);
        std::vector<ServerSink> sinks;
        sinks.reserve(h.GetServers().size());
        for (uint32_t k = 0; k < h.GetServers().size(); ++k)
        {
            recorder.ConnectServer(h.GetServers()[k]);
            sinks.push_back({&out, k});
        }
        for (uint32_t k = 0; k < h.GetServers().size(); ++k)
        {
            h.GetServers()[k]->TraceConnectWithoutContext(
                "Membership",
                MakeCallback(&ServerSink::OnMembership, &sinks[k]));
            h.GetServers()[k]->TraceConnectWithoutContext(
                "Round",
                MakeCallback(&ServerSink::OnRound, &sinks[k]));
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
            out.migrations.push_back(d->GetMigrationCount());
            out.finalServer.push_back(d->GetServerId());
        }
        Simulator::Destroy();
    }
    store.EndRun(true, 0, "");
    return out;
}

/**
 * \brief The walk of the Wi-Fi tests: 2 APs 30 m apart at 0 dBm on a CSMA backhaul, one
 * station walking at 2 m/s from x = -3 m to x = 40 m.
 * \param topo the helper
 * \param roaming one ESS
 */
void
ConfigureWifiWalk(DnnSurgeryTopologyHelper& topo, bool roaming)
{
    topo.SetNAps(2);
    topo.SetRoaming(roaming);
    topo.SetWifiTxPower(0);
    topo.SetGeometry(30, 5);
    topo.SetBackhaul(DnnSurgeryTopologyHelper::BACKHAUL_CSMA, "1Gbps", MicroSeconds(500));
    topo.SetMobility(DnnSurgeryTopologyHelper::MOBILITY_PATH, 2);
    topo.SetPath({Vector(-3, 3, 0), Vector(40, 3, 0)}, 0);
}

/**
 * \brief The drive of the LTE tests: 1 Gbit/s, 2 ms behind the PGW, a UE at 25 m/s from
 * x = 20 m to x = 300 m (eNBs at 0 and 300 m).
 * \param topo the helper
 */
void
ConfigureLteDrive(DnnSurgeryTopologyHelper& topo)
{
    topo.SetBackhaul(DnnSurgeryTopologyHelper::BACKHAUL_P2P, "1Gbps", MilliSeconds(2));
    topo.SetMobility(DnnSurgeryTopologyHelper::MOBILITY_PATH, 25);
    topo.SetPath({Vector(20, 30, 0), Vector(300, 30, 0)}, 0);
}

/// An LTE UE driving at constant speed from one eNB to the next: an X2 handover.
class LteHandoverTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param algorithm network.handover
     * \param idealRrc ideal or real RRC
     */
    LteHandoverTestCase(const std::string& algorithm, bool idealRrc)
        : TestCase("LTE (" + algorithm + ", " + (idealRrc ? "ideal" : "real") +
                   " RRC): a UE crossing two cells hands over by X2, its requests keep "
                   "completing, every request accounted, the handover recorded with its cell ids"),
          m_algorithm(algorithm),
          m_idealRrc(idealRrc)
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
        lte.handover = m_algorithm;
        lte.idealRrc = m_idealRrc;
        topo.SetLte(lte);
        ConfigureLteDrive(topo);
        DnnSurgeryTopology t = topo.BuildLte(1);
        MobilityRun r = RunOn(t, topo, "lte-" + m_algorithm, 10, 4, 2);
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

    std::string m_algorithm; //!< handover algorithm
    bool m_idealRrc;         //!< ideal RRC
};

/// The eNB layouts: neighbours are interSiteDistance apart.
class LteLayoutTestCase : public TestCase
{
  public:
    LteLayoutTestCase()
        : TestCase("LTE layouts: line, grid and hex place neighbouring eNBs interSiteDistance "
                   "apart, and each eNB has a server with per-cell placement")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string layout : {"line", "grid", "hex"})
        {
            DnnSurgeryTopologyHelper topo;
            DnnSurgeryLteSettings lte;
            lte.enbs = 7;
            lte.layout = layout;
            lte.interSiteDistance = 250;
            lte.perCellServers = true;
            topo.SetLte(lte);
            DnnSurgeryTopology t = topo.BuildLte(1);
            NS_TEST_ASSERT_MSG_EQ(t.cells.GetN(), 7u, layout << ": 7 eNBs");
            NS_TEST_EXPECT_MSG_EQ(t.servers.GetN(), 7u, layout << ": 7 servers");
            NS_TEST_EXPECT_MSG_EQ(t.cellServers.size(), 7u, layout << ": 7 cells mapped");
            // every eNB's nearest neighbour is exactly the inter-site distance away
            double maxX = 0;
            double maxY = 0;
            for (uint32_t a = 0; a < 7; ++a)
            {
                Vector pa = t.cells.Get(a)->GetObject<MobilityModel>()->GetPosition();
                maxX = std::max(maxX, pa.x);
                maxY = std::max(maxY, pa.y);
                double nearest = 1e18;
                for (uint32_t b = 0; b < 7; ++b)
                {
                    if (a != b)
                    {
                        Vector pb = t.cells.Get(b)->GetObject<MobilityModel>()->GetPosition();
                        nearest = std::min(nearest, CalculateDistance(pa, pb));
                    }
                }
                NS_TEST_EXPECT_MSG_EQ_TOL(nearest, 250, 1e-6, layout << ": eNB " << a);
            }
            if (layout == "line")
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(maxX, 6 * 250, 1e-6, "a line of 7");
                NS_TEST_EXPECT_MSG_EQ_TOL(maxY, 0, 1e-9, "on y = 0");
            }
            else
            {
                NS_TEST_EXPECT_MSG_GT(maxY, 0, layout << ": more than one row");
            }
            Simulator::Destroy();
        }
    }
};

/// Per-cell servers: after the handover the UE migrates to the new cell's server.
class MigrationTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param inFlight MigrationInFlight: "complete" or "fallback"
     */
    explicit MigrationTestCase(const std::string& inFlight)
        : TestCase("LTE per-cell servers (in flight: " + inFlight +
                   "): after the X2 handover the UE leaves the old server's game, its share is "
                   "released there, it joins the new server's game (a new epoch), and every "
                   "request is accounted"),
          m_inFlight(inFlight)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        Config::SetDefault("ns3::MobileDeviceApplication::MigrationInFlight",
                           StringValue(m_inFlight));
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryLteSettings lte;
        lte.enbs = 2;
        lte.interSiteDistance = 300;
        lte.perCellServers = true;
        lte.bandwidthRbs = 100;
        topo.SetLte(lte);
        ConfigureLteDrive(topo);
        DnnSurgeryTopology t = topo.BuildLte(1);
        NS_TEST_ASSERT_MSG_EQ(t.servers.GetN(), 2u, "one server per cell");
        NS_TEST_ASSERT_MSG_EQ(t.cellServers.size(), 2u, "cells 1 and 2 mapped");
        NS_TEST_EXPECT_MSG_EQ(t.cellServers.at(1).second, 0u, "cell 1 -> server 0");
        NS_TEST_EXPECT_MSG_EQ(t.cellServers.at(2).second, 1u, "cell 2 -> server 1");
        // dds, ResNet-50 on an rpi4 (local 2 s), 100 RBs: offloading pays, a share is held
        MobilityRun r =
            RunOn(t, topo, "migration-" + m_inFlight, 10, 2, 2, "dds", "rpi4", "resnet50");
        Config::SetDefault("ns3::MobileDeviceApplication::MigrationInFlight",
                           StringValue("complete"));
        const auto& c = r.counts[0];
        std::cout << "  migration (" << m_inFlight << "): issued " << c[0] << " completed " << c[1]
                  << " fallback " << c[2] << " failed " << c[3] << " unfinished " << c[4]
                  << ", handovers " << r.handovers[0] << ", migrations " << r.migrations[0]
                  << ", connections " << r.connections[0] << std::endl;
        for (const auto& m : r.memberships)
        {
            std::cout << "    membership " << m << std::endl;
        }
        for (const auto& e : r.rounds)
        {
            std::cout << "    epoch " << e << std::endl;
        }
        NS_TEST_ASSERT_MSG_EQ(c[0], c[1] + c[2] + c[3] + c[4] + c[5], "every request accounted");
        NS_TEST_EXPECT_MSG_EQ(c[5], 0u, "nothing in flight after the stop");
        NS_TEST_EXPECT_MSG_EQ(r.handovers[0], 1u, "one handover");
        NS_TEST_EXPECT_MSG_EQ(r.migrations[0], 1u, "one migration");
        NS_TEST_EXPECT_MSG_EQ(r.finalServer[0], 1u, "on the second cell's server at the end");
        NS_TEST_EXPECT_MSG_EQ(r.connections[0], 2u, "a new connection to the new server");
        auto ho = Rows(r.db, "SELECT end_time FROM handovers");
        NS_TEST_ASSERT_MSG_EQ(ho.size(), 1u, "one handover row");
        double hoEnd = std::stod(ho[0]);
        // server 0: joined before, left after the handover; server 1: joined after it
        bool join0 = false;
        bool leave0 = false;
        bool join1 = false;
        for (const auto& m : r.memberships)
        {
            double at = std::stod(m.substr(0, m.find('|')));
            std::string rest = m.substr(m.find('|') + 1);
            join0 = join0 || (rest.rfind("0|0|join", 0) == 0 && at < hoEnd);
            leave0 = leave0 || (rest.rfind("0|0|leave", 0) == 0 && at >= hoEnd);
            join1 = join1 || (rest.rfind("1|0|join", 0) == 0 && at >= hoEnd);
        }
        NS_TEST_EXPECT_MSG_EQ(join0, true, "in server 0's game before the handover");
        NS_TEST_EXPECT_MSG_EQ(leave0, true, "out of server 0's game after it");
        NS_TEST_EXPECT_MSG_EQ(join1, true, "in server 1's game after it");
        // the share: held at server 0 before, released there after; held at server 1 after
        double before0 = 0;
        double last0 = -1;
        double last1 = -1;
        bool epoch1After = false;
        for (const auto& e : r.rounds)
        {
            std::vector<std::string> f;
            std::stringstream ss(e);
            for (std::string x; std::getline(ss, x, '|');)
            {
                f.push_back(x);
            }
            double start = std::stod(f[2]);
            if (f[0] == "0")
            {
                if (start < hoEnd)
                {
                    before0 = std::max(before0, std::stod(f[5]));
                }
                last0 = std::stod(f[4]);
            }
            else
            {
                last1 = std::stod(f[5]);
                epoch1After = epoch1After || (start >= hoEnd && f[3] == "1");
            }
        }
        NS_TEST_EXPECT_MSG_GT(before0, 0, "a share at server 0 before the handover");
        NS_TEST_EXPECT_MSG_EQ(last0, 0, "server 0's last epoch: nothing reserved (released)");
        NS_TEST_EXPECT_MSG_EQ(epoch1After, true, "a new epoch at server 1 with the device");
        NS_TEST_EXPECT_MSG_GT(last1, 0, "a share at server 1");
        auto servers = Rows(r.db,
                            "SELECT server, count(*) FROM requests WHERE layers_on_server > 0 "
                            "AND outcome = 'completed' GROUP BY server ORDER BY server");
        NS_TEST_EXPECT_MSG_EQ(servers.size(), 2u, "offloaded requests completed at both servers");
        if (m_inFlight == "fallback")
        {
            auto mig = Rows(r.db,
                            "SELECT count(*) FROM requests WHERE outcome != 'completed' AND "
                            "crossed_handover = 0");
            NS_TEST_EXPECT_MSG_EQ(mig.at(0), "0", "every fallback is recorded as crossing it");
        }
        testdb::Remove(r.db);
    }

    std::string m_inFlight; //!< MigrationInFlight
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
        if (!m_roaming && dnnsurgerycompat::WIFI_GROUP_INTERNAL_COLLISION_ASSERTS)
        {
            // On this ns-3 the walk aborts inside ns-3's own Wi-Fi, on an internal collision
            // that loses a group-addressed frame (dnn-surgery-compat.h). Not run.
            std::cout << "  wifi roaming=0: NOT RUN on this ns-3 (an assertion in ns-3's own "
                         "NotifyInternalCollision aborts it; see dnn-surgery-compat.h)"
                      << std::endl;
            return;
        }
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        ConfigureWifiWalk(topo, m_roaming);
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

/// Sets an attribute default for its lifetime and puts back the one it found (Config::SetDefault
/// replaces the TypeId's initial value, so it must be read before).
class AttributeDefaultGuard
{
  public:
    /**
     * \brief Set tid::attribute's default to value.
     * \param tid the TypeId name
     * \param attribute the attribute name
     * \param value the default while the guard lives
     */
    AttributeDefaultGuard(const std::string& tid,
                          const std::string& attribute,
                          const AttributeValue& value)
        : m_name(tid + "::" + attribute)
    {
        TypeId::AttributeInformation info;
        NS_ABORT_MSG_UNLESS(TypeId::LookupByName(tid).LookupAttributeByName(attribute, &info),
                            "no attribute " << m_name);
        m_previous = info.initialValue;
        Config::SetDefault(m_name, value);
    }

    /// Destructor: puts back the default found.
    ~AttributeDefaultGuard()
    {
        Config::SetDefault(m_name, *m_previous);
    }

    AttributeDefaultGuard(const AttributeDefaultGuard&) = delete;
    AttributeDefaultGuard& operator=(const AttributeDefaultGuard&) = delete;

  private:
    std::string m_name;                   //!< tid::attribute
    Ptr<const AttributeValue> m_previous; //!< the default found
};

/// Per-AP servers in a roaming ESS: the station migrates to its new AP's server.
class WifiMigrationTestCase : public TestCase
{
  public:
    WifiMigrationTestCase()
        : TestCase("Wi-Fi roaming with per-AP servers: the station re-associates, migrates to "
                   "the new AP's server (left at the old one, joined at the new one), requests "
                   "completed at both, every request accounted")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        // On this ns-3 a late ADDBA response after the re-association stalls the station's
        // downlink for good (dnn-surgery-compat.h). Give the response the time it takes here;
        // the test is about the migration, not ns-3's Block Ack. The default the cases that
        // follow see is restored when the case ends, however it ends.
        std::unique_ptr<AttributeDefaultGuard> addBa;
        if (dnnsurgerycompat::WIFI_LATE_ADDBA_RESPONSE_STALLS)
        {
            addBa = std::make_unique<AttributeDefaultGuard>("ns3::QosTxop",
                                                            "AddBaResponseTimeout",
                                                            TimeValue(MilliSeconds(100)));
            std::cout << "  wifi migration: QosTxop::AddBaResponseTimeout=100ms on this ns-3 "
                         "(see dnn-surgery-compat.h)"
                      << std::endl;
        }
        DnnSurgeryTopologyHelper topo;
        ConfigureWifiWalk(topo, true);
        topo.SetPerApServers(true);
        DnnSurgeryTopology t = topo.BuildWifi(1);
        NS_TEST_ASSERT_MSG_EQ(t.servers.GetN(), 2u, "one server per AP");
        NS_TEST_ASSERT_MSG_EQ(t.cellServers.size(), 2u, "APs 0 and 1 mapped");
        MobilityRun r = RunOn(t, topo, "wifi-migration", 22, 1, 5);
        addBa.reset();
        const auto& c = r.counts[0];
        std::cout << "  wifi migration: issued " << c[0] << " completed " << c[1] << " fallback "
                  << c[2] << " failed " << c[3] << ", handovers " << r.handovers[0]
                  << ", migrations " << r.migrations[0] << std::endl;
        for (const auto& m : r.memberships)
        {
            std::cout << "    membership " << m << std::endl;
        }
        NS_TEST_ASSERT_MSG_EQ(c[0], c[1] + c[2] + c[3] + c[4] + c[5], "every request accounted");
        NS_TEST_EXPECT_MSG_EQ(r.handovers[0], 1u, "one re-association");
        NS_TEST_EXPECT_MSG_EQ(r.migrations[0], 1u, "one migration");
        NS_TEST_EXPECT_MSG_EQ(r.finalServer[0], 1u, "on AP 1's server at the end");
        NS_TEST_EXPECT_MSG_EQ(r.connections[0], 2u, "a new connection to the new server");
        bool leave0 = false;
        bool join1 = false;
        for (const auto& m : r.memberships)
        {
            std::string rest = m.substr(m.find('|') + 1);
            leave0 = leave0 || rest.rfind("0|0|leave", 0) == 0;
            join1 = join1 || rest.rfind("1|0|join", 0) == 0;
        }
        NS_TEST_EXPECT_MSG_EQ(leave0, true, "left server 0");
        NS_TEST_EXPECT_MSG_EQ(join1, true, "joined server 1");
        auto servers = Rows(r.db,
                            "SELECT server, cell FROM requests WHERE layers_on_server > 0 AND "
                            "outcome = 'completed' GROUP BY server ORDER BY server");
        NS_TEST_EXPECT_MSG_EQ(servers.size(), 2u, "offloaded requests completed at both servers");
        // ns-3's ASSERT macros return only under --stop-on-failure: index what exists
        NS_TEST_EXPECT_MSG_EQ((servers.empty() ? "" : servers[0]), "0|0", "at server 0 via AP 0");
        NS_TEST_EXPECT_MSG_EQ((servers.size() < 2 ? "" : servers[1]),
                              "1|1",
                              "at server 1 via AP 1");
        testdb::Remove(r.db);
    }
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

/// The warnings about this ns-3 release's Wi-Fi faults: given exactly where the compat flags
/// say the scenario can meet one, and gone once the workaround is set.
class VersionWarningsTestCase : public TestCase
{
  public:
    /// Constructor.
    VersionWarningsTestCase()
        : TestCase("ns-3 release warnings: Wi-Fi roaming and moving stations, per compat flag")
    {
    }

  private:
    void DoRun() override
    {
        auto count = [](const std::string& name, const std::vector<std::string>& overrides) {
            Scenario s = ScenarioReader::ReadFile(ScenarioReader::FindScenario(name), overrides);
            auto w = DnnSurgeryComparison::VersionWarnings(s);
            for (const auto& line : w)
            {
                std::cout << "  " << name << ": " << line << std::endl;
            }
            return w.size();
        };
        const std::size_t stalls = dnnsurgerycompat::WIFI_LATE_ADDBA_RESPONSE_STALLS ? 1 : 0;
        const std::size_t aborts = dnnsurgerycompat::WIFI_GROUP_INTERNAL_COLLISION_ASSERTS ? 1 : 0;
        NS_TEST_EXPECT_MSG_EQ(count("wifi-roaming", {}), stalls, "roaming: the ADDBA stall");
        NS_TEST_EXPECT_MSG_EQ(count("default", {}), 0u, "static stations: nothing");
        NS_TEST_EXPECT_MSG_EQ(count("default", {"--mobility.model=random-walk"}),
                              aborts,
                              "moving stations without roaming: the group-frame assertion");
        NS_TEST_EXPECT_MSG_EQ(count("lte-handover", {}), 0u, "LTE: nothing");
        NS_TEST_EXPECT_MSG_EQ(count("default", {"--network.type=p2p"}), 0u, "p2p: nothing");

        // the workaround silences the first warning; the default comes back after
        std::size_t after = 0;
        {
            AttributeDefaultGuard addBa("ns3::QosTxop",
                                        "AddBaResponseTimeout",
                                        TimeValue(MilliSeconds(100)));
            after = count("wifi-roaming", {});
        }
        NS_TEST_EXPECT_MSG_EQ(after, 0u, "no warning with a 100 ms ADDBA response timeout");
        NS_TEST_EXPECT_MSG_EQ(count("wifi-roaming", {}), stalls, "the default is back");
    }
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
        // one device more than the trace moves: refused while reading, before any file
        std::string message;
        try
        {
            ScenarioReader::ReadFile(file,
                                     {"--duration=2",
                                      "--warmup=0",
                                      "--devices.count=7",
                                      "--policies=[\"dds\"]",
                                      "--mobility.model=ns2",
                                      "--mobility.trace=traces/road-3cells.ns_movements"});
        }
        catch (const DnnSurgeryError& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find("road-3cells.ns_movements does not move $node_(6)"),
                              std::string::npos,
                              "the error names the file and the node: " << message);
        NS_TEST_EXPECT_MSG_NE(message.find("lte-handover.json"),
                              std::string::npos,
                              "and the scenario: " << message);
    }
};

/// Mobility: handover and roaming at packet level.
class MobilityTestSuite : public TestSuite
{
  public:
    MobilityTestSuite()
        : TestSuite("dnn-surgery-mobility", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new LteHandoverTestCase("a3-rsrp", true), dnnsurgerycompat::QUICK);
        AddTestCase(new LteHandoverTestCase("a2-a4-rsrq", true), dnnsurgerycompat::QUICK);
        AddTestCase(new LteHandoverTestCase("a3-rsrp", false), dnnsurgerycompat::QUICK);
        AddTestCase(new LteLayoutTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new MigrationTestCase("complete"), dnnsurgerycompat::QUICK);
        AddTestCase(new MigrationTestCase("fallback"), dnnsurgerycompat::QUICK);
        AddTestCase(new WifiRoamingTestCase(true), dnnsurgerycompat::QUICK);
        AddTestCase(new WifiRoamingTestCase(false), dnnsurgerycompat::QUICK);
        AddTestCase(new WifiMigrationTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new MobilityScenarioDeterminismTestCase("lte-handover", 8),
                    dnnsurgerycompat::QUICK);
        AddTestCase(new MobilityScenarioDeterminismTestCase("wifi-roaming", 12),
                    dnnsurgerycompat::QUICK);
        AddTestCase(new Ns2TraceTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new VersionWarningsTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new MobilityScenarioDeterminismTestCase("lte-migration", 8),
                    dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
MobilityTestSuite g_mobilityTestSuite;

} // namespace
