/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Packet-level system tests of the DDS applications:
 *
 * - dnn-surgery-fidelity: on an ideal point-to-point link the simulated end-to-end latency of
 *   a request equals the formulation's T (evaluated independently by MinCutPartitioner with
 *   the link's payload goodput) for every policy, within 2%.
 * - dnn-surgery-equilibrium: the shares the devices and the server negotiate over the network
 *   equal AllocationGame::RunSequential on the same envelopes, and form an epsilon-NE.
 * - dnn-surgery-faults: a device walking out of Wi-Fi coverage falls back and loses no request,
 *   and re-joins when back; join and leave start new epochs; same seed -> same results,
 *   another run number -> different results.
 * - dnn-surgery-estimation: the warm-up probe makes the first estimate the link's goodput (and
 *   a single probe round does not); results (4 KB, below the single-sample size) move the
 *   downlink estimate; a new estimate re-enters the game only when the best response moves.
 */

#include "ns3/allocation-game.h"
#include "ns3/compute-profile.h"
#include "ns3/core-module.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-helper.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/offloading-policy.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/test.h"

#include <cmath>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/// Collects what the applications report.
struct Collector
{
    std::vector<DnnSurgeryRequestRecord> requests;          //!< resolved requests
    std::vector<DnnSurgeryRoundRecord> rounds;              //!< server epochs
    std::map<uint32_t, DnnSurgeryEnvelopeReport> envelopes; //!< last envelope per device
    std::map<uint32_t, uint32_t> envelopeCount;             //!< envelopes per device
    std::vector<std::pair<uint32_t, std::string>> linkUp;   //!< (device, reason) of "up"
    std::vector<std::pair<uint32_t, std::string>> linkDown; //!< (device, reason) of "down"

    /**
     * \brief Request sink.
     * \param r record
     */
    void OnRequest(const DnnSurgeryRequestRecord& r)
    {
        requests.push_back(r);
    }

    /**
     * \brief Round sink.
     * \param r record
     */
    void OnRound(const DnnSurgeryRoundRecord& r)
    {
        rounds.push_back(r);
    }

    /**
     * \brief Envelope sink.
     * \param id device
     * \param e envelope
     */
    void OnEnvelope(uint32_t id, const DnnSurgeryEnvelopeReport& e)
    {
        envelopes[id] = e;
        envelopeCount[id]++;
    }

    /**
     * \brief Link sink.
     * \param id device
     * \param up state
     * \param reason why
     */
    void OnLink(uint32_t id, bool up, const std::string& reason)
    {
        (up ? linkUp : linkDown).emplace_back(id, reason);
    }

    /**
     * \brief Connect to everything a helper installed.
     * \param h the helper
     */
    void Connect(DnnSurgeryHelper& h)
    {
        h.TraceRequests(MakeCallback(&Collector::OnRequest, this));
        h.TraceRounds(MakeCallback(&Collector::OnRound, this));
        h.TraceEnvelopes(MakeCallback(&Collector::OnEnvelope, this));
        h.TraceLinks(MakeCallback(&Collector::OnLink, this));
    }
};

/**
 * \brief Payload goodput of a point-to-point TCP link.
 * \param linkBps link rate (bit/s)
 * \param mss TCP MSS (bytes)
 * \return r in bit/s: rate x MSS / (MSS + TCP 20 + timestamp option 12 + IPv4 20 + PPP 2)
 */
double
P2pGoodput(double linkBps, double mss)
{
    return linkBps * mss / (mss + 20 + 12 + 20 + 2);
}

// ------------------------------------------------------------------ fidelity

/// One request on an ideal link: simulated latency == formulation T, for one policy.
class FidelityTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param policy the policy
     * \param model the model
     * \param linkMbps link rate (Mbit/s)
     */
    FidelityTestCase(const std::string& policy, const std::string& model, double linkMbps)
        : TestCase("simulated latency equals T on an ideal link: " + policy + ", " + model + ", " +
                   std::to_string(static_cast<int>(linkMbps)) + " Mbps"),
          m_policy(policy),
          m_model(model),
          m_linkBps(linkMbps * 1e6)
    {
    }

  private:
    void DoRun() override
    {
        const double linkBps = m_linkBps;
        const Time delay = MilliSeconds(2);
        const double capacity = 1e12;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t =
            topo.BuildPointToPoint(1,
                                   std::to_string(static_cast<uint64_t>(linkBps)) + "bps",
                                   delay);
        DnnSurgeryHelper h;
        h.SetPolicy(m_policy);
        h.SetServerAttribute("Capacity", DoubleValue(capacity));
        h.SetDeviceAttribute("Model", StringValue(m_model));
        h.SetDeviceAttribute("DeviceProfile", StringValue("rpi4"));
        h.SetDeviceAttribute("ServerProfile", StringValue("edge-gpu"));
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(1))); // join probes warmed TCP
        h.SetDeviceAttribute("MaxRequests", UintegerValue(1));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(5));
        Collector c;
        c.Connect(h);
        Simulator::Stop(Seconds(5.1));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(c.requests.size(), 1, "one request resolved");
        const DnnSurgeryRequestRecord& r = c.requests.at(0);
        NS_TEST_ASSERT_MSG_EQ(r.outcome, DnnSurgeryRequestRecord::COMPLETED, "completed");

        // T from the formulation, evaluated independently for the executed placement with the
        // link's payload goodput r = r' and RTT = 2 x one-way delay.
        DnnGraph g = DnnGraphReader::ReadFile(DnnGraphReader::FindModel(m_model));
        double goodput = P2pGoodput(linkBps, 1448);
        LinkRates rates{goodput, goodput, 2 * delay.GetSeconds()};
        MinCutPartitioner part(g,
                               ComputeProfile::Get("rpi4"),
                               ComputeProfile::Get("edge-gpu"),
                               rates);
        Placement p;
        p.onServer = r.plan.onServer;
        PartitionCost cost = part.Evaluate(p);
        double expected = cost.Offloads() ? cost.Latency(r.share) : cost.A();
        double simulated = r.GetLatency().GetSeconds();
        std::ostringstream info;
        info << m_policy << ", " << m_model << ", " << linkBps / 1e6
             << " Mbps: " << cost.serverLayers << " of " << g.GetNLayers()
             << " layers on the server, up " << cost.bytesUp << " B, work " << cost.serverWork
             << " FLOP, f " << r.share << ": simulated " << simulated << " s, T " << expected
             << " s";
        std::cout << "  fidelity " << info.str() << " (" << 100 * (simulated / expected - 1) << "%)"
                  << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(simulated, expected, 0.02 * expected, info.str());
        // The prediction recorded when the request was planned, with the device's estimates
        // (the warm-up made them the link's goodput): T as well, local requests included.
        NS_TEST_ASSERT_MSG_EQ_TOL(r.predictedLatency,
                                  expected,
                                  0.02 * expected,
                                  "predicted latency: " << info.str());
        if (m_policy == "local")
        {
            NS_TEST_ASSERT_MSG_EQ(cost.Offloads(), false, "local does not offload");
        }
        if (cost.Offloads())
        {
            NS_TEST_ASSERT_MSG_GT(r.share, 0.0, "a share was granted");
        }
        if (m_policy == "full-offload")
        {
            NS_TEST_ASSERT_MSG_EQ(cost.bytesUp, g.GetInputBytes(), "the input is sent");
        }
        if (cost.Offloads())
        {
            // Stage by stage: the server computed for exactly B / f.
            double compute = (r.computeEnd - r.computeStart).GetSeconds();
            NS_TEST_ASSERT_MSG_EQ_TOL(compute, cost.serverWork / r.share, 1e-8, "B / f");
            double up = (r.serverReceived - r.sent).GetSeconds();
            double upExpected = cost.uploadTime + delay.GetSeconds();
            NS_TEST_ASSERT_MSG_EQ_TOL(up, upExpected, 0.02 * upExpected, "upload d / r + delay");
        }
    }

    std::string m_policy; //!< policy
    std::string m_model;  //!< model
    double m_linkBps;     //!< link rate (bit/s)
};

/// Server compute modes: reserved share, work-conserving GPS, processor sharing.
class ComputeModeTestCase : public TestCase
{
  public:
    ComputeModeTestCase()
        : TestCase("server compute: reserved f_i, gps (and its alias weighted-sharing) gives "
                   "the idle capacity, dads-greedy processor sharing")
    {
    }

  private:
    /**
     * \brief Run identical devices issuing one request at the same time.
     * \param policy policy
     * \param mode server ComputeMode
     * \param n devices
     * \return their records
     */
    std::vector<DnnSurgeryRequestRecord> Run(const std::string& policy,
                                             const std::string& mode,
                                             uint32_t n)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(n, "100Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy(policy);
        h.SetServerAttribute("Capacity", DoubleValue(1e12));
        h.SetServerAttribute("ComputeMode", StringValue(mode));
        h.SetDeviceAttribute("Model", StringValue("resnet18"));
        h.SetDeviceAttribute("MaxRequests", UintegerValue(1));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(4));
        Collector c;
        c.Connect(h);
        Simulator::Stop(Seconds(4.1));
        Simulator::Run();
        Simulator::Destroy();
        return c.requests;
    }

    void DoRun() override
    {
        const double F = 1e12;
        // One device, dds: reserved serves at f_i < F; gps gives the idle rest.
        auto reserved = Run("dds", "reserved", 1);
        auto shared = Run("dds", "gps", 1);
        auto alias = Run("dds", "weighted-sharing", 1);
        NS_TEST_ASSERT_MSG_EQ(reserved.size(), 1, "one request");
        NS_TEST_ASSERT_MSG_EQ(shared.size(), 1, "one request");
        NS_TEST_ASSERT_MSG_EQ(alias.size(), 1, "one request");
        NS_TEST_ASSERT_MSG_EQ(alias[0].computeEnd, shared[0].computeEnd, "alias of gps");
        NS_TEST_ASSERT_MSG_EQ(alias[0].finished, shared[0].finished, "alias of gps");
        const auto& r = reserved[0];
        const auto& s = shared[0];
        NS_TEST_ASSERT_MSG_LT(r.share, 0.9 * F, "the equilibrium share is below F");
        NS_TEST_ASSERT_MSG_EQ_TOL((r.computeEnd - r.computeStart).GetSeconds(),
                                  r.serverWork / r.share,
                                  1e-8,
                                  "reserved: B / f_i");
        NS_TEST_ASSERT_MSG_EQ_TOL((s.computeEnd - s.computeStart).GetSeconds(),
                                  s.serverWork / F,
                                  1e-8,
                                  "gps, alone: B / F");
        // Two identical devices whose tensors arrive together: dads-greedy shares F equally.
        auto greedy = Run("dads-greedy", "reserved", 2);
        NS_TEST_ASSERT_MSG_EQ(greedy.size(), 2, "two requests");
        NS_TEST_ASSERT_MSG_EQ(greedy[0].serverReceived, greedy[1].serverReceived, "together");
        for (const auto& g : greedy)
        {
            NS_TEST_ASSERT_MSG_EQ(g.share, F, "dads-greedy places for f = F");
            NS_TEST_ASSERT_MSG_EQ_TOL((g.computeEnd - g.computeStart).GetSeconds(),
                                      2 * g.serverWork / F,
                                      1e-8,
                                      "processor sharing: each at F / 2");
        }
        // dads, equal share F/2 each, reserved: each at F / 2 as well.
        auto dads = Run("dads", "reserved", 2);
        NS_TEST_ASSERT_MSG_EQ(dads.size(), 2, "two requests");
        for (const auto& g : dads)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(g.share, F / 2, 1e-6, "equal share F / N");
            NS_TEST_ASSERT_MSG_EQ_TOL((g.computeEnd - g.computeStart).GetSeconds(),
                                      g.serverWork / (F / 2),
                                      1e-8,
                                      "reserved at F / 2");
        }
    }
};

/// Suite: fidelity.
class FidelityTestSuite : public TestSuite
{
  public:
    FidelityTestSuite()
        : TestSuite("dnn-surgery-fidelity", dnnsurgerycompat::SYSTEM)
    {
        for (const char* policy : {"local",
                                   "full-offload",
                                   "neurosurgeon",
                                   "dads",
                                   "dads-greedy",
                                   "optimum",
                                   "dds",
                                   "dds-load"})
        {
            AddTestCase(new FidelityTestCase(policy, "resnet18", 100), dnnsurgerycompat::QUICK);
            AddTestCase(new FidelityTestCase(policy, "googlenet", 20), dnnsurgerycompat::QUICK);
        }
        for (const char* policy : {"neurosurgeon", "dads", "dds"})
        {
            AddTestCase(new FidelityTestCase(policy, "mobilenet_v2", 20), dnnsurgerycompat::QUICK);
        }
        AddTestCase(new ComputeModeTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
FidelityTestSuite g_fidelityTestSuite;

// ------------------------------------------------------------------ equilibrium

/// The network reaches the equilibrium AllocationGame computes directly.
class EquilibriumTestCase : public TestCase
{
  public:
    EquilibriumTestCase()
        : TestCase("negotiated shares equal AllocationGame::RunSequential on the same envelopes")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(2);
        RngSeedManager::SetRun(1);
        const std::vector<std::string> models = {"resnet18",
                                                 "mobilenet_v2",
                                                 "googlenet",
                                                 "alexnet",
                                                 "resnet50"};
        const std::vector<double> lambdas = {1.0, 0.5, 2.0, 1.0, 4.0};
        const uint32_t n = models.size();
        const double capacity = 1e12;
        const double p0 = 1e-13;
        const double kappa = 2e-25;
        const double epsilon = 1e-6;
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(n, "50Mbps", MilliSeconds(3));
        DnnSurgeryHelper h;
        h.SetPolicy("dds");
        h.SetServerAttribute("Capacity", DoubleValue(capacity));
        h.SetServerAttribute("P0", DoubleValue(p0));
        h.SetServerAttribute("Kappa", DoubleValue(kappa));
        h.SetServerAttribute("Epsilon", DoubleValue(epsilon));
        h.SetServerAttribute("MaxRounds", UintegerValue(100));
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(100))); // fixed rates: no traffic
        ApplicationContainer apps = h.Install(t);
        for (uint32_t i = 0; i < n; ++i)
        {
            h.GetDevices()[i]->SetAttribute("Model", StringValue(models[i]));
            h.GetDevices()[i]->SetAttribute("Lambda", DoubleValue(lambdas[i]));
        }
        apps.Start(Seconds(0));
        apps.Stop(Seconds(3));
        Collector c;
        c.Connect(h);
        std::vector<double> networkShares(n);
        dnnsurgerycompat::Schedule(Seconds(2.9), [&]() {
            for (uint32_t i = 0; i < n; ++i)
            {
                networkShares[i] = h.GetServers()[0]->GetShare(i);
                NS_TEST_EXPECT_MSG_EQ_TOL(h.GetDevices()[i]->GetShare(),
                                          networkShares[i],
                                          1e-9 * capacity,
                                          "device " << i << " knows its grant");
            }
        });
        Simulator::Stop(Seconds(3.1));
        Simulator::Run();
        Simulator::Destroy();

        // The last completed epoch is the equilibrium.
        const DnnSurgeryRoundRecord* last = nullptr;
        for (const auto& r : c.rounds)
        {
            if (!r.aborted)
            {
                last = &r;
            }
        }
        NS_TEST_ASSERT_MSG_NE(last, nullptr, "an epoch completed");
        NS_TEST_ASSERT_MSG_EQ(last->converged, true, "the epoch converged");
        NS_TEST_ASSERT_MSG_EQ(last->nDevices, n, "all devices in it");

        std::vector<GamePlayer> players;
        std::vector<double> initial;
        for (uint32_t i = 0; i < n; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(c.envelopes.count(i), 1, "device " << i << " envelope");
            NS_TEST_ASSERT_MSG_EQ(c.envelopeCount[i], 1, "rates fixed: one envelope");
            players.push_back(DnnSurgeryPlanner::ToGamePlayer(c.envelopes[i]));
            initial.push_back(last->initialShares.at(i).second);
        }
        GameParams params{capacity, p0, kappa, epsilon, 100};
        GameOutcome direct =
            AllocationGame::RunSequential(players, params, DynamicsOptions(), initial);
        NS_TEST_ASSERT_MSG_EQ(direct.converged, true, "direct dynamics converged");
        double sum = 0;
        uint32_t offloading = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            std::cout << "  equilibrium device " << i << " (" << models[i] << ", lambda "
                      << lambdas[i] << "): network f = " << networkShares[i] / 1e9
                      << " GFLOP/s, AllocationGame f = " << direct.shares[i] / 1e9 << std::endl;
            NS_TEST_ASSERT_MSG_EQ_TOL(networkShares[i],
                                      direct.shares[i],
                                      1e-6 * capacity,
                                      "device " << i << " share");
            NS_TEST_ASSERT_MSG_EQ_TOL(last->shares.at(i).second,
                                      networkShares[i],
                                      1e-9 * capacity,
                                      "record");
            sum += networkShares[i];
            offloading += networkShares[i] > 0 ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_LT_OR_EQ(sum, capacity * (1 + 1e-12), "sum f_i <= F");
        NS_TEST_ASSERT_MSG_GT(offloading, 1, "a non-trivial equilibrium (several offload)");
        NS_TEST_ASSERT_MSG_EQ(last->rounds, direct.rounds, "same number of rounds");
        NS_TEST_ASSERT_MSG_EQ(AllocationGame::IsEpsilonNash(players, networkShares, params),
                              true,
                              "network shares are an epsilon-NE");
        uint32_t messages = 0;
        uint64_t bytes = 0;
        for (const auto& r : c.rounds)
        {
            messages += r.messages;
            bytes += r.controlBytes;
        }
        std::cout << "  negotiation: " << c.rounds.size() << " epoch(s), last: " << last->rounds
                  << " rounds, " << last->messages << " messages, " << last->controlBytes
                  << " bytes, " << (last->end - last->start).GetSeconds() * 1e3
                  << " ms simulated (all epochs: " << messages << " messages, " << bytes
                  << " bytes)" << std::endl;
    }
};

/// dds-load over the network: requests complete, the devices measure their rates, sum f_i <= F.
class LoadAwareGameTestCase : public TestCase
{
  public:
    LoadAwareGameTestCase()
        : TestCase("dds-load: devices measure their request rate, re-enter the game, complete "
                   "requests, and the shares fit the capacity")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        const std::vector<std::string> models = {"resnet18", "mobilenet_v2", "googlenet"};
        const std::vector<double> rates = {4.0, 8.0, 5.0};
        const uint32_t n = models.size();
        const double capacity = 1e12;
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(n, "50Mbps", MilliSeconds(3));
        DnnSurgeryHelper h;
        h.SetPolicy("dds-load");
        h.SetServerAttribute("Capacity", DoubleValue(capacity));
        h.SetServerAttribute("P0", DoubleValue(1e-13));
        h.SetServerAttribute("Kappa", DoubleValue(2e-25));
        h.SetDeviceAttribute("RequestRateTimeConstant", TimeValue(Seconds(1)));
        ApplicationContainer apps = h.Install(t);
        for (uint32_t i = 0; i < n; ++i)
        {
            h.GetDevices()[i]->SetAttribute("Model", StringValue(models[i]));
            h.GetDevices()[i]->SetAttribute("FrameRate", DoubleValue(rates[i]));
        }
        apps.Start(Seconds(0));
        apps.Stop(Seconds(6));
        Collector c;
        c.Connect(h);
        std::vector<double> measured(n);
        std::vector<double> playerRates(n);
        double serverSum = 0;
        dnnsurgerycompat::Schedule(Seconds(5.9), [&]() {
            std::vector<double> shares;
            for (uint32_t i = 0; i < n; ++i)
            {
                measured[i] = h.GetDevices()[i]->GetMeasuredRequestRate();
                GamePlayer p;
                NS_TEST_EXPECT_MSG_EQ(h.GetDevices()[i]->GetGamePlayer(p),
                                      true,
                                      "device " << i << " plays the game");
                NS_TEST_EXPECT_MSG_EQ((p.costModel == GameCostModel::LOAD_AWARE),
                                      true,
                                      "with the load-aware cost");
                playerRates[i] = p.requestRate;
                shares.push_back(h.GetServers()[0]->GetShare(i));
            }
            serverSum = AllocationGame::Sum(shares);
        });
        Simulator::Stop(Seconds(6.1));
        Simulator::Run();
        Simulator::Destroy();

        std::vector<uint32_t> completed(n, 0);
        for (const auto& r : c.requests)
        {
            completed[r.deviceId] += r.outcome == DnnSurgeryRequestRecord::COMPLETED ? 1 : 0;
        }
        for (uint32_t i = 0; i < n; ++i)
        {
            NS_TEST_EXPECT_MSG_GT(completed[i], 5u, "device " << i << " completes requests");
            // periodic arrivals: the measured rate is the frame rate (never read from it)
            NS_TEST_EXPECT_MSG_EQ_TOL(measured[i], rates[i], 1e-6 * rates[i], "device " << i);
            NS_TEST_EXPECT_MSG_EQ_TOL(playerRates[i], rates[i], 1e-6 * rates[i], "device " << i);
        }
        NS_TEST_ASSERT_MSG_LT_OR_EQ(serverSum, capacity * (1 + 1e-12), "sum f_i <= F");
        NS_TEST_ASSERT_MSG_GT(serverSum, 0.0, "some device offloads");
        // the devices re-entered the game once they had measured mu_i: more than one epoch
        uint32_t epochs = 0;
        for (const auto& r : c.rounds)
        {
            epochs += r.aborted ? 0 : 1;
        }
        NS_TEST_EXPECT_MSG_GT(epochs, 1u, "an epoch after the first measurement");
    }
};

/// Suite: equilibrium.
class EquilibriumTestSuite : public TestSuite
{
  public:
    EquilibriumTestSuite()
        : TestSuite("dnn-surgery-equilibrium", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new EquilibriumTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new LoadAwareGameTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
EquilibriumTestSuite g_equilibriumTestSuite;

} // namespace

namespace
{

// ------------------------------------------------------------------ faults

/// Summary of one Wi-Fi walk-away run.
struct WalkRun
{
    Collector c;                          //!< everything traced
    std::vector<uint64_t> issued;         //!< per device
    std::vector<uint64_t> completed;      //!< per device
    std::vector<uint64_t> fallback;       //!< per device
    std::vector<uint64_t> failed;         //!< per device
    std::vector<uint64_t> inFlight;       //!< per device
    std::vector<std::string> memberships; //!< server membership events "t id joined reason"
};

/// Records membership events.
struct MembershipSink
{
    std::vector<std::string>* out; //!< destination

    /**
     * \brief Sink.
     * \param id device
     * \param joined joined or left
     * \param n N
     * \param reason why
     */
    void On(uint32_t id, bool joined, uint32_t n, const std::string& reason)
    {
        std::ostringstream oss;
        oss << Simulator::Now().GetSeconds() << " " << id << " " << (joined ? "join" : "leave")
            << " " << reason << " N=" << n;
        out->push_back(oss.str());
    }
};

/**
 * \brief Two devices on one AP; device 0 walks out of coverage (150 m) and back.
 * \param run RngRun
 * \return the summary
 */
WalkRun
RunWalkAway(uint32_t run)
{
    RngSeedManager::SetSeed(7);
    RngSeedManager::SetRun(run);
    WalkRun w;
    DnnSurgeryTopologyHelper topo;
    topo.SetMobility(DnnSurgeryTopologyHelper::MOBILITY_CONSTANT);
    topo.AddWalkAway(0, Seconds(3), 120, 40, Seconds(2));
    DnnSurgeryTopology t = topo.BuildWifi(2);
    topo.AssignStreams(10);
    DnnSurgeryHelper h;
    h.SetPolicy("dds");
    h.SetServerAttribute("Capacity", DoubleValue(1e12));
    h.SetDeviceAttribute("Model", StringValue("mobilenet_v2"));
    h.SetDeviceAttribute("Arrival", StringValue("poisson"));
    h.SetDeviceAttribute("FrameRate", DoubleValue(4));
    h.SetDeviceAttribute("MaxRequests", UintegerValue(70));
    h.SetDeviceAttribute("RequestTimeout", TimeValue(Seconds(1)));
    ApplicationContainer apps = h.Install(t);
    h.AssignStreams(t.devices, 100);
    apps.Start(Seconds(0.2));
    apps.Stop(Seconds(22));
    w.c.Connect(h);
    MembershipSink sink{&w.memberships};
    h.GetServers()[0]->TraceConnectWithoutContext("Membership",
                                                  MakeCallback(&MembershipSink::On, &sink));
    Simulator::Stop(Seconds(22.1));
    Simulator::Run();
    for (const auto& d : h.GetDevices())
    {
        uint64_t a;
        uint64_t b;
        uint64_t c;
        uint64_t e;
        uint64_t f;
        d->GetCounts(a, b, c, e, f);
        w.issued.push_back(a);
        w.completed.push_back(b);
        w.fallback.push_back(c);
        w.failed.push_back(e);
        w.inFlight.push_back(f);
    }
    Simulator::Destroy();
    return w;
}

/**
 * \brief A fingerprint of a run's requests.
 * \param w the run
 * \return outcome and finish time of every request, in order
 */
std::string
Fingerprint(const WalkRun& w)
{
    std::ostringstream oss;
    for (const auto& r : w.c.requests)
    {
        oss << r.deviceId << ":" << r.requestId << ":" << r.outcome << ":"
            << r.finished.GetTimeStep() << ";";
    }
    return oss.str();
}

/// Walking out of coverage: fallbacks, no lost request, re-join; determinism by seed.
class WalkAwayTestCase : public TestCase
{
  public:
    WalkAwayTestCase()
        : TestCase("out of coverage: fallbacks, no lost request, re-join; same seed same run")
    {
    }

  private:
    void DoRun() override
    {
        WalkRun a = RunWalkAway(1);
        for (uint32_t i = 0; i < 2; ++i)
        {
            std::cout << "  walk-away device " << i << ": issued " << a.issued[i] << " completed "
                      << a.completed[i] << " fallback " << a.fallback[i] << " failed "
                      << a.failed[i] << std::endl;
            NS_TEST_ASSERT_MSG_EQ(a.issued[i], 70, "device " << i << " issued all");
            NS_TEST_ASSERT_MSG_EQ(a.issued[i],
                                  a.completed[i] + a.fallback[i] + a.failed[i],
                                  "issued = completed + fallback + failed");
            NS_TEST_ASSERT_MSG_EQ(a.inFlight[i], 0, "nothing left in flight");
            NS_TEST_ASSERT_MSG_EQ(a.failed[i], 0, "no lost request");
        }
        for (const auto& m : a.memberships)
        {
            std::cout << "  membership " << m << std::endl;
        }
        for (const auto& l : a.c.linkDown)
        {
            std::cout << "  link down: device " << l.first << " (" << l.second << ")" << std::endl;
        }
        for (const auto& r : a.c.requests)
        {
            if (r.outcome == DnnSurgeryRequestRecord::FALLBACK)
            {
                std::cout << "  fallback: device " << r.deviceId << " request " << r.requestId
                          << " at " << r.finished.GetSeconds() << " s (" << r.reason << ")"
                          << std::endl;
            }
        }
        NS_TEST_ASSERT_MSG_GT(a.fallback[0], 0, "the walker fell back");
        // The other device stays in range: its link never goes down and nearly all its
        // requests complete. It may see a few timeouts while the walker, at the edge of
        // coverage, holds the channel at its lowest rate and the AP retries frames to it (the
        // 802.11 performance anomaly), but only timeouts.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(a.completed[1], 0.9 * a.issued[1], "the other completes");
        for (const auto& l : a.c.linkDown)
        {
            NS_TEST_ASSERT_MSG_EQ(l.first, 0, "only the walker loses its link");
        }
        for (const auto& r : a.c.requests)
        {
            if (r.deviceId == 1 && r.outcome == DnnSurgeryRequestRecord::FALLBACK)
            {
                NS_TEST_ASSERT_MSG_EQ(r.reason, "timeout", "the other device only times out");
            }
        }
        // Every fallback is explained; after coming back, device 0 offloads again.
        Time lastFallback(0);
        Time rejoin(-1);
        uint32_t ups = 0;
        for (const auto& l : a.c.linkUp)
        {
            ups += l.first == 0 ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ups, 2, "device 0 joined, and re-joined when back");
        uint32_t offloadedAfter = 0;
        for (const auto& r : a.c.requests)
        {
            if (r.deviceId != 0)
            {
                continue;
            }
            if (r.outcome == DnnSurgeryRequestRecord::FALLBACK)
            {
                NS_TEST_ASSERT_MSG_EQ(r.reason.empty(), false, "fallback has a reason");
                lastFallback = std::max(lastFallback, r.finished);
            }
        }
        for (const auto& r : a.c.requests)
        {
            if (r.deviceId == 0 && r.issued > lastFallback &&
                r.outcome == DnnSurgeryRequestRecord::COMPLETED && r.plan.offloads)
            {
                ++offloadedAfter;
            }
        }
        NS_TEST_ASSERT_MSG_GT(offloadedAfter, 0, "device 0 offloads again when back in range");
        // The server saw it leave and re-join, and each started a new epoch.
        bool left = false;
        bool rejoined = false;
        for (const auto& r : a.c.rounds)
        {
            left = left || r.trigger.find("timeout") != std::string::npos ||
                   r.trigger.find("closed") != std::string::npos;
            rejoined = rejoined || r.trigger.find("rejoin") != std::string::npos ||
                       (left && r.trigger.find("join") != std::string::npos);
        }
        NS_TEST_ASSERT_MSG_EQ(left, true, "the loss of device 0 started an epoch");
        NS_TEST_ASSERT_MSG_EQ(rejoined, true, "its re-join started an epoch");

        WalkRun b = RunWalkAway(1);
        NS_TEST_ASSERT_MSG_EQ(Fingerprint(a), Fingerprint(b), "same seed and run: same results");
        WalkRun c = RunWalkAway(2);
        NS_TEST_ASSERT_MSG_NE(Fingerprint(a), Fingerprint(c), "another run number: different");
    }
};

/// Join and leave in the middle of a run start new epochs with the right N.
class JoinLeaveTestCase : public TestCase
{
  public:
    JoinLeaveTestCase()
        : TestCase("a join and a leave mid-run each start a new game epoch")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(3, "50Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("dds");
        h.SetServerAttribute("Kappa", DoubleValue(1e-25));
        h.SetDeviceAttribute("Model", StringValue("resnet18"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(2));
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(0.5)));
        ApplicationContainer apps = h.Install(t);
        apps.Get(0)->SetStartTime(Seconds(0));
        apps.Get(1)->SetStartTime(Seconds(0));
        apps.Get(2)->SetStartTime(Seconds(0));
        apps.Get(3)->SetStartTime(Seconds(2)); // device 2 joins at 2 s ...
        apps.Get(3)->SetStopTime(Seconds(4));  // ... and leaves at 4 s
        apps.Get(0)->SetStopTime(Seconds(6));
        apps.Get(1)->SetStopTime(Seconds(6));
        apps.Get(2)->SetStopTime(Seconds(6));
        Collector c;
        c.Connect(h);
        std::vector<double> shareWith3;
        std::vector<double> shareAfter;
        dnnsurgerycompat::Schedule(Seconds(3.5), [&]() {
            for (uint32_t i = 0; i < 3; ++i)
            {
                shareWith3.push_back(h.GetServers()[0]->GetShare(i));
            }
        });
        dnnsurgerycompat::Schedule(Seconds(5.5), [&]() {
            for (uint32_t i = 0; i < 3; ++i)
            {
                shareAfter.push_back(h.GetServers()[0]->GetShare(i));
            }
        });
        Simulator::Stop(Seconds(6.1));
        Simulator::Run();
        Simulator::Destroy();

        bool joinEpoch = false;
        bool leaveEpoch = false;
        for (const auto& r : c.rounds)
        {
            std::cout << "  epoch " << r.epoch << " at " << r.start.GetSeconds() << " s ("
                      << r.trigger << ") N=" << r.nDevices << " rounds=" << r.rounds
                      << " messages=" << r.messages << (r.aborted ? " aborted" : "") << std::endl;
            if (r.start > Seconds(2) && r.start < Seconds(3) &&
                r.trigger.find("join") != std::string::npos && r.nDevices == 3 && !r.aborted)
            {
                joinEpoch = r.converged;
            }
            if (r.start > Seconds(4) && r.start < Seconds(5) &&
                r.trigger.find("leave") != std::string::npos && r.nDevices == 2 && !r.aborted)
            {
                leaveEpoch = r.converged;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(joinEpoch, true, "the join started a converged epoch with N=3");
        NS_TEST_ASSERT_MSG_EQ(leaveEpoch, true, "the leave started a converged epoch with N=2");
        NS_TEST_ASSERT_MSG_GT(shareWith3.at(2), 0.0, "the newcomer got a share");
        NS_TEST_ASSERT_MSG_EQ(shareAfter.at(2), 0.0, "the leaver's share returned to the pool");
        for (const auto& r : c.requests)
        {
            NS_TEST_ASSERT_MSG_NE(r.outcome,
                                  DnnSurgeryRequestRecord::FAILED,
                                  "no failure except at the end: device " << r.deviceId << " "
                                                                          << r.reason);
        }
    }
};

/// Suite: faults.
class FaultsTestSuite : public TestSuite
{
  public:
    FaultsTestSuite()
        : TestSuite("dnn-surgery-faults", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new JoinLeaveTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new WalkAwayTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
FaultsTestSuite g_faultsTestSuite;

// ------------------------------------------------------------------ estimation

/**
 * \brief Set the rate of a point-to-point link, both ends.
 * \param dev one end
 * \param rate the new rate
 */
void
SetP2pRate(Ptr<NetDevice> dev, const std::string& rate)
{
    Ptr<PointToPointChannel> ch = DynamicCast<PointToPointChannel>(dev->GetChannel());
    for (std::size_t k = 0; k < ch->GetNDevices(); ++k)
    {
        DynamicCast<PointToPointNetDevice>(ch->GetDevice(k))->SetDataRate(DataRate(rate));
    }
}

/// The first estimate (the one the device joins with) on an ideal link.
class WarmUpTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param linkMbps link rate (Mbit/s)
     * \param rounds ProbeRounds (1 = a single probe, no warm-up)
     */
    WarmUpTestCase(double linkMbps, uint32_t rounds)
        : TestCase("first estimate on an ideal " + std::to_string(static_cast<int>(linkMbps)) +
                   " Mbps link, ProbeRounds " + std::to_string(rounds)),
          m_linkBps(linkMbps * 1e6),
          m_rounds(rounds)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t =
            topo.BuildPointToPoint(1,
                                   std::to_string(static_cast<uint64_t>(m_linkBps)) + "bps",
                                   MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("dds");
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(100))); // no traffic
        h.SetDeviceAttribute("ProbeRounds", UintegerValue(m_rounds));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(2));
        Ptr<MobileDeviceApplication> dev = h.GetDevices()[0];
        m_dev = dev;
        dev->TraceConnectWithoutContext("Link", MakeCallback(&WarmUpTestCase::OnLink, this));
        Simulator::Stop(Seconds(2.1));
        Simulator::Run();
        Simulator::Destroy();
        m_dev = nullptr;
        const double up = m_up;
        const double down = m_down;
        const double joinTime = m_joinTime;

        double goodput = P2pGoodput(m_linkBps, 1448);
        std::cout << "  warm-up " << m_linkBps / 1e6 << " Mbps, " << m_rounds
                  << " round(s) max: joined at " << joinTime << " s after "
                  << dev->GetJoinProbeRounds() << " round(s), r " << up / 1e6 << " r' "
                  << down / 1e6 << " Mbit/s, goodput " << goodput / 1e6 << " ("
                  << 100 * (up / goodput - 1) << "%, " << 100 * (down / goodput - 1) << "%)"
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT(joinTime, 0.0, "the device joined");
        NS_TEST_ASSERT_MSG_LT(joinTime, 0.5, "in bounded time");
        if (m_rounds == 1)
        {
            // One 64 KiB probe on a fresh connection is TCP slow start: on a fast link it
            // measures a fraction of the goodput (this is what the warm-up removes).
            NS_TEST_ASSERT_MSG_EQ(dev->GetJoinProbeRounds(), 1, "one round");
            NS_TEST_ASSERT_MSG_LT(up, 0.5 * goodput, "a single probe is slow start");
            return;
        }
        NS_TEST_ASSERT_MSG_GT(dev->GetJoinProbeRounds(), 1, "two rounds at least agree");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(dev->GetJoinProbeRounds(), m_rounds, "bounded rounds");
        NS_TEST_ASSERT_MSG_EQ_TOL(up, goodput, 0.02 * goodput, "r_i at join is the goodput");
        NS_TEST_ASSERT_MSG_EQ_TOL(down, goodput, 0.02 * goodput, "r'_i at join is the goodput");
    }

    /**
     * \brief Link trace: keep the estimate the device joined with.
     * \param id device
     * \param isUp state
     * \param reason why
     */
    void OnLink(uint32_t id, bool isUp, const std::string& reason)
    {
        if (isUp && m_joinTime < 0)
        {
            m_up = m_dev->GetRateEstimator().GetUplinkBps();
            m_down = m_dev->GetRateEstimator().GetDownlinkBps();
            m_joinTime = Simulator::Now().GetSeconds();
        }
    }

    double m_linkBps;                   //!< link rate (bit/s)
    uint32_t m_rounds;                  //!< ProbeRounds
    Ptr<MobileDeviceApplication> m_dev; //!< the device while it runs
    double m_up{0};                     //!< r_i at join
    double m_down{0};                   //!< r'_i at join
    double m_joinTime{-1};              //!< when it joined (s)
};

/// Results are below the single-sample size: aggregated, they move r'_i.
class DownlinkSamplingTestCase : public TestCase
{
  public:
    DownlinkSamplingTestCase()
        : TestCase("4 KB results move the downlink estimate (aggregated samples)")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(1, "20Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("full-offload");
        h.SetDeviceAttribute("Model", StringValue("mobilenet_v2"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(10));
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(0.5)));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(5));
        Ptr<MobileDeviceApplication> dev = h.GetDevices()[0];
        Collector c;
        c.Connect(h);
        h.TraceRates(MakeCallback(&DownlinkSamplingTestCase::OnRate, this));
        double atJoin = 0;
        dnnsurgerycompat::Schedule(Seconds(0.4),
                                   [&]() { atJoin = dev->GetRateEstimator().GetDownlinkBps(); });
        Simulator::Stop(Seconds(5.1));
        Simulator::Run();
        Simulator::Destroy();
        const std::vector<double>& downs = m_downs;

        uint32_t results = 0;
        double resultBytes = 0;
        for (const auto& r : c.requests)
        {
            if (r.outcome == DnnSurgeryRequestRecord::COMPLETED && r.bytesDown > 0)
            {
                results++;
                resultBytes = r.bytesDown;
            }
        }
        uint32_t changes = 0;
        for (std::size_t k = 1; k < downs.size(); ++k)
        {
            changes += downs[k] != downs[k - 1] ? 1 : 0;
        }
        double goodput = P2pGoodput(20e6, 1448);
        double last = downs.empty() ? 0 : downs.back();
        std::cout << "  downlink: " << results << " results of " << resultBytes << " B, r' "
                  << atJoin / 1e6 << " -> " << last / 1e6 << " Mbit/s in " << changes
                  << " changes (goodput " << goodput / 1e6 << ")" << std::endl;
        NS_TEST_ASSERT_MSG_GT(results, 8, "results were received");
        NS_TEST_ASSERT_MSG_LT(resultBytes, 4096, "a result is below the single-sample size");
        NS_TEST_ASSERT_MSG_GT(atJoin, 0.0, "r'_i from the probe");
        NS_TEST_ASSERT_MSG_GT(changes, 0, "the results moved r'_i");
        NS_TEST_ASSERT_MSG_NE(last, atJoin, "r'_i is no longer the probe's");
        // On an ideal link the time a result spends beyond RTT/2 is its bytes on the wire.
        NS_TEST_ASSERT_MSG_EQ_TOL(last, goodput, 0.1 * goodput, "r'_i is the link's goodput");
    }

    /**
     * \brief Rate trace sink.
     * \param id device
     * \param up r_i
     * \param down r'_i
     * \param rtt RTT_i
     * \param reentered re-entry
     */
    void OnRate(uint32_t id, double up, double down, double rtt, bool reentered)
    {
        if (Simulator::Now() >= Seconds(0.5))
        {
            m_downs.push_back(down);
        }
    }

    std::vector<double> m_downs; //!< r'_i after every sample once requests run
};

/// A new estimate re-enters the game only when the best response moves.
class ReentryTestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param newRate the link rate from 2 s on (it is 200 Mbps before)
     * \param moves whether the best response moves at that rate
     */
    ReentryTestCase(const std::string& newRate, bool moves)
        : TestCase("link 200Mbps -> " + newRate + ": " +
                   (moves ? "the best response moves, re-entry"
                          : "the best response stays, no re-entry")),
          m_newRate(newRate),
          m_moves(moves)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(1, "200Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("dds");
        h.SetServerAttribute("Capacity", DoubleValue(1e12));
        h.SetServerAttribute("P0", DoubleValue(2e-13));
        h.SetServerAttribute("Kappa", DoubleValue(2e-25));
        h.SetServerAttribute("Epsilon", DoubleValue(1e-4));
        h.SetDeviceAttribute("Model", StringValue("resnet18"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(5));
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(0.5)));
        ApplicationContainer apps = h.Install(t);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(5));
        Ptr<MobileDeviceApplication> dev = h.GetDevices()[0];
        Collector c;
        c.Connect(h);
        h.TraceShares(MakeCallback(&ReentryTestCase::OnShare, this));
        NetDeviceContainer nd = t.deviceNetDevices;
        dnnsurgerycompat::Schedule(Seconds(2), [&]() { SetP2pRate(nd.Get(0), m_newRate); });
        Simulator::Stop(Seconds(5.1));
        Simulator::Run();
        Simulator::Destroy();

        uint64_t reentered = 0;
        uint64_t kept = 0;
        dev->GetReentryCounts(reentered, kept);
        uint32_t epochsAfter = 0;
        for (const auto& r : c.rounds)
        {
            epochsAfter += r.start >= Seconds(2) ? 1 : 0;
        }
        uint32_t shareChangesAfter = 0;
        for (const auto& s : m_shares)
        {
            shareChangesAfter += s.first >= 2 ? 1 : 0;
        }
        uint32_t offloaded = 0;
        for (const auto& r : c.requests)
        {
            offloaded += r.plan.offloads && r.issued >= Seconds(2) ? 1 : 0;
        }
        std::cout << "  re-entry, 200Mbps -> " << m_newRate << ": " << c.requests.size()
                  << " requests, " << offloaded << " offloaded after 2 s, " << c.envelopeCount[0]
                  << " envelopes, " << reentered << " re-entries, " << kept << " kept, "
                  << epochsAfter << " epochs and " << shareChangesAfter
                  << " share changes after the change, r "
                  << dev->GetRateEstimator().GetUplinkBps() / 1e6 << " Mbit/s" << std::endl;
        NS_TEST_ASSERT_MSG_GT(c.envelopeCount[0], 1, "the new estimate recomputed the envelope");
        if (m_moves)
        {
            NS_TEST_ASSERT_MSG_GT(reentered, 0, "re-entered");
            NS_TEST_ASSERT_MSG_GT(epochsAfter, 0, "a new epoch");
            NS_TEST_ASSERT_MSG_GT(shareChangesAfter, 0, "and the share moved");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(reentered, 0, "no re-entry");
            NS_TEST_ASSERT_MSG_GT(kept, 0, "the recomputation kept the share");
            NS_TEST_ASSERT_MSG_EQ(epochsAfter, 0, "no epoch");
            NS_TEST_ASSERT_MSG_EQ(shareChangesAfter, 0, "the share stayed");
        }
    }

    /**
     * \brief Share trace sink.
     * \param id device
     * \param epoch epoch
     * \param oldShare previous f_i
     * \param newShare new f_i
     */
    void OnShare(uint32_t id, uint32_t epoch, double oldShare, double newShare)
    {
        m_shares.emplace_back(Simulator::Now().GetSeconds(), newShare);
    }

    std::string m_newRate;                           //!< rate from 2 s on
    bool m_moves;                                    //!< the best response moves
    std::vector<std::pair<double, double>> m_shares; //!< (time, f_i) of every share change
};

/// The re-entry criterion itself: the policy's best response with the new envelope.
class ReentryCriterionTestCase : public TestCase
{
  public:
    ReentryCriterionTestCase()
        : TestCase("re-entry criterion: a new envelope moves the best response or not")
    {
    }

  private:
    void DoRun() override
    {
        DnnSurgeryGameParams game;
        game.capacity = 1e12;
        game.p0 = 2e-13;
        game.kappa = 2e-25;
        game.epsilon = 1e-4;
        Ptr<OffloadingPolicy> dds = OffloadingPolicy::Create("dds");
        DnnSurgeryPlanner planner("resnet18", "rpi4", "edge-gpu");
        const double others = 3e11;
        planner.Update(192.8e6, 192.8e6, 0.004, game.capacity);
        double share = planner.BestResponse(1.0, others, game).share;
        NS_TEST_ASSERT_MSG_GT(share, 0.0, "offloads at 200 Mbps");
        // 30 % slower: the same candidate stays best, and its best share does not depend on
        // A_P (the stationary share solves 2 lambda kappa f^3 + lambda (p0 + kappa S_-i) f^2
        // = B_P): keeping f_i costs what the best response costs.
        planner.Update(135e6, 135e6, 0.004, game.capacity);
        DnnSurgeryDemand keep = dds->ComputeDemand(planner, 1.0, share, others, game);
        NS_TEST_ASSERT_MSG_EQ(keep.changed, false, "140 Mbps: the best response stays");
        // 1 Mbps: sending any cut costs seconds, all-local (or a much later cut) is best.
        planner.Update(1e6, 1e6, 0.004, game.capacity);
        DnnSurgeryDemand move = dds->ComputeDemand(planner, 1.0, share, others, game);
        NS_TEST_ASSERT_MSG_EQ(move.changed, true, "1 Mbps: the best response moves");
        NS_TEST_ASSERT_MSG_GT(planner.Cost(1.0, share, others, game) -
                                  planner.BestResponse(1.0, others, game).cost,
                              game.epsilon,
                              "by more than epsilon");
    }
};

/// Suite: estimation.
class EstimationTestSuite : public TestSuite
{
  public:
    EstimationTestSuite()
        : TestSuite("dnn-surgery-estimation", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new WarmUpTestCase(20, 8), dnnsurgerycompat::QUICK);
        AddTestCase(new WarmUpTestCase(200, 8), dnnsurgerycompat::QUICK);
        AddTestCase(new WarmUpTestCase(200, 1), dnnsurgerycompat::QUICK);
        AddTestCase(new DownlinkSamplingTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new ReentryCriterionTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new ReentryTestCase("140Mbps", false), dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
EstimationTestSuite g_estimationTestSuite;

} // namespace
