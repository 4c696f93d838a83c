/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-comparison.h"

#include "dnn-surgery-helper.h"
#include "dnn-surgery-output-helper.h"
#include "dnn-surgery-result-recorder.h"
#include "dnn-surgery-topology-helper.h"
#include "scenario-reader.h"

#include "ns3/allocation-game.h"
#include "ns3/boolean.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/double.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/result-summary.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-statistics.h"
#include "ns3/simulation-interrupt.h"
#include "ns3/simulator.h"
#include "ns3/social-optimum.h"
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

/// The servers' compute accounting, summed over the servers, at one time.
struct ServerUsage
{
    double work{0};         //!< FLOP done
    double idleReserved{0}; //!< integral of the idle reserved capacity (FLOP)
    double busy{0};         //!< busy time (s)
    double running{0};      //!< running time (s)
    double capacityTime{0}; //!< sum of F x running time (FLOP)
};

/// \return the accounting of the servers now
ServerUsage
GetServerUsage(const std::vector<Ptr<MecServerApplication>>& servers)
{
    ServerUsage u;
    for (const auto& server : servers)
    {
        u.work += server->GetWorkDone();
        u.idleReserved += server->GetIdleReservedIntegral();
        u.busy += server->GetBusyTime();
        u.running += server->GetRunningTime();
        u.capacityTime += server->GetCapacity() * server->GetRunningTime();
    }
    return u;
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
    info.warmup = s.warmup;

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
        if (s.network.type == "wifi" || s.network.type == "lte")
        {
            topo.SetNAps(s.network.accessPoints);
            topo.SetBackhaul(s.network.backhaul == "csma" ? DnnSurgeryTopologyHelper::BACKHAUL_CSMA
                                                          : DnnSurgeryTopologyHelper::BACKHAUL_P2P,
                             Rate(s.network.backhaulRate),
                             Seconds(s.network.backhaulDelay));
            topo.SetMobility(DnnSurgeryTopologyHelper::ParseMobility(s.mobility.model),
                             s.mobility.speed);
            topo.SetGeometry(s.network.apSpacing, s.devices.maxDistance);
            topo.SetPath(s.mobility.path.size() >= 2
                             ? s.mobility.path
                             : std::vector<Vector>{Vector(0, 0, 0), Vector(1, 0, 0)},
                         s.mobility.spread);
            topo.SetNs2Trace(s.ResolveTrace());
            if (s.network.type == "wifi")
            {
                topo.SetRoaming(s.network.roaming);
                topo.SetWifiTxPower(s.network.wifiTxPower);
                topo.SetPerApServers(s.server.placement == "per-cell");
                t = topo.BuildWifi(s.devices.count);
            }
            else
            {
                DnnSurgeryLteSettings lte;
                lte.enbs = s.network.enbs;
                lte.layout = s.network.layout;
                lte.interSiteDistance = s.network.interSiteDistance;
                lte.handover = s.network.handover;
                lte.hysteresis = s.network.hysteresis;
                lte.timeToTrigger = s.network.timeToTrigger;
                lte.servingCellThreshold = s.network.servingCellThreshold;
                lte.neighbourCellOffset = s.network.neighbourCellOffset;
                lte.idealRrc = s.network.rrc == "ideal";
                lte.bandwidthRbs = s.network.bandwidthRbs;
                lte.enbTxPower = s.network.enbTxPower;
                lte.ueTxPower = s.network.ueTxPower;
                lte.rlcBufferBytes = s.network.rlcBufferBytes;
                lte.perCellServers = s.server.placement == "per-cell";
                topo.SetLte(lte);
                t = topo.BuildLte(s.devices.count);
            }
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

        dds.SetDeviceAttribute("MigrationInFlight", StringValue(s.server.migrationInFlight));
        ApplicationContainer apps;
        if (t.servers.GetN() > 1)
        {
            for (uint32_t k = 0; k < t.servers.GetN(); ++k)
            {
                apps.Add(dds.InstallServer(t.servers.Get(k)));
            }
        }
        else
        {
            apps.Add(dds.InstallServer(t.server));
        }
        ApplicationContainer devices;
        for (uint32_t i = 0; i < s.devices.count; ++i)
        {
            dds.SetDeviceAttribute("Model", StringValue(s.devices.GetModel(i)));
            devices.Add(
                dds.InstallDevices(NodeContainer(t.devices.Get(i)), {t.serverAddress[i]}, i));
        }
        if (!t.linkMonitors.empty())
        {
            dds.ConnectAccessLinks(devices, t.linkMonitors);
        }
        if (!t.cellServers.empty())
        {
            for (const auto& d : dds.GetDevices())
            {
                d->SetCellServers(t.cellServers);
            }
        }
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

        // the servers' accounting at the end of the warm-up (the window is [warmup, end])
        ServerUsage atWarmup;
        if (s.warmup > 0)
        {
            dnnsurgerycompat::Schedule(Seconds(s.warmup), [&atWarmup, &dds]() {
                atWarmup = GetServerUsage(dds.GetServers());
            });
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
        // what the statistics need to bill usage (FLOP x p(S)) and to judge utilisation
        store.AddMetric("server_capacity", s.server.capacity);
        store.AddMetric("price_p0", s.server.p0);
        store.AddMetric("request_timeout", s.devices.timeout);
        {
            // server_*: over [warmup, end] of the servers' running time
            ServerUsage end = GetServerUsage(dds.GetServers());
            double capacityTime = end.capacityTime - atWarmup.capacityTime;
            double running = end.running - atWarmup.running;
            if (s.warmup < s.duration && capacityTime > 0 && running > 0)
            {
                double work = end.work - atWarmup.work;
                store.AddMetric("server_work_flop", work);
                store.AddMetric("server_utilisation", work / capacityTime);
                store.AddMetric("server_idle_reserved",
                                (end.idleReserved - atWarmup.idleReserved) / capacityTime);
                store.AddMetric("server_busy_fraction", (end.busy - atWarmup.busy) / running);
            }
        }
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

        // The game's own objective at the end of the run (game policies only): sum_i J_i at the
        // final shares with each device's final envelope, lambda_i and measured mu_i, under the
        // device's cost model, against the minimum of sum_i J_i.
        std::vector<GamePlayer> players;
        std::vector<double> finalShares;
        for (const auto& device : dds.GetDevices())
        {
            GamePlayer p;
            if (device->GetGamePlayer(p))
            {
                players.push_back(p);
                finalShares.push_back(device->GetShare());
            }
        }
        if (!players.empty() && players.size() == dds.GetDevices().size())
        {
            GameParams gp{s.server.capacity, s.server.p0, s.server.kappa, s.game.epsilon, 1};
            AllocationGame::ClampToCapacity(finalShares, gp.capacity);
            GameObjectiveOptimum opt =
                SocialOptimum::SolveGameObjective(players, gp, 100, finalShares);
            GameObjectivePoaResult poa =
                SocialOptimum::GameObjectivePriceOfAnarchy(players, gp, finalShares, opt);
            store.AddMetric("game_sum_cost_ne", poa.equilibriumSum);
            store.AddMetric("game_sum_cost_opt", poa.optimumSum);
            store.AddMetric("game_poa", poa.poa);
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
        store.AddMetric("game_reentries", static_cast<double>(reentered));
        store.AddMetric("game_reentries_skipped", static_cast<double>(kept));
        if (!t.cellServers.empty())
        {
            double migrations = 0;
            for (const auto& d : dds.GetDevices())
            {
                migrations += d->GetMigrationCount();
            }
            // per-cell servers: migrations to another cell's server over the run
            store.AddMetric("migrations", migrations);
        }
        for (uint32_t i = 0; i < s.devices.count; ++i)
        {
            std::array<uint64_t, 6> c{};
            dds.GetDevices()[i]->GetCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
            out.appCounts.push_back(c);
            out.recordedCounts.push_back({recorder.GetCount(i, RequestOutcome::COMPLETED),
                                          recorder.GetCount(i, RequestOutcome::FALLBACK),
                                          recorder.GetCount(i, RequestOutcome::FAILED),
                                          recorder.GetCount(i, RequestOutcome::UNFINISHED)});
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

namespace
{

/**
 * \brief One table cell: mean and 95% half-width over runs ("96.5±3.2", "96.5" for one run,
 * "-" without data).
 * \param values one value per run (NaN = the run has no such figure)
 * \param scale factor applied before printing (1e3 for ms, 100 for %)
 * \param precision decimals
 * \return the cell text
 */
std::string
Cell(const std::vector<double>& values, double scale, int precision)
{
    MeanInterval m = RunStatistics::Interval(values);
    if (m.n == 0)
    {
        return "-";
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(precision) << m.mean * scale;
    if (!std::isnan(m.halfWidth))
    {
        os << "\u00b1" << m.halfWidth * scale;
    }
    return os.str();
}

/**
 * \brief Print a row of cells, the first left-aligned.
 * \param os stream
 * \param cells the cells
 * \param widths their widths (display characters)
 */
void
PrintRow(std::ostream& os, const std::vector<std::string>& cells, const std::vector<int>& widths)
{
    for (std::size_t c = 0; c < cells.size(); ++c)
    {
        // the ± sign is two bytes in UTF-8 and one column on the terminal
        int bytes = static_cast<int>(cells[c].size());
        int shown = bytes - static_cast<int>(std::count(cells[c].begin(), cells[c].end(), '\xc2'));
        int pad = std::max(1, widths[c] - shown);
        if (c == 0)
        {
            os << cells[c] << std::string(pad, ' ');
        }
        else
        {
            os << std::string(pad, ' ') << cells[c];
        }
    }
    os << "\n";
}

} // namespace

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
    bool anyMobile = false;
    for (const auto& value : values)
    {
        std::vector<std::string> policies;
        std::map<std::string, std::vector<const RunSummary*>> byPolicy;
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
            if (r.policy == "optimum")
            {
                optimum[key(r)] = &r;
            }
        }
        const RunSummary& first = *byPolicy[policies[0]][0];
        std::set<uint64_t> seeds;
        for (const RunSummary* r : byPolicy[policies[0]])
        {
            seeds.insert(r->seed);
        }
        os << "\nscenario " << first.scenario;
        if (!value.empty())
        {
            os << ", " << first.sweepParameter << " = " << value;
        }
        os << ": " << byPolicy[policies[0]].size() << " run(s) per policy (" << seeds.size()
           << " seed(s)), " << first.devices << " devices, " << first.simDuration
           << " s simulated, the first " << first.warmup
           << " s excluded (warm-up); mean\u00b195% CI half-width, Student t over run means\n";
        // the deadline-met column appears when the requests have deadlines
        bool deadlines = false;
        for (const auto& [pol, rs] : byPolicy)
        {
            for (const RunSummary* r : rs)
            {
                deadlines = deadlines || r->withDeadline > 0;
            }
        }
        auto collect = [&](const std::string& p, auto f) {
            std::vector<double> v;
            for (const RunSummary* r : byPolicy[p])
            {
                v.push_back(f(*r));
            }
            return v;
        };
        // 1. completion and latency
        std::vector<std::string> head1 = {"policy",
                                          "issued",
                                          "compl %",
                                          "failed",
                                          "left",
                                          "mean ms",
                                          "mean* ms",
                                          "p95 ms",
                                          "worst p95",
                                          "Jain"};
        std::vector<int> w1 = {13, 8, 12, 9, 8, 14, 14, 14, 14, 12};
        if (deadlines)
        {
            head1.emplace_back("met %");
            w1.push_back(12);
        }
        PrintRow(os, head1, w1);
        for (const auto& p : policies)
        {
            std::vector<std::string> row = {
                p,
                Cell(collect(p, [](const RunSummary& r) { return double(r.issued); }), 1, 0),
                Cell(collect(p, [](const RunSummary& r) { return r.completionRate; }), 100, 1),
                Cell(collect(p, [](const RunSummary& r) { return double(r.failed); }), 1, 0),
                Cell(collect(p, [](const RunSummary& r) { return double(r.unfinished); }), 1, 0),
                Cell(collect(p, [](const RunSummary& r) { return r.meanLatency; }), 1e3, 1),
                Cell(collect(p, [](const RunSummary& r) { return r.meanLatencyTimeout; }), 1e3, 1),
                Cell(collect(p, [](const RunSummary& r) { return r.p95Latency; }), 1e3, 1),
                Cell(collect(p, [](const RunSummary& r) { return r.worstDeviceP95; }), 1e3, 1),
                Cell(collect(p, [](const RunSummary& r) { return r.jainIndex; }), 1, 3)};
            if (deadlines)
            {
                row.push_back(
                    Cell(collect(p, [](const RunSummary& r) { return r.deadlineMetRatio; }),
                         100,
                         1));
            }
            PrintRow(os, row, w1);
        }
        // 2. what the game optimises, payments, the server
        os << "\n";
        std::vector<std::string> head2 = {"policy",
                                          "sum J s",
                                          "pay(res)",
                                          "pay(use)",
                                          "util %",
                                          "idle res %",
                                          "PoA(J)",
                                          "lat/opt",
                                          "pred err %",
                                          "rounds"};
        std::vector<int> w2 = {13, 14, 16, 16, 12, 12, 13, 13, 12, 8};
        PrintRow(os, head2, w2);
        for (const auto& p : policies)
        {
            std::vector<double> ratio;
            for (const RunSummary* r : byPolicy[p])
            {
                auto it = optimum.find(key(*r));
                ratio.push_back(it != optimum.end() && it->second->meanLatency > 0
                                    ? r->meanLatency / it->second->meanLatency
                                    : RunSummary::NONE);
            }
            PrintRow(
                os,
                {p,
                 Cell(collect(p, [](const RunSummary& r) { return r.sumCostPerRequest; }), 1, 3),
                 Cell(collect(p, [](const RunSummary& r) { return r.payment; }), 1, 4),
                 Cell(collect(p, [](const RunSummary& r) { return r.paymentUsage; }), 1, 4),
                 Cell(
                     collect(p, [](const RunSummary& r) { return r.Metric("server_utilisation"); }),
                     100,
                     1),
                 Cell(collect(p,
                              [](const RunSummary& r) { return r.Metric("server_idle_reserved"); }),
                      100,
                      1),
                 Cell(collect(p, [](const RunSummary& r) { return r.Metric("game_poa"); }), 1, 3),
                 Cell(ratio, 1, 2),
                 Cell(collect(p, [](const RunSummary& r) { return r.medianPredictionError; }),
                      100,
                      1),
                 Cell(collect(p, [](const RunSummary& r) { return double(r.rounds); }), 1, 0)},
                w2);
        }
        // 3. mobility, when a run had a handover
        bool mobile = false;
        for (const auto& [pol, rs] : byPolicy)
        {
            for (const RunSummary* r : rs)
            {
                mobile = mobile || r->handovers > 0;
            }
        }
        anyMobile = anyMobile || mobile;
        if (mobile)
        {
            os << "\n";
            std::vector<std::string> head3 = {"policy",
                                              "handovers",
                                              "ho failed",
                                              "gap ms",
                                              "crossed",
                                              "crossed fb",
                                              "lat crossed",
                                              "lat other"};
            std::vector<int> w3 = {13, 12, 11, 14, 12, 12, 16, 16};
            PrintRow(os, head3, w3);
            for (const auto& p : policies)
            {
                PrintRow(
                    os,
                    {p,
                     Cell(collect(p, [](const RunSummary& r) { return double(r.handovers); }),
                          1,
                          1),
                     Cell(collect(p, [](const RunSummary& r) { return double(r.handoversFailed); }),
                          1,
                          0),
                     Cell(collect(p, [](const RunSummary& r) { return r.medianInterruption; }),
                          1e3,
                          1),
                     Cell(collect(p, [](const RunSummary& r) { return double(r.crossed); }), 1, 1),
                     Cell(collect(p, [](const RunSummary& r) { return double(r.crossedFallback); }),
                          1,
                          1),
                     Cell(collect(p, [](const RunSummary& r) { return r.meanLatencyCrossed; }),
                          1e3,
                          1),
                     Cell(collect(p, [](const RunSummary& r) { return r.meanLatencyNotCrossed; }),
                          1e3,
                          1)},
                    w3);
            }
        }
    }
    os << "(compl %: requests with a result / requests resolved; left: requests still pending at "
          "the end, apart from failures; mean: over requests with a result; mean*: each failure "
          "counted at the request timeout; worst p95: the worst device's p95; Jain: fairness of "
          "the per-device mean latencies; sum J: sum over devices of latency* + lambda x "
          "reservation payment per request (s); pay(res): reservation billing, integral of "
          "f_i p(S) dt; pay(use): usage billing, server FLOP x p(S); util: server work / "
          "(F x time); idle res: reserved capacity left idle / F; PoA(J): the game's objective "
          "at its equilibrium / its optimum, from the devices' final models (game policies); "
          "lat/opt: mean latency / the latency-only optimum's, on the same seed and run; pred "
          "err: median over offloaded requests of |predicted - measured| / measured)\n";
    if (anyMobile)
    {
        os << "(mobility table, when a run had a handover: handovers started after the warm-up per "
              "run; ho failed: those that did not end in a cell; gap: median over handovers of the "
              "time from the handover start to the first data the application received after its "
              "end; crossed: requests resolved with a handover in progress at issue or started "
              "before they ended; crossed fb: of which fell back or failed; lat crossed / lat "
              "other: mean latency in ms of the crossed requests with a result and of the "
              "others)\n";
    }
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

std::vector<std::string>
DnnSurgeryComparison::VersionWarnings(const Scenario& scenario)
{
    std::vector<std::string> warnings;
    if (scenario.network.type != "wifi")
    {
        return warnings;
    }
    const std::string release = "ns-3." + std::to_string(DNN_SURGERY_NS3_VERSION % 100);
    if (dnnsurgerycompat::WIFI_LATE_ADDBA_RESPONSE_STALLS && scenario.network.roaming)
    {
        TypeId::AttributeInformation info;
        Time timeout;
        if (TypeId::LookupByName("ns3::QosTxop")
                .LookupAttributeByName("AddBaResponseTimeout", &info))
        {
            if (auto t = DynamicCast<const TimeValue>(info.initialValue))
            {
                timeout = t->Get();
            }
        }
        if (timeout < MilliSeconds(100))
        {
            std::ostringstream w;
            w << "warning: on " << release << " a station that re-associates can lose its "
              << "downlink for good when it answers the new AP's ADDBA request after "
              << "QosTxop::AddBaResponseTimeout (now " << timeout.As(Time::MS)
              << "); --ns3::QosTxop::AddBaResponseTimeout=100ms avoids it (doc: ns-3 "
              << "versions)";
            warnings.push_back(w.str());
        }
    }
    if (dnnsurgerycompat::WIFI_GROUP_INTERNAL_COLLISION_ASSERTS && !scenario.network.roaming &&
        scenario.mobility.model != "constant")
    {
        warnings.push_back("warning: on " + release +
                           " with asserts on, a moving station that "
                           "loses its AP can abort the run inside ns-3 "
                           "(FrameExchangeManager::NotifyInternalCollision on a "
                           "group-addressed frame); an optimized build only counts the frame "
                           "as failed (doc: ns-3 versions)");
    }
    return warnings;
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
