/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of the OffloadingPolicy interface (suite dnn-surgery-policy):
 *
 * - lookup: every built-in policy is found by its short name and by its TypeId name; unknown
 *   names, TypeIds that are not policies, unknown attributes and invalid values are refused;
 * - a policy defined only in this file, selected by its TypeId name with an attribute, runs
 *   over the network with the built-in applications: its server side decides the shares, its
 *   device side the placements, and its requests close the accounting.
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-helper.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/offloading-policy.h"
#include "ns3/test.h"

#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup dnn-surgery-tests
 * A policy that exists only in this test file: the server gives even devices the fraction
 * Fraction of F and odd devices nothing; devices with a share run DADS at it, the others run
 * everything locally.
 */
class ParityTestPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::ParityTestPolicy")
                                .SetParent<OffloadingPolicy>()
                                .SetGroupName("DnnSurgery")
                                .AddConstructor<ParityTestPolicy>()
                                .AddAttribute("Fraction",
                                              "Fraction of F granted to each even device.",
                                              DoubleValue(0.5),
                                              MakeDoubleAccessor(&ParityTestPolicy::m_fraction),
                                              MakeDoubleChecker<double>(0, 1));
        return tid;
    }

    /// \return "parity-test"
    std::string GetName() const override
    {
        return "parity-test";
    }

    /**
     * \brief DADS at the share, all-local without one.
     * \param planner the planner
     * \param context share and estimates
     * \return the plan
     */
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override
    {
        return context.share > 0 ? planner.Choose("dads", context.share) : planner.Local();
    }

    /**
     * \brief Fraction x F to even devices, 0 to odd ones.
     * \param peers joined devices
     * \param params F and prices
     * \return the shares
     */
    std::vector<double> Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                                 const DnnSurgeryGameParams& params) const override
    {
        std::vector<double> shares;
        for (const auto& p : peers)
        {
            shares.push_back(p.deviceId % 2 == 0 ? m_fraction * params.capacity : 0.0);
        }
        return shares;
    }

  private:
    double m_fraction; //!< share of F of an even device
};

NS_OBJECT_ENSURE_REGISTERED(ParityTestPolicy);

} // namespace ns3

using namespace ns3;

namespace
{

/// Built-in policies: found by short and TypeId name; refusals name the problem.
class PolicyLookupTestCase : public TestCase
{
  public:
    PolicyLookupTestCase()
        : TestCase("policies are found by short name and TypeId; bad names and attributes fail")
    {
    }

  private:
    /**
     * \brief Whether a specification is refused with a DnnSurgeryError.
     * \param spec the specification
     * \return true if MakeFactory threw
     */
    static bool Refused(const std::string& spec)
    {
        try
        {
            OffloadingPolicy::MakeFactory(spec);
        }
        catch (const DnnSurgeryError&)
        {
            return true;
        }
        return false;
    }

    void DoRun() override
    {
        const std::map<std::string, std::string> builtins = {
            {"local", "ns3::LocalPolicy"},
            {"full-offload", "ns3::FullOffloadPolicy"},
            {"neurosurgeon", "ns3::NeurosurgeonPolicy"},
            {"dads", "ns3::DadsPolicy"},
            {"dads-greedy", "ns3::DadsGreedyPolicy"},
            {"optimum", "ns3::OptimumPolicy"},
            {"dds", "ns3::DdsPolicy"},
            {"dds-load", "ns3::DdsLoadPolicy"},
        };
        NS_TEST_ASSERT_MSG_EQ(OffloadingPolicy::GetBuiltinNames().size(),
                              builtins.size(),
                              "eight built-in policies");
        for (const auto& name : OffloadingPolicy::GetBuiltinNames())
        {
            NS_TEST_ASSERT_MSG_EQ(builtins.count(name), 1u, name << " is a built-in");
            TypeId byName = OffloadingPolicy::LookupTypeId(name);
            NS_TEST_EXPECT_MSG_EQ(byName.GetName(), builtins.at(name), name << " -> TypeId");
            Ptr<OffloadingPolicy> p = OffloadingPolicy::Create(builtins.at(name));
            NS_TEST_EXPECT_MSG_EQ(p->GetName(), name, "TypeId -> short name");
        }
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::CreateDefault()->GetName(), "dds", "default");
        // The coordination of the built-ins.
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dds")->GetCoordination(),
                              OffloadingPolicy::COORDINATION_GAME,
                              "dds negotiates");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dds-load")->GetCoordination(),
                              OffloadingPolicy::COORDINATION_GAME,
                              "dds-load negotiates");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dds-load")->UsesRequestRate(),
                              true,
                              "dds-load measures its request rate");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dds")->UsesRequestRate(),
                              false,
                              "dds does not");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(OffloadingPolicy::Create("dds-load")->GetWireCode()),
                              7,
                              "dds-load wire code");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("optimum")->GetCoordination(),
                              OffloadingPolicy::COORDINATION_ENVELOPE,
                              "optimum collects envelopes");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dads")->GetCoordination(),
                              OffloadingPolicy::COORDINATION_STATIC,
                              "dads splits equally");
        // Server side of the built-ins without a network.
        std::vector<DnnSurgeryPeerState> peers(4);
        DnnSurgeryGameParams params;
        params.capacity = 8e12;
        for (const auto& s : OffloadingPolicy::Create("dads")->Allocate(peers, params))
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(s, 2e12, 1, "equal split F / N");
        }
        for (const auto& s : OffloadingPolicy::Create("dads-greedy")->Allocate(peers, params))
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(s, 8e12, 1, "greedy: F each");
        }
        for (const auto& s : OffloadingPolicy::Create("local")->Allocate(peers, params))
        {
            NS_TEST_EXPECT_MSG_EQ(s, 0.0, "local: no share");
        }
        for (const auto& s : OffloadingPolicy::Create("optimum")->Allocate(peers, params))
        {
            NS_TEST_EXPECT_MSG_EQ(s, 0.0, "optimum: no share without an envelope");
        }
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dads-greedy")->SharesCapacity(),
                              true,
                              "greedy shares the capacity");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dads-greedy")->GetServiceWeight(5.0),
                              1.0,
                              "greedy: equal weights");
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::Create("dds")->GetServiceWeight(5.0),
                              5.0,
                              "weights f_i by default");
        // The test policy: by short name, by TypeId, with attributes.
        NS_TEST_EXPECT_MSG_EQ(OffloadingPolicy::LookupTypeId("parity-test").GetName(),
                              "ns3::ParityTestPolicy",
                              "a policy of this file by short name");
        Ptr<OffloadingPolicy> custom =
            OffloadingPolicy::Create("ns3::ParityTestPolicy[Fraction=0.25]");
        DoubleValue fraction;
        custom->GetAttribute("Fraction", fraction);
        NS_TEST_EXPECT_MSG_EQ(fraction.Get(), 0.25, "attribute from the specification");
        // Refusals.
        NS_TEST_EXPECT_MSG_EQ(Refused("no-such-policy"), true, "unknown name");
        NS_TEST_EXPECT_MSG_EQ(Refused("ns3::Object"), true, "a TypeId that is not a policy");
        NS_TEST_EXPECT_MSG_EQ(Refused("ns3::OffloadingPolicy"), true, "the abstract base");
        NS_TEST_EXPECT_MSG_EQ(Refused("parity-test[NoSuch=1]"), true, "unknown attribute");
        NS_TEST_EXPECT_MSG_EQ(Refused("parity-test[Fraction=2]"), true, "value out of range");
        NS_TEST_EXPECT_MSG_EQ(Refused("parity-test[Fraction]"), true, "attribute without value");
        NS_TEST_EXPECT_MSG_EQ(Refused("parity-test[Fraction=0.1"), true, "unclosed bracket");
        NS_TEST_EXPECT_MSG_EQ(Refused("dds[]"), false, "empty attribute list");
    }
};

/// The test-file policy over the network: shares, placements and the accounting.
class CustomPolicyNetworkTestCase : public TestCase
{
  public:
    CustomPolicyNetworkTestCase()
        : TestCase("a policy defined in the test file, chosen by TypeId, runs over the network "
                   "and its requests close the accounting")
    {
    }

  private:
    std::vector<DnnSurgeryRequestRecord> m_records; //!< resolved requests

    /**
     * \brief Request sink.
     * \param r the record
     */
    void OnRequest(const DnnSurgeryRequestRecord& r)
    {
        m_records.push_back(r);
    }

    void DoRun() override
    {
        const double F = 1e12;
        const uint32_t n = 4;
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t = topo.BuildPointToPoint(n, "100Mbps", MilliSeconds(2));
        DnnSurgeryHelper h;
        h.SetPolicy("ns3::ParityTestPolicy[Fraction=0.25]");
        h.SetServerAttribute("Capacity", DoubleValue(F));
        h.SetDeviceAttribute("Model", StringValue("resnet18"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(4));
        ApplicationContainer apps = h.Install(t);
        h.AssignStreams(t.devices, 10);
        h.TraceRequests(MakeCallback(&CustomPolicyNetworkTestCase::OnRequest, this));
        apps.Start(Seconds(0));
        apps.Stop(Seconds(5));

        // Every application holds its own instance of the policy.
        std::vector<Ptr<OffloadingPolicy>> instances;
        for (uint32_t k = 0; k < apps.GetN(); ++k)
        {
            PointerValue pv;
            apps.Get(k)->GetAttribute("Policy", pv);
            Ptr<OffloadingPolicy> p = pv.Get<OffloadingPolicy>();
            NS_TEST_ASSERT_MSG_NE(p, nullptr, "application " << k << " has a policy");
            NS_TEST_EXPECT_MSG_EQ(p->GetInstanceTypeId().GetName(),
                                  "ns3::ParityTestPolicy",
                                  "the test policy is installed");
            for (const auto& q : instances)
            {
                NS_TEST_EXPECT_MSG_NE(p, q, "one instance per application");
            }
            instances.push_back(p);
        }

        Simulator::Stop(Seconds(4.9));
        Simulator::Run();
        // Mid-run (before the applications stop): the server granted what the policy decided.
        Ptr<MecServerApplication> server = h.GetServers().at(0);
        for (uint32_t i = 0; i < n; ++i)
        {
            double expected = i % 2 == 0 ? 0.25 * F : 0.0;
            NS_TEST_EXPECT_MSG_EQ_TOL(server->GetShare(i), expected, 1, "server share " << i);
            NS_TEST_EXPECT_MSG_EQ_TOL(h.GetDevices().at(i)->GetShare(),
                                      expected,
                                      1,
                                      "device " << i << " was told its share");
        }
        Simulator::Stop(Seconds(0.2));
        Simulator::Run();

        std::map<uint32_t, uint64_t> recorded;
        std::map<uint32_t, uint64_t> offloaded;
        for (const auto& r : m_records)
        {
            recorded[r.deviceId]++;
            NS_TEST_EXPECT_MSG_EQ(r.policy, "parity-test", "records name the policy");
            if (r.plan.offloads)
            {
                offloaded[r.deviceId]++;
                NS_TEST_EXPECT_MSG_EQ(r.deviceId % 2, 0u, "only even devices offload");
                NS_TEST_EXPECT_MSG_EQ_TOL(r.share, 0.25 * F, 1, "at the share granted");
            }
        }
        for (uint32_t i = 0; i < n; ++i)
        {
            uint64_t issued;
            uint64_t completed;
            uint64_t fallback;
            uint64_t failed;
            uint64_t inFlight;
            h.GetDevices().at(i)->GetCounts(issued, completed, fallback, failed, inFlight);
            NS_TEST_EXPECT_MSG_GT(issued, 10u, "device " << i << " issued requests");
            NS_TEST_EXPECT_MSG_EQ(inFlight, 0u, "nothing left in flight after the stop");
            NS_TEST_EXPECT_MSG_EQ(issued,
                                  completed + fallback + failed + inFlight,
                                  "issued = completed + fallback + failed + in flight");
            NS_TEST_EXPECT_MSG_EQ(recorded[i], issued, "one Request trace per issued request");
            NS_TEST_EXPECT_MSG_GT(completed, 0u, "device " << i << " completed requests");
            if (i % 2 == 0)
            {
                NS_TEST_EXPECT_MSG_GT(offloaded[i], 0u, "even device " << i << " offloads");
            }
        }
        Simulator::Destroy();
    }
};

/// Suite: the policy interface.
class PolicyTestSuite : public TestSuite
{
  public:
    PolicyTestSuite()
        : TestSuite("dnn-surgery-policy", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new PolicyLookupTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new CustomPolicyNetworkTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
PolicyTestSuite g_policyTestSuite;

} // namespace
