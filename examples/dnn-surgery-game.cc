/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Fast analytic comparison of the server-share allocations (formulation, sections 5 and 6),
 * without packet-level simulation: N devices with a mix of bundled DNN models, device classes
 * and uplink rates share one MEC server of capacity F. Each device's envelope comes from the
 * min-cut partitioner; DDS is the equilibrium of sequential best responses; the baselines are
 * local, full-offload, neurosurgeon and dads at the equal share F/N, dads-greedy (placement for
 * the whole server, equal processor sharing among the offloaders) and the centralized social
 * optimum on a grid. Prints, per device, share, placement, latency and payment, then the mean
 * latency of every allocation, its acceleration (baseline mean / DDS mean), the rounds and the
 * potential per round of the dynamics, and the price of anarchy.
 *
 * Prices are given normalised to the server: --p0 is p0 F and --kappa is kappa F^2, i.e. the
 * cost in seconds (at lambda = 1) of renting the whole server at the base price, resp. the
 * congestion surcharge for it when the server is full.
 *
 * Example:
 *   dnn-surgery-game --nDevices=20 --models=resnet18,mobilenet_v2,vgg16
 *     --devices=rpi4,jetson-nano,phone --uplinkMinMbps=5 --uplinkMaxMbps=100 --p0=0.2
 *     --kappa=0.5
 */

#include "ns3/allocation-game.h"
#include "ns3/allocation-policy.h"
#include "ns3/command-line.h"
#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/game-player-adapter.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/partition-policy.h"
#include "ns3/social-optimum.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>

using namespace ns3;

namespace
{

/**
 * \brief Throw unless x is finite and > 0 (or >= 0 when zeroOk).
 * \param name the option
 * \param x the value
 * \param zeroOk whether 0 is allowed
 */
void
CheckArg(const std::string& name, double x, bool zeroOk)
{
    if (!std::isfinite(x) || x < 0 || (!zeroOk && x == 0))
    {
        std::ostringstream os;
        os << "command line: --" << name << ": must be finite and " << (zeroOk ? ">= 0" : "> 0")
           << " (got " << x << ")";
        throw DnnSurgeryError(os.str());
    }
}

/**
 * \brief Split a comma-separated list.
 * \param option the option (for the error message)
 * \param list the list
 * \return the non-empty items
 */
std::vector<std::string>
SplitList(const std::string& option, const std::string& list)
{
    std::vector<std::string> out;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    if (out.empty())
    {
        throw DnnSurgeryError("command line: --" + option + ": empty list");
    }
    return out;
}

/** One device of the example. */
struct Device
{
    std::string model;                         //!< model name
    std::string deviceClass;                   //!< device class
    LinkRates rates;                           //!< r_i, r'_i, RTT_i
    double lambda;                             //!< lambda_i
    std::shared_ptr<MinCutPartitioner> cutter; //!< its partitioner
    PartitionEnvelope envelope;                //!< its envelope
    GamePlayer player;                         //!< its game player
};

/** One allocation to report. */
struct Row
{
    std::string name;                   //!< allocation name
    std::vector<double> shares;         //!< f_i
    std::vector<std::string> placement; //!< placement label
    std::vector<double> latency;        //!< latency (s)
};

/**
 * \brief Label of a candidate index.
 * \param d the device
 * \param curve candidate index, -1 = local
 * \return "local" or "c<k>:<server layers>L"
 */
std::string
Label(const Device& d, int curve)
{
    if (curve < 0)
    {
        return "local";
    }
    return "c" + std::to_string(curve) + ":" +
           std::to_string(d.envelope.GetCandidates()[curve].cost.serverLayers) + "L";
}

/**
 * \brief Mean of a vector.
 * \param v the values
 * \return the mean
 */
double
Mean(const std::vector<double>& v)
{
    double s = 0;
    for (double x : v)
    {
        s += x;
    }
    return v.empty() ? 0.0 : s / v.size();
}

/**
 * \brief Run the example.
 * \param argc argument count
 * \param argv arguments
 * \return the exit code
 */
int
Run(int argc, char* argv[])
{
    uint32_t nDevices = 20;
    std::string models = "resnet18,mobilenet_v2,vgg16,googlenet,alexnet";
    std::string devices = "rpi4,jetson-nano,phone";
    std::string server = "edge-gpu";
    double uplinkMinMbps = 5;
    double uplinkMaxMbps = 100;
    double downlinkFactor = 2;
    double rttMs = 10;
    double capacity = -1;
    double p0 = 0.2;
    double kappa = 0.5;
    double lambda = 1;
    double lambdaMax = -1;
    double epsilon = 1e-6;
    uint32_t maxRounds = 1000;
    uint32_t gridLevels = 2000;
    std::string order = "fixed";
    uint64_t seed = 1;
    bool perDevice = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("nDevices", "number of devices N", nDevices);
    cmd.AddValue("models", "comma-separated models, assigned round-robin", models);
    cmd.AddValue("devices", "comma-separated device classes, assigned round-robin", devices);
    cmd.AddValue("server", "server class (its nominal rate is F unless --capacity)", server);
    cmd.AddValue("uplinkMinMbps", "smallest uplink rate r_i (Mbit/s)", uplinkMinMbps);
    cmd.AddValue("uplinkMaxMbps",
                 "largest uplink rate r_i (Mbit/s); log-uniform in between",
                 uplinkMaxMbps);
    cmd.AddValue("downlinkFactor", "r'_i = downlinkFactor x r_i", downlinkFactor);
    cmd.AddValue("rttMs", "RTT_i (ms)", rttMs);
    cmd.AddValue("capacity", "F in FLOP/s (default: the server's nominal rate)", capacity);
    cmd.AddValue("p0", "base price, normalised: p0 x F (seconds per whole server)", p0);
    cmd.AddValue("kappa", "congestion slope, normalised: kappa x F^2 (seconds)", kappa);
    cmd.AddValue("lambda", "lambda_i (all devices; the smallest if --lambdaMax)", lambda);
    cmd.AddValue("lambdaMax",
                 "if > lambda: lambda_i log-uniform in [lambda, lambdaMax]",
                 lambdaMax);
    cmd.AddValue("epsilon", "epsilon: absolute cost threshold of a move (s)", epsilon);
    cmd.AddValue("maxRounds", "round limit of the dynamics", maxRounds);
    cmd.AddValue("gridLevels", "K: share levels of the social optimum's grid", gridLevels);
    cmd.AddValue("order", "move order of the dynamics: fixed or random", order);
    cmd.AddValue("seed", "seed of the rates, the lambdas and the random order", seed);
    cmd.AddValue("perDevice", "print the per-device table", perDevice);
    cmd.Parse(argc, argv);

    if (nDevices < 1)
    {
        throw DnnSurgeryError("command line: --nDevices: must be >= 1 (got 0)");
    }
    CheckArg("uplinkMinMbps", uplinkMinMbps, false);
    CheckArg("uplinkMaxMbps", uplinkMaxMbps, false);
    if (uplinkMaxMbps < uplinkMinMbps)
    {
        throw DnnSurgeryError("command line: --uplinkMaxMbps: must be >= --uplinkMinMbps");
    }
    CheckArg("downlinkFactor", downlinkFactor, false);
    CheckArg("rttMs", rttMs, true);
    CheckArg("p0", p0, true);
    CheckArg("kappa", kappa, true);
    CheckArg("lambda", lambda, false);
    CheckArg("epsilon", epsilon, true);
    if (gridLevels < 1)
    {
        throw DnnSurgeryError("command line: --gridLevels: must be >= 1 (got 0)");
    }
    if (order != "fixed" && order != "random")
    {
        throw DnnSurgeryError("command line: --order: must be fixed or random (got " + order + ")");
    }
    const ComputeProfile srv = ComputeProfile::Get(server);
    if (capacity == -1)
    {
        capacity = srv.GetFlopsPerSecond();
    }
    CheckArg("capacity", capacity, false);

    GameParams params;
    params.capacity = capacity;
    params.p0 = p0 / capacity;
    params.kappa = kappa / (capacity * capacity);
    params.epsilon = epsilon;
    params.maxRounds = maxRounds;

    // Devices: models and classes round-robin, rates and lambdas from the seed.
    const auto modelList = SplitList("models", models);
    const auto classList = SplitList("devices", devices);
    std::map<std::string, DnnGraph> graphs;
    std::map<std::string, ComputeProfile> classes;
    for (const auto& m : modelList)
    {
        graphs.emplace(m, DnnGraphReader::ReadFile(DnnGraphReader::FindModel(m)));
    }
    for (const auto& c : classList)
    {
        classes.emplace(c, ComputeProfile::Get(c));
    }
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    std::vector<Device> devs(nDevices);
    std::vector<GamePlayer> players;
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Device& d = devs[i];
        d.model = modelList[i % modelList.size()];
        d.deviceClass = classList[i % classList.size()];
        const double up = 1e6 * uplinkMinMbps * std::pow(uplinkMaxMbps / uplinkMinMbps, u01(rng));
        d.rates = LinkRates{up, downlinkFactor * up, rttMs / 1000};
        const double lu = u01(rng);
        d.lambda = lambdaMax > lambda ? lambda * std::pow(lambdaMax / lambda, lu) : lambda;
        d.cutter = std::make_shared<MinCutPartitioner>(graphs.at(d.model),
                                                       classes.at(d.deviceClass),
                                                       srv,
                                                       d.rates);
        d.envelope = d.cutter->ComputeEnvelope(capacity);
        d.player = MakeGamePlayer(d.envelope, d.lambda);
        players.push_back(d.player);
    }

    std::printf("DDS allocation game: N = %u devices, server %s, F = %.4g FLOP/s\n",
                nDevices,
                srv.GetName().c_str(),
                capacity);
    std::printf("prices: p0 = %.4g (p0 F = %.4g s), kappa = %.4g (kappa F^2 = %.4g s), "
                "epsilon = %.3g s, order %s, seed %llu\n",
                params.p0,
                p0,
                params.kappa,
                kappa,
                epsilon,
                order.c_str(),
                static_cast<unsigned long long>(seed));
    std::printf("uplink %.3g..%.3g Mbit/s (log-uniform), downlink x%.3g, RTT %.3g ms\n\n",
                uplinkMinMbps,
                uplinkMaxMbps,
                downlinkFactor,
                rttMs);

    // DDS equilibrium.
    DynamicsOptions opt;
    opt.order = order == "random" ? DynamicsOptions::RANDOM_ORDER : DynamicsOptions::FIXED_ORDER;
    opt.seed = seed;
    const GameOutcome eq = AllocationGame::RunSequential(players, params, opt);
    const bool nash = AllocationGame::IsEpsilonNash(players, eq.shares, params);

    std::vector<Row> rows;
    auto fromAllocation = [&](const std::string& name, const Allocation& a) {
        Row r{name, a.shares, {}, a.latencies};
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            r.placement.push_back(Label(devs[i], a.curves[i]));
        }
        rows.push_back(r);
    };
    fromAllocation("dds", AllocationPolicy::FromShares(players, eq.shares));
    // Placement policies at the equal share F/N.
    const double equalShare = capacity / nDevices;
    for (const char* name : {"local", "full-offload", "neurosurgeon"})
    {
        auto policy = PartitionPolicy::Create(name);
        Row r{name, {}, {}, {}};
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            const PartitionResult p = policy->Choose(*devs[i].cutter, devs[i].envelope, equalShare);
            const bool offloads = p.cost.Offloads();
            r.shares.push_back(std::string(name) == "local" ? 0.0 : equalShare);
            r.placement.push_back(offloads ? "srv:" + std::to_string(p.cost.serverLayers) + "L"
                                           : "local");
            r.latency.push_back(p.cost.Latency(equalShare));
        }
        rows.push_back(r);
    }
    fromAllocation("dads",
                   AllocationPolicy::Create("equal")->AllocateWithPlacement(players, params));
    fromAllocation("dads-greedy",
                   AllocationPolicy::Create("greedy")->AllocateWithPlacement(players, params));
    const OptimumResult optimum = SocialOptimum::Solve(players, params, gridLevels);
    fromAllocation("optimum", AllocationPolicy::FromShares(players, optimum.shares));

    if (perDevice)
    {
        std::printf("%-3s %-13s %-12s %7s %6s | %-22s %9s %9s %9s | %-18s %9s | %-18s %9s | "
                    "%-18s %9s\n",
                    "i",
                    "model",
                    "device",
                    "up_Mbps",
                    "lambda",
                    "dds: share_GFLOPs",
                    "placement",
                    "lat_ms",
                    "payment",
                    "dads: share/plc",
                    "lat_ms",
                    "greedy: share/plc",
                    "lat_ms",
                    "optimum: share/plc",
                    "lat_ms");
        const Row& dds = rows[0];
        auto find = [&](const std::string& n) -> const Row& {
            return *std::find_if(rows.begin(), rows.end(), [&](const Row& r) {
                return r.name == n;
            });
        };
        const Row& dads = find("dads");
        const Row& greedy = find("dads-greedy");
        const Row& opt2 = find("optimum");
        const double total = AllocationGame::Sum(eq.shares);
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            auto cell = [&](const Row& r) {
                char buf[64];
                std::snprintf(buf,
                              sizeof(buf),
                              "%8.2f %-9s",
                              r.shares[i] / 1e9,
                              r.placement[i].c_str());
                return std::string(buf);
            };
            std::printf("%-3u %-13s %-12s %7.2f %6.3g | %22.3f %9s %9.2f %9.4f | %-18s %9.2f | "
                        "%-18s %9.2f | %-18s %9.2f\n",
                        i,
                        devs[i].model.c_str(),
                        devs[i].deviceClass.c_str(),
                        devs[i].rates.uplinkBps / 1e6,
                        devs[i].lambda,
                        dds.shares[i] / 1e9,
                        dds.placement[i].c_str(),
                        dds.latency[i] * 1e3,
                        AllocationGame::Payment(eq.shares[i], total, params),
                        cell(dads).c_str(),
                        dads.latency[i] * 1e3,
                        cell(greedy).c_str(),
                        greedy.latency[i] * 1e3,
                        cell(opt2).c_str(),
                        opt2.latency[i] * 1e3);
        }
        std::printf("(placement: local, or c<k>:<n>L = envelope candidate k with n layers on the "
                    "server; payment = f_i (p0 + kappa S), in seconds at lambda = 1)\n\n");
    }

    std::printf("dynamics: %s after %u rounds, %u moves, epsilon-NE check: %s\n",
                eq.stopReason.c_str(),
                eq.rounds,
                eq.moves,
                nash ? "passed" : "FAILED");
    std::printf("Phi per round:");
    for (double phi : eq.potential)
    {
        std::printf(" %.6g", phi);
    }
    std::printf("\n\n");

    const double ddsMean = Mean(rows[0].latency);
    std::printf("%-13s %12s %12s %12s %14s %12s\n",
                "allocation",
                "mean_ms",
                "max_ms",
                "offloading",
                "used_F_%",
                "accel(x)");
    for (const Row& r : rows)
    {
        const double mean = Mean(r.latency);
        uint32_t offloading = 0;
        for (const auto& p : r.placement)
        {
            offloading += p != "local" ? 1 : 0;
        }
        double used = 0;
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            used += r.placement[i] != "local" ? r.shares[i] : 0.0;
        }
        std::printf("%-13s %12.2f %12.2f %12u %14.1f %12.3f\n",
                    r.name.c_str(),
                    mean * 1e3,
                    *std::max_element(r.latency.begin(), r.latency.end()) * 1e3,
                    offloading,
                    100 * used / capacity,
                    mean / ddsMean);
    }
    std::printf("(accel = mean latency of the allocation / mean latency of dds; "
                "share-based rows use F/N = %.4g FLOP/s)\n\n",
                equalShare);

    const PriceOfAnarchyResult poa =
        SocialOptimum::PriceOfAnarchy(players, params, eq.shares, optimum);
    std::printf("price of anarchy (grid K = %u): snapped %.4f, exact %.4f, true PoA in "
                "[%.4f, %.4f]\n",
                gridLevels,
                poa.poaGrid,
                poa.poaExact,
                poa.poaLow,
                poa.poaHigh);
    std::printf("sum of latencies: dds %.4f s, dds on grid %.4f s, optimum on grid %.4f s, "
                "optimum in [%.4f, %.4f] s\n",
                poa.equilibriumSum,
                poa.equilibriumGridSum,
                poa.optimumGridSum,
                poa.optimumLower,
                poa.optimumUpper);
    std::printf("acceleration of dds over dads (equal share): %.3fx\n",
                Mean(rows[std::find_if(rows.begin(),
                                       rows.end(),
                                       [](const Row& r) { return r.name == "dads"; }) -
                          rows.begin()]
                         .latency) /
                    ddsMean);
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        return Run(argc, argv);
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
}
