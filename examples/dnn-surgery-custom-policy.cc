/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * How to write an offloading policy outside the module: a deadline-aware threshold policy,
 * registered by its TypeId, compared in one run against built-in policies on identical seeds.
 *
 *   ./build/bin/dnn-surgery-custom-policy [--nDevices=4 --simTime=6 --frameRate=5]
 *       [--policies=local,dads,dds,deadline-threshold[Margin=0.8]]
 *       [--ns3::DeadlineThresholdPolicy::Margin=0.9]
 *
 * The policy offloads a request only when the predicted latency of the min-cut placement at
 * the share granted meets the deadline (by default the frame period 1 / FrameRate); otherwise,
 * and also whenever the device alone meets the deadline (PreferLocal), it runs on the device.
 * The server side is inherited: equal split F / N. For each policy the example prints the
 * request outcomes, the latency, the share of requests offloaded and the deadline-met ratio.
 * The Request traces are collected through their Config path.
 */

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-helper.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/offloading-policy.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * A deadline-aware threshold policy: offload only when the predicted latency meets the
 * deadline.
 *
 * Device side (ChoosePlan): the all-local plan if the device alone meets Margin x deadline and
 * PreferLocal is set; else the min-cut (DADS) placement at the share granted if its predicted
 * latency T = A_P + B_P / f meets Margin x deadline; else all-local. Server side: the default
 * of OffloadingPolicy, the equal split F / N, with no coordination beyond join and leave.
 */
class DeadlineThresholdPolicy : public OffloadingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId("ns3::DeadlineThresholdPolicy")
                .SetParent<OffloadingPolicy>()
                .SetGroupName("DnnSurgery")
                .AddConstructor<DeadlineThresholdPolicy>()
                .AddAttribute("Deadline",
                              "Deadline of a request; 0 means the device's deadline, or one "
                              "frame period 1 / FrameRate if it has none.",
                              TimeValue(Seconds(0)),
                              MakeTimeAccessor(&DeadlineThresholdPolicy::m_deadline),
                              MakeTimeChecker(Seconds(0)))
                .AddAttribute("Margin",
                              "The predicted latency must be at most Margin x deadline.",
                              DoubleValue(1.0),
                              MakeDoubleAccessor(&DeadlineThresholdPolicy::m_margin),
                              MakeDoubleChecker<double>(0))
                .AddAttribute("PreferLocal",
                              "Stay on the device (no server work) when it meets the deadline.",
                              BooleanValue(true),
                              MakeBooleanAccessor(&DeadlineThresholdPolicy::m_preferLocal),
                              MakeBooleanChecker());
        return tid;
    }

    /// \return "deadline-threshold"
    std::string GetName() const override
    {
        return "deadline-threshold";
    }

    /**
     * \brief The placement: offload only when it meets the deadline.
     * \param planner the device's planner
     * \param context share, estimates, frame rate
     * \return the plan
     */
    DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                              const DnnSurgeryDeviceContext& context) const override
    {
        double deadline = m_deadline.IsStrictlyPositive() ? m_deadline.GetSeconds()
                          : context.deadline > 0 ? context.deadline // the device's Deadline
                                                 : 1.0 / context.frameRate;
        double threshold = m_margin * deadline;
        DnnSurgeryPlan local = planner.Local();
        if (m_preferLocal && local.predictedLatency <= threshold)
        {
            return local;
        }
        DnnSurgeryPlan cut = planner.Choose("dads", context.share);
        if (cut.offloads && cut.predictedLatency <= threshold)
        {
            return cut;
        }
        return local;
    }

  private:
    Time m_deadline;    //!< deadline (0 = frame period)
    double m_margin;    //!< fraction of the deadline the prediction must meet
    bool m_preferLocal; //!< stay local when the device meets the deadline
};

NS_OBJECT_ENSURE_REGISTERED(DeadlineThresholdPolicy);

} // namespace ns3

using namespace ns3;

namespace
{

/// What one policy's run produced.
struct PolicyStats
{
    std::vector<double> latencies; //!< end-to-end latency of every resolved request (s)
    uint64_t completed{0};         //!< completed
    uint64_t fallback{0};          //!< fell back
    uint64_t failed{0};            //!< failed
    uint64_t offloaded{0};         //!< planned to offload
    uint64_t met{0};               //!< finished within the deadline (failed ones never do)
};

PolicyStats g_stats;     //!< the run in progress
double g_deadline = 0.2; //!< deadline the requests are judged on (s)

/**
 * \brief Request sink, connected by Config path.
 * \param r the record
 */
void
OnRequest(const DnnSurgeryRequestRecord& r)
{
    switch (r.outcome)
    {
    case DnnSurgeryRequestRecord::COMPLETED:
        ++g_stats.completed;
        break;
    case DnnSurgeryRequestRecord::FALLBACK:
        ++g_stats.fallback;
        break;
    case DnnSurgeryRequestRecord::FAILED:
    case DnnSurgeryRequestRecord::UNFINISHED: // left at the end: counted with the failures here
        ++g_stats.failed;
        return;
    }
    double latency = r.GetLatency().GetSeconds();
    g_stats.latencies.push_back(latency);
    g_stats.offloaded += r.plan.offloads ? 1 : 0;
    g_stats.met += r.MetDeadline() ? 1 : 0;
}

/**
 * \brief Split a comma-separated list (commas inside [...] do not split).
 * \param text the list
 * \return the items
 */
std::vector<std::string>
SplitPolicies(const std::string& text)
{
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    for (char c : text)
    {
        depth += c == '[' ? 1 : (c == ']' ? -1 : 0);
        if (c == ',' && depth == 0)
        {
            out.push_back(cur);
            cur.clear();
        }
        else
        {
            cur += c;
        }
    }
    if (!cur.empty())
    {
        out.push_back(cur);
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nDevices = 4;
    double simTime = 6;
    double frameRate = 5;
    double capacity = 5e11;
    std::string policies = "local,dads,dds,deadline-threshold";

    CommandLine cmd(__FILE__);
    cmd.Usage("Compares a deadline-aware threshold policy written in this file with built-in "
              "policies on identical seeds; its attributes can be set as "
              "--ns3::DeadlineThresholdPolicy::<Attribute>=<value> or in --policies.");
    cmd.AddValue("nDevices", "number of mobile devices", nDevices);
    cmd.AddValue("simTime", "simulated seconds per policy", simTime);
    cmd.AddValue("frameRate",
                 "requests per second per device; the deadline is 1 / frameRate",
                 frameRate);
    cmd.AddValue("capacity", "server capacity F (FLOP/s)", capacity);
    cmd.AddValue("policies",
                 "policies compared: short or TypeId names, attributes as name[Attr=value|...]",
                 policies);
    cmd.Parse(argc, argv);

    try
    {
        if (nDevices < 1 || !(simTime > 1) || !(frameRate > 0))
        {
            throw DnnSurgeryError("command line: need --nDevices >= 1, --simTime > 1 and "
                                  "--frameRate > 0");
        }
        g_deadline = 1.0 / frameRate;
        const std::vector<std::string> compared = SplitPolicies(policies);
        for (const auto& policy : compared)
        {
            OffloadingPolicy::MakeFactory(policy); // every name is checked before any run
        }
        const std::vector<std::string> models = {"resnet18", "mobilenet_v2", "googlenet"};
        std::cout << nDevices << " devices (" << models[0] << ", " << models[1] << ", " << models[2]
                  << "...) on 802.11ax, F = " << capacity / 1e9 << " GFLOP/s, " << frameRate
                  << " frames/s, deadline " << g_deadline * 1e3 << " ms, " << simTime
                  << " s per policy\n";
        std::cout << std::left << std::setw(36) << "policy" << std::right << std::setw(7)
                  << "issued" << std::setw(7) << "compl" << std::setw(7) << "fallb" << std::setw(6)
                  << "fail" << std::setw(10) << "mean ms" << std::setw(10) << "p95 ms"
                  << std::setw(11) << "offloaded" << std::setw(14) << "deadline met"
                  << "\n";
        for (const auto& policy : compared)
        {
            // identical randomness for every policy
            RngSeedManager::SetSeed(1);
            RngSeedManager::SetRun(1);
            g_stats = PolicyStats();

            DnnSurgeryTopologyHelper topo;
            topo.SetGeometry(60, 10);
            DnnSurgeryTopology t = topo.BuildWifi(nDevices);
            topo.AssignStreams(1);

            DnnSurgeryHelper dds;
            dds.SetPolicy(policy); // a short name, a TypeId name, or either with attributes
            dds.SetServerAttribute("Capacity", DoubleValue(capacity));
            dds.SetDeviceAttribute("FrameRate", DoubleValue(frameRate));
            dds.SetDeviceAttribute("Arrival", StringValue("poisson"));
            dds.SetDeviceAttribute("FrameDeadline", BooleanValue(true)); // judged on 1 / rate
            ApplicationContainer apps = dds.InstallServer(t.server);
            ApplicationContainer devices;
            for (uint32_t i = 0; i < nDevices; ++i)
            {
                dds.SetDeviceAttribute("Model", StringValue(models[i % models.size()]));
                devices.Add(
                    dds.InstallDevices(NodeContainer(t.devices.Get(i)), {t.serverAddress[i]}, i));
            }
            dds.ConnectWifiLinkState(devices);
            dds.AssignStreams(t.devices, 1000);
            apps.Add(devices);
            apps.Start(Seconds(0.5));
            apps.Stop(Seconds(simTime));
            Config::ConnectWithoutContext(
                "/NodeList/*/ApplicationList/*/$ns3::MobileDeviceApplication/Request",
                MakeCallback(&OnRequest));

            Simulator::Stop(Seconds(simTime + 0.1));
            Simulator::Run();
            uint64_t issued = 0;
            for (const auto& app : dds.GetDevices())
            {
                uint64_t n;
                uint64_t c;
                uint64_t f;
                uint64_t x;
                uint64_t inFlight;
                app->GetCounts(n, c, f, x, inFlight);
                issued += n;
            }
            Simulator::Destroy();

            std::vector<double>& l = g_stats.latencies;
            std::sort(l.begin(), l.end());
            double mean = 0;
            for (double v : l)
            {
                mean += v / l.size();
            }
            double p95 = l.empty() ? 0 : l[std::min(l.size() - 1, (95 * l.size() + 99) / 100 - 1)];
            uint64_t resolved = g_stats.completed + g_stats.fallback + g_stats.failed;
            if (resolved != issued)
            {
                throw DnnSurgeryError("policy '" + policy + "': " + std::to_string(issued) +
                                      " issued but " + std::to_string(resolved) + " traced");
            }
            std::cout << std::left << std::setw(36) << policy << std::right << std::setw(7)
                      << issued << std::setw(7) << g_stats.completed << std::setw(7)
                      << g_stats.fallback << std::setw(6) << g_stats.failed << std::fixed
                      << std::setprecision(1) << std::setw(10) << mean * 1e3 << std::setw(10)
                      << p95 * 1e3 << std::setw(10)
                      << (issued ? 100.0 * g_stats.offloaded / issued : 0) << "%" << std::setw(13)
                      << (issued ? 100.0 * g_stats.met / issued : 0) << "%" << std::endl;
        }
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
