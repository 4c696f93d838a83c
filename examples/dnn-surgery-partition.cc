/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Partitions one DNN between a device and a server share with every placement policy and prints
 * each placement (layers on each side, the cut tensors) and its latency breakdown
 * (formulation sections 2-4, 6). No simulation: the rates are given on the command line.
 *
 * Example:
 *   dnn-surgery-partition --model=resnet18 --device=rpi4 --server=edge-gpu --share=2e12
 *     --uplink=50e6 --downlink=100e6 --rtt=0.01
 */

#include "ns3/command-line.h"
#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/partition-policy.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

/// Throw unless x is finite and > 0 (or >= 0 when `zeroOk`).
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

/// \return the names of the tensors crossing the cut (device layer with a server consumer)
std::string
CutTensors(const DnnGraph& g, const Placement& p, std::size_t* count)
{
    std::string s;
    *count = 0;
    for (std::size_t u = 0; u < g.GetNLayers(); ++u)
    {
        if (p.onServer[u])
        {
            continue;
        }
        for (std::size_t w : g.GetSuccessors(u))
        {
            if (p.onServer[w])
            {
                ++*count;
                if (*count <= 6)
                {
                    s += (s.empty() ? "" : ", ") + g.GetLayer(u).name;
                }
                break;
            }
        }
    }
    if (*count > 6)
    {
        s += ", ... (" + std::to_string(*count) + " tensors)";
    }
    return s.empty() ? "-" : s;
}

/// Run the example; throws DnnSurgeryError on bad input.
int
Run(int argc, char* argv[])
{
    std::string model = "resnet18";
    std::string device = "rpi4";
    std::string server = "edge-gpu";
    double share = -1;
    double uplink = 50e6;
    double downlink = 100e6;
    double rtt = 0.01;
    CommandLine cmd(__FILE__);
    cmd.AddValue("model", "model name (in scenarios/models) or profile path", model);
    cmd.AddValue("device", "device class: rpi4, jetson-nano, phone, measured:<name>", device);
    cmd.AddValue("server", "server class: edge-gpu, cpu-server, ...", server);
    cmd.AddValue("share", "server share f in FLOP/s (default: the whole server)", share);
    cmd.AddValue("uplink", "uplink rate r in bit/s", uplink);
    cmd.AddValue("downlink", "downlink rate r' in bit/s", downlink);
    cmd.AddValue("rtt", "round-trip time in seconds", rtt);
    cmd.Parse(argc, argv);

    DnnGraph graph = DnnGraphReader::ReadFile(DnnGraphReader::FindModel(model));
    ComputeProfile dev = ComputeProfile::Get(device);
    ComputeProfile srv = ComputeProfile::Get(server);
    if (share < 0 && share != -1)
    {
        CheckArg("share", share, true);
    }
    double f = share == -1 ? srv.GetFlopsPerSecond() : share;
    CheckArg("share", f, true);
    CheckArg("uplink", uplink, false);
    CheckArg("downlink", downlink, false);
    CheckArg("rtt", rtt, true);

    MinCutPartitioner mc(graph, dev, srv, LinkRates{uplink, downlink, rtt});
    PartitionEnvelope env = mc.ComputeEnvelope(std::max(f, srv.GetFlopsPerSecond()));

    std::printf("model %s: %zu layers, %.3f GFLOP, input %.0f bytes\n",
                graph.GetName().c_str(),
                graph.GetNLayers(),
                graph.GetTotalFlops() / 1e9,
                graph.GetInputBytes());
    std::printf("device %s (%.1f GFLOP/s nominal), server %s (%.1f GFLOP/s), share f = %.4g "
                "FLOP/s\n",
                dev.GetName().c_str(),
                dev.GetFlopsPerSecond() / 1e9,
                srv.GetName().c_str(),
                srv.GetFlopsPerSecond() / 1e9,
                f);
    std::printf("link: uplink %.4g bit/s, downlink %.4g bit/s, RTT %.4g s\n\n",
                uplink,
                downlink,
                rtt);
    std::printf("%-13s %5s %5s %10s %10s %10s %12s %10s %12s %12s\n",
                "policy",
                "dev",
                "srv",
                "device_ms",
                "upload_ms",
                "server_ms",
                "dl+rtt_ms",
                "total_ms",
                "bytes_up",
                "bytes_down");
    std::vector<std::pair<std::string, std::string>> cuts;
    for (const auto& name : PartitionPolicy::GetNames())
    {
        auto policy = PartitionPolicy::Create(name);
        PartitionResult r = policy->Choose(mc, env, f);
        const PartitionCost& c = r.cost;
        double serverTime = c.ServerTime(f);
        std::printf("%-13s %5zu %5zu %10.3f %10.3f %10.3f %12.3f %10.3f %12.0f %12.0f\n",
                    name.c_str(),
                    c.deviceLayers,
                    c.serverLayers,
                    c.deviceTime * 1e3,
                    c.uploadTime * 1e3,
                    serverTime * 1e3,
                    (c.downloadTime + c.rtt) * 1e3,
                    c.Latency(f) * 1e3,
                    c.bytesUp,
                    c.bytesDown);
        std::size_t n = 0;
        cuts.emplace_back(name, CutTensors(graph, r.placement, &n));
    }
    std::printf("\ncut tensors (device -> server):\n");
    for (const auto& [name, t] : cuts)
    {
        std::printf("  %-13s %s\n", name.c_str(), t.c_str());
    }
    std::printf("\nenvelope: %zu offloading candidates (%zu min-cuts), T*(f) = A + B/f:\n",
                env.GetCandidates().size(),
                env.GetMinCutCount());
    std::printf("  local          A = %.3f ms\n", env.GetLocal().cost.A() * 1e3);
    for (const auto& c : env.GetCandidates())
    {
        std::printf("  %3zu on server  A = %.3f ms, B = %.4g FLOP\n",
                    c.cost.serverLayers,
                    c.cost.A() * 1e3,
                    c.cost.B());
    }
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
