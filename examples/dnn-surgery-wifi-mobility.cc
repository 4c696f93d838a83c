/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * A few mobile devices on 802.11ax Wi-Fi with mobility run DNN inference requests against one
 * MEC server under a chosen policy; device 0 walks out of coverage and back. Prints, per
 * device, the mean and p95 end-to-end latency, the outcome counts, the final share, and the
 * server's allocation epochs (rounds, messages, simulated negotiation time).
 *
 *   ./dnn-surgery-wifi-mobility --nDevices=4 --policy=dds --simTime=20
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-module.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <vector>

using namespace ns3;

namespace
{

/// Per-device statistics of the run.
struct DeviceStats
{
    std::vector<double> latencies; //!< end-to-end latencies (s) of completed + fallback
    uint32_t completed{0};         //!< completed
    uint32_t fallback{0};          //!< fallback
    uint32_t failed{0};            //!< failed
    uint32_t offloaded{0};         //!< completed on the server
};

std::map<uint32_t, DeviceStats> g_stats;     //!< by device
std::vector<DnnSurgeryRoundRecord> g_rounds; //!< server epochs
bool g_verbose = false;                      //!< print every request

/**
 * \brief Request trace sink.
 * \param r the record
 */
void
OnRequest(const DnnSurgeryRequestRecord& r)
{
    DeviceStats& s = g_stats[r.deviceId];
    if (g_verbose)
    {
        std::cout << std::fixed << std::setprecision(4) << r.finished.GetSeconds() << " device "
                  << r.deviceId << " request " << r.requestId << " "
                  << DnnSurgeryRequestRecord::OutcomeName(r.outcome) << " " << r.reason
                  << " latency " << r.GetLatency().GetSeconds() << " predicted "
                  << r.predictedLatency << " up " << r.bytesUp << " B work " << r.serverWork / 1e9
                  << " GF share " << r.share / 1e9 << " GF/s" << std::endl;
    }
    switch (r.outcome)
    {
    case DnnSurgeryRequestRecord::COMPLETED:
        ++s.completed;
        s.offloaded += r.plan.offloads ? 1 : 0;
        s.latencies.push_back(r.GetLatency().GetSeconds());
        break;
    case DnnSurgeryRequestRecord::FALLBACK:
        ++s.fallback;
        s.latencies.push_back(r.GetLatency().GetSeconds());
        break;
    case DnnSurgeryRequestRecord::FAILED:
    case DnnSurgeryRequestRecord::UNFINISHED: // left at the end: counted with the failures here
        ++s.failed;
        break;
    }
}

/**
 * \brief Round trace sink.
 * \param r the record
 */
void
OnRound(const DnnSurgeryRoundRecord& r)
{
    g_rounds.push_back(r);
}

/**
 * \brief Percentile of a sample (nearest rank).
 * \param v values
 * \param q quantile in [0, 1]
 * \return the value
 */
double
Percentile(std::vector<double> v, double q)
{
    if (v.empty())
    {
        return 0;
    }
    std::sort(v.begin(), v.end());
    std::size_t k = static_cast<std::size_t>(std::ceil(q * v.size()));
    return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nDevices = 4;
    uint32_t nAps = 1;
    std::string policy = "dds";
    std::string model = "resnet18";
    std::string deviceProfile = "rpi4";
    std::string mobility = "random-walk";
    double simTime = 20;
    double frameRate = 2;
    double capacity = 2e12;
    double kappa = 1e-25;
    bool walkAway = true;
    bool poisson = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("nDevices", "number of mobile devices", nDevices);
    cmd.AddValue("nAps", "number of access points", nAps);
    cmd.AddValue("policy",
                 "local, full-offload, neurosurgeon, dads, dads-greedy, optimum or dds",
                 policy);
    cmd.AddValue("model", "bundled model name or profile path", model);
    cmd.AddValue("deviceProfile", "device compute profile", deviceProfile);
    cmd.AddValue("mobility", "constant, random-walk or random-waypoint", mobility);
    cmd.AddValue("simTime", "simulated seconds", simTime);
    cmd.AddValue("frameRate", "requests per second per device", frameRate);
    cmd.AddValue("poisson", "Poisson arrivals instead of periodic", poisson);
    cmd.AddValue("capacity", "server capacity F (FLOP/s)", capacity);
    cmd.AddValue("kappa", "price slope kappa", kappa);
    cmd.AddValue("verbose", "print every request", g_verbose);
    cmd.AddValue("walkAway", "device 0 walks out of coverage and back", walkAway);
    cmd.Parse(argc, argv);

    try
    {
        if (nDevices < 1)
        {
            throw DnnSurgeryError("command line: --nDevices: must be >= 1 (got " +
                                  std::to_string(nDevices) + ")");
        }
        if (!(simTime > 0))
        {
            throw DnnSurgeryError("command line: --simTime: must be > 0 (got " +
                                  std::to_string(simTime) + ")");
        }
        DnnSurgeryTopologyHelper topo;
        topo.SetNAps(nAps);
        topo.SetMobility(DnnSurgeryTopologyHelper::ParseMobility(mobility), 1.0);
        if (walkAway)
        {
            topo.AddWalkAway(0, Seconds(simTime * 0.25), 150, 20, Seconds(simTime * 0.15));
        }
        DnnSurgeryTopology t = topo.BuildWifi(nDevices);
        topo.AssignStreams(1);

        DnnSurgeryHelper dds;
        dds.SetPolicy(policy);
        dds.SetServerAttribute("Capacity", DoubleValue(capacity));
        dds.SetServerAttribute("Kappa", DoubleValue(kappa));
        dds.SetDeviceAttribute("Model", StringValue(model));
        dds.SetDeviceAttribute("DeviceProfile", StringValue(deviceProfile));
        dds.SetDeviceAttribute("FrameRate", DoubleValue(frameRate));
        dds.SetDeviceAttribute("Arrival", StringValue(poisson ? "poisson" : "periodic"));
        ApplicationContainer apps = dds.Install(t);
        dds.AssignStreams(t.devices, 1000);
        apps.Start(Seconds(0.5));
        apps.Stop(Seconds(simTime));
        dds.TraceRequests(MakeCallback(&OnRequest));
        dds.TraceRounds(MakeCallback(&OnRound));

        Simulator::Stop(Seconds(simTime + 0.1));
        Simulator::Run();

        std::cout << "policy " << policy << ", " << nDevices << " devices, model " << model << ", "
                  << simTime << " s" << std::endl;
        std::cout << std::setw(6) << "device" << std::setw(10) << "issued" << std::setw(10)
                  << "completed" << std::setw(10) << "offloaded" << std::setw(10) << "fallback"
                  << std::setw(8) << "failed" << std::setw(12) << "mean(ms)" << std::setw(12)
                  << "p95(ms)" << std::setw(14) << "share(GF/s)" << std::endl;
        bool identity = true;
        for (const auto& app : dds.GetDevices())
        {
            uint64_t issued;
            uint64_t completed;
            uint64_t fallback;
            uint64_t failed;
            uint64_t inFlight;
            app->GetCounts(issued, completed, fallback, failed, inFlight);
            identity = identity && issued == completed + fallback + failed && inFlight == 0;
            UintegerValue id;
            app->GetAttribute("DeviceId", id);
            DeviceStats& s = g_stats[id.Get()];
            double mean = 0;
            for (double l : s.latencies)
            {
                mean += l / s.latencies.size();
            }
            std::cout << std::setw(6) << id.Get() << std::setw(10) << issued << std::setw(10)
                      << completed << std::setw(10) << s.offloaded << std::setw(10) << fallback
                      << std::setw(8) << failed << std::setw(12) << std::fixed
                      << std::setprecision(1) << mean * 1e3 << std::setw(12)
                      << Percentile(s.latencies, 0.95) * 1e3 << std::setw(14)
                      << app->GetShare() / 1e9 << std::endl;
        }
        std::cout << "issued = completed + fallback + failed for every device: "
                  << (identity ? "yes" : "NO") << std::endl;
        std::cout << "allocation epochs: " << g_rounds.size() << std::endl;
        for (const auto& r : g_rounds)
        {
            std::cout << "  epoch " << r.epoch << " at " << std::setprecision(3)
                      << r.start.GetSeconds() << " s (" << r.trigger << "): N=" << r.nDevices
                      << " rounds=" << r.rounds << " messages=" << r.messages
                      << " bytes=" << r.controlBytes
                      << " took=" << (r.end - r.start).GetSeconds() * 1e3 << " ms"
                      << (r.aborted ? " aborted" : (r.converged ? " converged" : " round-limit"))
                      << " S=" << r.aggregate / 1e9 << " GF/s" << std::endl;
        }
        Simulator::Destroy();
        return identity ? 0 : 1;
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
}
