/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-comparison.h"

#include "dnn-surgery-helper.h"
#include "dnn-surgery-output-helper.h"
#include "dnn-surgery-result-recorder.h"
#include "dnn-surgery-topology-helper.h"
#include "scenario-reader.h"

#include "ns3/boolean.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/double.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/result-summary.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulation-interrupt.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// \return a rate in bit/s as an ns-3 DataRate string
std::string
Rate(double bps)
{
    return std::to_string(static_cast<uint64_t>(std::llround(bps))) + "bps";
}

/// Wall-clock seconds since a time point.
double
Since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

ComparisonRun
DnnSurgeryComparison::RunOne(const Scenario& s,
                             const std::string& policy,
                             uint64_t seed,
                             uint64_t runNumber,
                             ResultStore& store,
                             const std::string& gitCommit)
{
    ComparisonRun out;
    out.policy = policy;
    out.seed = seed;
    out.runNumber = runNumber;
    out.sweepValue = s.sweepValue;

    RunInfo info;
    info.scenarioName = s.name;
    info.policy = policy;
    info.seed = seed;
    info.runNumber = runNumber;
    info.sweepParameter = s.sweepValue.empty() ? "" : s.sweep.parameter;
    info.sweepValue = s.sweepValue;
    info.gitCommit = gitCommit;
    info.scenarioText = s.json;
    info.simDuration = s.duration;

    auto t0 = std::chrono::steady_clock::now();
    double write0 = store.GetWriteSeconds();
    out.runId = store.BeginRun(info);
    try
    {
        // identical randomness for every policy: same seed and run, fixed stream indices
        RngSeedManager::SetSeed(static_cast<uint32_t>(seed));
        RngSeedManager::SetRun(runNumber);

        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t;
        if (s.network.type == "wifi")
        {
            topo.SetNAps(s.network.accessPoints);
            topo.SetBackhaul(s.network.backhaul == "csma" ? DnnSurgeryTopologyHelper::BACKHAUL_CSMA
                                                          : DnnSurgeryTopologyHelper::BACKHAUL_P2P,
                             Rate(s.network.backhaulRate),
                             Seconds(s.network.backhaulDelay));
            topo.SetMobility(DnnSurgeryTopologyHelper::ParseMobility(s.mobility.model),
                             s.mobility.speed);
            topo.SetGeometry(s.network.apSpacing, s.devices.maxDistance);
            t = topo.BuildWifi(s.devices.count);
        }
        else
        {
            t = topo.BuildPointToPoint(s.devices.count,
                                       Rate(s.network.p2pRate),
                                       Seconds(s.network.p2pDelay));
        }
        topo.AssignStreams(1);

        DnnSurgeryHelper dds;
        dds.SetPolicy(policy);
        dds.SetServerAttribute("Capacity", DoubleValue(s.server.capacity));
        dds.SetServerAttribute("P0", DoubleValue(s.server.p0));
        dds.SetServerAttribute("Kappa", DoubleValue(s.server.kappa));
        dds.SetServerAttribute("Epsilon", DoubleValue(s.game.epsilon));
        dds.SetServerAttribute("MaxRounds", UintegerValue(s.game.maxRounds));
        dds.SetServerAttribute("ComputeMode", StringValue(s.server.sharing));
        dds.SetDeviceAttribute("DeviceProfile", StringValue(s.devices.deviceClass));
        dds.SetDeviceAttribute("ServerProfile", StringValue(s.server.serverClass));
        dds.SetDeviceAttribute("Lambda", DoubleValue(s.devices.lambda));
        dds.SetDeviceAttribute("Arrival", StringValue(s.devices.pattern));
        dds.SetDeviceAttribute("FrameRate", DoubleValue(s.devices.rate));
        dds.SetDeviceAttribute("RequestTimeout", TimeValue(Seconds(s.devices.timeout)));
        dds.SetDeviceAttribute("RateChangeThreshold", DoubleValue(s.game.rateThreshold));
        dds.SetDeviceAttribute("Deadline", TimeValue(Seconds(s.devices.deadline)));
        dds.SetDeviceAttribute("FrameDeadline", BooleanValue(s.devices.frameDeadline));

        ApplicationContainer apps = dds.InstallServer(t.server);
        ApplicationContainer devices;
        for (uint32_t i = 0; i < s.devices.count; ++i)
        {
            dds.SetDeviceAttribute("Model", StringValue(s.devices.GetModel(i)));
            devices.Add(
                dds.InstallDevices(NodeContainer(t.devices.Get(i)), {t.serverAddress[i]}, i));
        }
        dds.ConnectWifiLinkState(devices);
        dds.AssignStreams(t.devices, 1000);
        apps.Add(devices);
        apps.Start(Seconds(0.5));
        apps.Stop(Seconds(s.duration));

        DnnSurgeryResultRecorder recorder(store, s.server.p0, s.server.kappa);
        for (const auto& server : dds.GetServers())
        {
            recorder.ConnectServer(server);
        }
        for (uint32_t i = 0; i < s.devices.count; ++i)
        {
            recorder.ConnectDevice(dds.GetDevices()[i]);
            DeviceRecord d;
            d.device = i;
            d.nodeId = t.devices.Get(i)->GetId();
            d.model = s.devices.GetModel(i);
            d.deviceClass = s.devices.deviceClass;
            d.lambda = s.devices.lambda;
            d.pattern = s.devices.pattern;
            d.requestRate = s.devices.rate;
            if (Ptr<MobilityModel> m = t.devices.Get(i)->GetObject<MobilityModel>())
            {
                d.x = m->GetPosition().x;
                d.y = m->GetPosition().y;
            }
            d.joinTime = 0.5;
            store.AddDevice(d);
        }

        // pcap, FlowMonitor, NetAnim, one set of files per run
        DnnSurgeryOutputHelper outputs;
        const std::string tag = "-" + DnnSurgeryOutputHelper::FileSafe(policy) + "-" +
                                std::to_string(seed) + "-" + std::to_string(runNumber);
        NodeContainer all = NodeContainer::GetGlobal();
        if (!s.output.pcap.empty())
        {
            outputs.EnablePcap(s.output.pcap + tag, all);
        }
        if (!s.output.flowMonitor.empty())
        {
            UintegerValue port;
            dds.GetServers().at(0)->GetAttribute("Port", port);
            outputs.EnableFlowMonitor(s.output.flowMonitor + tag + ".xml",
                                      all,
                                      static_cast<uint16_t>(port.Get()));
        }
        if (!s.output.netanim.empty())
        {
            outputs.EnableNetAnim(s.output.netanim + tag + ".xml");
        }

        Simulator::Stop(Seconds(s.duration + 0.1));
        SimulationInterrupt::Watch(MilliSeconds(50));
        Simulator::Run();
        if (SimulationInterrupt::IsRequested())
        {
            const std::string what = "interrupted by " + SimulationInterrupt::GetSignalName() +
                                     " at simulated time " +
                                     std::to_string(Simulator::Now().GetSeconds()) + " s of " +
                                     std::to_string(s.duration) + " s";
            Simulator::Destroy();
            store.MarkInterrupted(what, Since(t0));
            throw DnnSurgeryInterrupted(SimulationInterrupt::GetSignal(),
                                        "run " + std::to_string(out.runId) + " (" + policy + ") " +
                                            what);
        }
        outputs.Finish();
        for (const auto& [kind, f] : outputs.GetFlowSummary())
        {
            const std::string k = "flow." + kind + ".";
            store.AddMetric(k + "flows", f.flows);
            store.AddMetric(k + "tx_bytes", static_cast<double>(f.txBytes));
            store.AddMetric(k + "rx_bytes", static_cast<double>(f.rxBytes));
            store.AddMetric(k + "tx_packets", static_cast<double>(f.txPackets));
            store.AddMetric(k + "rx_packets", static_cast<double>(f.rxPackets));
            store.AddMetric(k + "lost_packets", static_cast<double>(f.lostPackets));
            store.AddMetric(k + "mean_delay_s",
                            f.rxPackets > 0 ? f.delaySum / static_cast<double>(f.rxPackets) : 0);
        }

        uint64_t reentered = 0;
        uint64_t kept = 0;
        for (uint32_t i = 0; i < s.devices.count; ++i)
        {
            uint64_t r = 0;
            uint64_t k = 0;
            dds.GetDevices()[i]->GetReentryCounts(r, k);
            reentered += r;
            kept += k;
        }
        // envelope recomputations after the join: re-entered the game / kept the share
        store.AddMetric("game.reentries", static_cast<double>(reentered));
        store.AddMetric("game.reentries_skipped", static_cast<double>(kept));
        for (uint32_t i = 0; i < s.devices.count; ++i)
        {
            std::array<uint64_t, 5> c{};
            dds.GetDevices()[i]->GetCounts(c[0], c[1], c[2], c[3], c[4]);
            out.appCounts.push_back(c);
            out.recordedCounts.push_back({recorder.GetCount(i, RequestOutcome::COMPLETED),
                                          recorder.GetCount(i, RequestOutcome::FALLBACK),
                                          recorder.GetCount(i, RequestOutcome::FAILED)});
        }
        Simulator::Destroy();
        out.wallSeconds = Since(t0);
        store.EndRun(true, out.wallSeconds);
    }
    catch (const DnnSurgeryInterrupted&)
    {
        throw;
    }
    catch (const std::exception& e)
    {
        Simulator::Destroy();
        try
        {
            store.MarkFailed(e.what());
        }
        catch (const std::exception& again)
        {
            // the database refuses even the status update (e.g. the file cannot grow): say both
            throw DnnSurgeryError(std::string(e.what()) +
                                  "; the run could not be marked failed either: " + again.what());
        }
        throw;
    }
    out.writeSeconds = store.GetWriteSeconds() - write0;
    out.wallSeconds = Since(t0);
    return out;
}

std::vector<ComparisonRun>
DnnSurgeryComparison::RunAll(const Scenario& scenario,
                             ResultStore& store,
                             const std::string& gitCommit,
                             std::ostream* progress)
{
    std::vector<ComparisonRun> runs;
    for (const Scenario& s : ScenarioReader::ExpandSweep(scenario))
    {
        for (uint64_t seed : s.seeds)
        {
            for (uint32_t run = 1; run <= s.runs; ++run)
            {
                for (const auto& policy : s.policies)
                {
                    if (SimulationInterrupt::IsRequested())
                    {
                        throw DnnSurgeryInterrupted(
                            SimulationInterrupt::GetSignal(),
                            "stopped by " + SimulationInterrupt::GetSignalName() + " between runs");
                    }
                    ComparisonRun r = RunOne(s, policy, seed, run, store, gitCommit);
                    if (progress)
                    {
                        *progress << "run " << r.runId << ": " << s.name;
                        if (!s.sweepValue.empty())
                        {
                            *progress << " " << s.sweep.parameter << "=" << s.sweepValue;
                        }
                        *progress << " seed " << seed << " run " << run << " " << policy << " ("
                                  << std::fixed << std::setprecision(1) << r.wallSeconds << " s)"
                                  << std::endl;
                    }
                    runs.push_back(r);
                }
            }
        }
    }
    return runs;
}

void
DnnSurgeryComparison::PrintTable(const std::string& dbPath,
                                 const std::vector<int64_t>& runIds,
                                 std::ostream& os)
{
    std::set<int64_t> wanted(runIds.begin(), runIds.end());
    std::vector<RunSummary> all;
    for (const auto& r : ResultSummary::Read(dbPath))
    {
        if (wanted.count(r.runId))
        {
            all.push_back(r);
        }
    }
    // group by sweep value (in run order), then policy (in run order)
    std::vector<std::string> values;
    for (const auto& r : all)
    {
        if (std::find(values.begin(), values.end(), r.sweepValue) == values.end())
        {
            values.push_back(r.sweepValue);
        }
    }
    auto key = [](const RunSummary& r) { return std::make_pair(r.seed, r.runNumber); };
    for (const auto& value : values)
    {
        std::vector<std::string> policies;
        std::map<std::string, std::vector<const RunSummary*>> byPolicy;
        std::map<std::pair<uint64_t, uint64_t>, const RunSummary*> dds;
        std::map<std::pair<uint64_t, uint64_t>, const RunSummary*> optimum;
        for (const auto& r : all)
        {
            if (r.sweepValue != value)
            {
                continue;
            }
            if (!byPolicy.count(r.policy))
            {
                policies.push_back(r.policy);
            }
            byPolicy[r.policy].push_back(&r);
            if (r.policy == "dds")
            {
                dds[key(r)] = &r;
            }
            if (r.policy == "optimum")
            {
                optimum[key(r)] = &r;
            }
        }
        const RunSummary& first = *byPolicy[policies[0]][0];
        os << "\nscenario " << first.scenario;
        if (!value.empty())
        {
            os << ", " << first.sweepParameter << " = " << value;
        }
        os << " (" << byPolicy[policies[0]].size() << " seed/run pair(s) per policy, "
           << first.devices << " devices, " << first.simDuration
           << " s simulated; figures are means over the pairs)\n";
        // the deadline-met column appears when the requests have deadlines
        bool deadlines = false;
        for (const auto& [pol, rs] : byPolicy)
        {
            for (const RunSummary* r : rs)
            {
                deadlines = deadlines || r->withDeadline > 0;
            }
        }
        os << std::left << std::setw(13) << "policy" << std::right << std::setw(7) << "issued"
           << std::setw(7) << "compl" << std::setw(6) << "fallb" << std::setw(6) << "fail";
        if (deadlines)
        {
            os << std::setw(7) << "met %";
        }
        os << std::setw(9) << "mean ms" << std::setw(9) << "p50 ms" << std::setw(9) << "p95 ms"
           << std::setw(9) << "p99 ms" << std::setw(10) << "payment" << std::setw(7) << "rounds"
           << std::setw(10) << "dds accel"
           << "\n";
        for (const auto& p : policies)
        {
            const auto& rs = byPolicy[p];
            double n = rs.size();
            double issued = 0;
            double completed = 0;
            double fallback = 0;
            double failed = 0;
            double mean = 0;
            double p50 = 0;
            double p95 = 0;
            double p99 = 0;
            double payment = 0;
            double rounds = 0;
            double accel = 0;
            int accelN = 0;
            double met = 0;
            int metN = 0;
            for (const RunSummary* r : rs)
            {
                issued += r->issued / n;
                completed += r->completed / n;
                fallback += r->fallback / n;
                failed += r->failed / n;
                mean += r->meanLatency / n;
                p50 += r->p50Latency / n;
                p95 += r->p95Latency / n;
                p99 += r->p99Latency / n;
                payment += r->payment / n;
                rounds += r->rounds / n;
                if (r->withDeadline > 0)
                {
                    met += r->deadlineMetRatio;
                    metN++;
                }
                auto it = dds.find(key(*r));
                if (it != dds.end() && it->second->meanLatency > 0)
                {
                    accel += r->meanLatency / it->second->meanLatency;
                    accelN++;
                }
            }
            os << std::left << std::setw(13) << p << std::right << std::fixed
               << std::setprecision(0) << std::setw(7) << issued << std::setw(7) << completed
               << std::setw(6) << fallback << std::setw(6) << failed << std::setprecision(1);
            if (deadlines)
            {
                if (metN > 0)
                {
                    os << std::setw(7) << 100 * met / metN;
                }
                else
                {
                    os << std::setw(7) << "-";
                }
            }
            os << std::setw(9) << mean * 1e3 << std::setw(9) << p50 * 1e3 << std::setw(9)
               << p95 * 1e3 << std::setw(9) << p99 * 1e3 << std::setprecision(3) << std::setw(10)
               << payment << std::setprecision(0) << std::setw(7) << rounds;
            if (accelN > 0)
            {
                os << std::setprecision(2) << std::setw(9) << accel / accelN << "x";
            }
            else
            {
                os << std::setw(10) << "-";
            }
            os << "\n";
        }
        // price of anarchy: sum over devices of mean latency at the equilibrium / at the optimum
        double poa = 0;
        int poaN = 0;
        for (const auto& [k, d] : dds)
        {
            auto it = optimum.find(k);
            if (it != optimum.end() && it->second->sumDeviceMeanLatency > 0)
            {
                poa += d->sumDeviceMeanLatency / it->second->sumDeviceMeanLatency;
                poaN++;
            }
        }
        if (poaN > 0)
        {
            os << "price of anarchy (sum of per-device mean latency, dds / optimum): "
               << std::setprecision(3) << poa / poaN << "\n";
        }
        os.unsetf(std::ios::fixed);
    }
    os << "(payment: money paid over the run by all devices, integral of f_i p(S) dt; "
          "accel: mean latency of the policy / of dds on the same seed; met %: requests that "
          "finished within their deadline, when they have one)\n";
}

std::vector<ComparisonTask>
DnnSurgeryComparison::ListTasks(const Scenario& scenario)
{
    std::vector<ComparisonTask> tasks;
    std::vector<Scenario> expanded = ScenarioReader::ExpandSweep(scenario);
    for (uint32_t v = 0; v < expanded.size(); ++v)
    {
        const Scenario& s = expanded[v];
        for (uint64_t seed : s.seeds)
        {
            for (uint32_t run = 1; run <= s.runs; ++run)
            {
                for (const auto& policy : s.policies)
                {
                    ComparisonTask t;
                    t.index = static_cast<uint32_t>(tasks.size());
                    t.sweepIndex = v;
                    t.sweepValue = s.sweepValue;
                    t.seed = seed;
                    t.runNumber = run;
                    t.policy = policy;
                    tasks.push_back(t);
                }
            }
        }
    }
    return tasks;
}

ComparisonRun
DnnSurgeryComparison::RunTask(const Scenario& scenario,
                              uint32_t task,
                              ResultStore& store,
                              const std::string& gitCommit)
{
    std::vector<ComparisonTask> tasks = ListTasks(scenario);
    if (task >= tasks.size())
    {
        throw DnnSurgeryError("task " + std::to_string(task) + " does not exist: scenario '" +
                              scenario.name + "' has " + std::to_string(tasks.size()) +
                              " task(s), 0.." + std::to_string(tasks.size() - 1) +
                              " (see --list-tasks)");
    }
    const ComparisonTask& t = tasks[task];
    Scenario s = ScenarioReader::ExpandSweep(scenario)[t.sweepIndex];
    return RunOne(s, t.policy, t.seed, t.runNumber, store, gitCommit);
}

std::string
DnnSurgeryComparison::FindGitCommit()
{
    if (const char* env = std::getenv("DNN_SURGERY_GIT_COMMIT"))
    {
        return env;
    }
    std::string cmd = "git -C '" + GetDnnSurgerySourceDir() + "' rev-parse HEAD 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
    {
        return "";
    }
    char buf[128] = {0};
    std::string out;
    if (fgets(buf, sizeof(buf), p))
    {
        out = buf;
    }
    pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    {
        out.pop_back();
    }
    return out.size() == 40 ? out : "";
}

} // namespace ns3
