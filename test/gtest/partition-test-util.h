/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PARTITION_TEST_UTIL_H
#define PARTITION_TEST_UTIL_H

/**
 * \file
 * Helpers of the partitioner tests: random layer DAGs and an independent brute-force
 * implementation of the latency of formulation section 2 (it shares no code with
 * MinCutPartitioner::Evaluate).
 */

#include "ns3/compute-profile.h"
#include "ns3/dnn-graph.h"
#include "ns3/partition-cost.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace dnntest
{

/// Log-uniform random number in [lo, hi].
inline double
LogUniform(std::mt19937_64& rng, double lo, double hi)
{
    std::uniform_real_distribution<double> u(std::log(lo), std::log(hi));
    return std::exp(u(rng));
}

/// Uniform random number in [0, 1).
inline double
Uniform(std::mt19937_64& rng)
{
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

/**
 * A random layer DAG with n layers: vertex 0 (in generation order) is the input; every other
 * vertex consumes 1-3 earlier ones (often the previous one, else any: branches and skip
 * connections; a tensor may feed several layers); some layers do no work; some tensors are
 * empty. Layer ids are scrambled and, when `shuffle`, the layers are stored in random order (so
 * index != generation order). With `measuredTimes`, a device_times entry "meas" is attached.
 */
inline ns3::DnnGraph
MakeRandomDag(std::mt19937_64& rng, std::size_t n, bool shuffle, bool measuredTimes)
{
    static const std::vector<std::string> ops =
        {"conv2d", "dwconv2d", "linear", "relu", "add", "concat", "pool", "batchnorm", "reshape"};
    std::vector<ns3::DnnLayer> layers(n);
    std::vector<uint32_t> ids(n);
    std::iota(ids.begin(), ids.end(), 0U);
    std::shuffle(ids.begin(), ids.end(), rng);
    for (auto& id : ids)
    {
        id = id * 7 + 3; // not 0..n-1
    }
    double inputBytes = Uniform(rng) < 0.05 ? 0.0 : LogUniform(rng, 1e3, 1e6);
    for (std::size_t v = 0; v < n; ++v)
    {
        ns3::DnnLayer& l = layers[v];
        l.id = ids[v];
        l.name = "layer" + std::to_string(v);
        if (v == 0)
        {
            l.op = "input";
            l.flops = 0;
            l.outputBytes = inputBytes;
            continue;
        }
        l.op = ops[rng() % ops.size()];
        l.flops = Uniform(rng) < 0.2 ? 0.0 : LogUniform(rng, 1e5, 1e9);
        l.macs = l.flops / 2;
        l.outputBytes = Uniform(rng) < 0.05 ? 0.0 : LogUniform(rng, 1e2, 2e6);
        l.paramBytes = LogUniform(rng, 1, 1e6);
        std::size_t k = 1 + (Uniform(rng) < 0.35 ? 1 : 0) + (Uniform(rng) < 0.15 ? 1 : 0);
        std::vector<std::size_t> in;
        if (Uniform(rng) < 0.6)
        {
            in.push_back(v - 1);
        }
        while (in.size() < std::min(k, v))
        {
            std::size_t u = rng() % v;
            if (std::find(in.begin(), in.end(), u) == in.end())
            {
                in.push_back(u);
            }
        }
        for (std::size_t u : in)
        {
            l.inputs.push_back(ids[u]);
        }
    }
    if (shuffle)
    {
        std::shuffle(layers.begin(), layers.end(), rng);
    }
    ns3::DnnGraph g;
    g.SetName("random" + std::to_string(n));
    g.SetInputBytes(inputBytes);
    for (const auto& l : layers)
    {
        g.AddLayer(l);
    }
    if (measuredTimes)
    {
        ns3::DnnDeviceTimes t;
        t.description = "random";
        for (const auto& l : layers)
        {
            if (l.op != "input")
            {
                t.times[l.name] = Uniform(rng) < 0.1 ? 0.0 : LogUniform(rng, 1e-5, 0.2);
            }
        }
        g.SetDeviceTimes("meas", t);
    }
    g.Validate("random-dag");
    return g;
}

/// A rate-based profile with random per-op efficiencies.
inline ns3::ComputeProfile
RandomProfile(std::mt19937_64& rng, const std::string& name, double rate)
{
    std::map<std::string, double> eff;
    for (const auto& op : ns3::DnnGraph::GetOpTypes())
    {
        if (Uniform(rng) < 0.7)
        {
            eff[op] = LogUniform(rng, 0.02, 1.0);
        }
    }
    return ns3::ComputeProfile::CreateRated(name, rate, eff, LogUniform(rng, 0.05, 1.0));
}

/**
 * Independent cost model of formulation section 2 on a graph, built from the layers' `inputs`
 * (not from DnnGraph's successor lists). Several sinks: the formulation's virtual zero-work
 * output vertex consumes all of them, so when anything is offloaded each device-side sink's
 * tensor is uploaded and d_out is the sum of the sinks' bytes.
 */
struct BruteForce
{
    std::size_t n{0};                                //!< layers
    std::size_t input{0};                            //!< input index
    std::vector<double> tdev;                        //!< t^dev_v
    std::vector<double> work;                        //!< server work
    std::vector<double> bytes;                       //!< d_v
    std::vector<std::vector<std::size_t>> consumers; //!< by index
    std::vector<uint32_t> succMask;                  //!< consumers as a bit mask
    std::vector<bool> isSink;                        //!< no consumer
    std::size_t nSinks{0};                           //!< number of sinks
    double dOut{0};                                  //!< returned bytes
    ns3::LinkRates rates;                            //!< link

    /// Build from a graph and profiles.
    BruteForce(const ns3::DnnGraph& g,
               const ns3::ComputeProfile& dev,
               const ns3::ComputeProfile& srv,
               const ns3::LinkRates& r)
        : rates(r)
    {
        n = g.GetNLayers();
        std::map<uint32_t, std::size_t> idx;
        for (std::size_t v = 0; v < n; ++v)
        {
            idx[g.GetLayer(v).id] = v;
            if (g.GetLayer(v).op == "input")
            {
                input = v;
            }
        }
        consumers.assign(n, {});
        succMask.assign(n, 0);
        for (std::size_t w = 0; w < n; ++w)
        {
            for (uint32_t id : g.GetLayer(w).inputs)
            {
                consumers[idx.at(id)].push_back(w);
                succMask[idx.at(id)] |= 1U << w;
            }
        }
        for (std::size_t v = 0; v < n; ++v)
        {
            tdev.push_back(dev.GetLayerTime(g, v));
            work.push_back(srv.GetEffectiveWork(g, v));
            bytes.push_back(g.GetLayer(v).outputBytes);
            isSink.push_back(consumers[v].empty());
            if (consumers[v].empty())
            {
                ++nSinks;
                dOut += bytes[v];
            }
        }
    }

    /// \return whether placement `mask` (bit v = x_v) is feasible
    bool Feasible(uint32_t mask) const
    {
        if (mask & (1U << input))
        {
            return false;
        }
        for (std::size_t u = 0; u < n; ++u)
        {
            if ((mask >> u & 1U) && (succMask[u] & ~mask))
            {
                return false; // u on the server, a consumer on the device
            }
        }
        return true;
    }

    /// \return T(x, f) of placement `mask`
    double Latency(uint32_t mask, double f) const
    {
        bool any = mask != 0;
        double t = 0;
        double up = 0;
        for (std::size_t v = 0; v < n; ++v)
        {
            bool s = mask >> v & 1U;
            if (s)
            {
                t += work[v] / f;
                continue;
            }
            t += tdev[v];
            bool sent = (succMask[v] & mask) != 0 || (isSink[v] && nSinks > 1 && any);
            if (sent)
            {
                up += bytes[v];
            }
        }
        if (up > 0)
        {
            t += 8 * up / rates.uplinkBps;
        }
        if (any)
        {
            t += rates.rttSeconds + (dOut > 0 ? 8 * dOut / rates.downlinkBps : 0.0);
        }
        return t;
    }

    /**
     * \brief The three stages of placement `mask` (formulation section 8).
     * \param mask the placement (bit v = x_v)
     * \param device receives the device time a_P (s)
     * \param transfer receives the transfer time u_P = up / r + RTT + d_out / r' (s)
     * \param work receives the server work B_P (FLOP)
     */
    void Stages(uint32_t mask, double* device, double* transfer, double* work) const
    {
        bool any = mask != 0;
        double up = 0;
        *device = 0;
        *transfer = 0;
        *work = 0;
        for (std::size_t v = 0; v < n; ++v)
        {
            if (mask >> v & 1U)
            {
                *work += this->work[v];
                continue;
            }
            *device += tdev[v];
            bool sent = (succMask[v] & mask) != 0 || (isSink[v] && nSinks > 1 && any);
            if (sent)
            {
                up += bytes[v];
            }
        }
        if (up > 0)
        {
            *transfer += 8 * up / rates.uplinkBps;
        }
        if (any)
        {
            *transfer += rates.rttSeconds + (dOut > 0 ? 8 * dOut / rates.downlinkBps : 0.0);
        }
    }

    /// \return min over every feasible placement of T(x, f)
    double Optimum(double f) const
    {
        double best = std::numeric_limits<double>::infinity();
        for (uint32_t mask = 0; mask < (1U << n); ++mask)
        {
            if (Feasible(mask))
            {
                best = std::min(best, Latency(mask, f));
            }
        }
        return best;
    }

    /// \return a topological order: Kahn's algorithm, smallest index first
    std::vector<std::size_t> TopologicalOrder() const
    {
        std::vector<std::size_t> indeg(n, 0);
        for (std::size_t u = 0; u < n; ++u)
        {
            for (std::size_t w : consumers[u])
            {
                ++indeg[w];
            }
        }
        std::vector<std::size_t> order;
        std::vector<bool> done(n, false);
        while (order.size() < n)
        {
            for (std::size_t v = 0; v < n; ++v)
            {
                if (!done[v] && indeg[v] == 0)
                {
                    done[v] = true;
                    order.push_back(v);
                    for (std::size_t w : consumers[v])
                    {
                        --indeg[w];
                    }
                    break;
                }
            }
        }
        return order;
    }

    /// \return min over the prefixes of `order` (prefix on the device) of T(x, f)
    double BestPrefix(const std::vector<std::size_t>& order, double f) const
    {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 1; k <= n; ++k)
        {
            uint32_t mask = 0;
            for (std::size_t j = k; j < n; ++j)
            {
                mask |= 1U << order[j];
            }
            best = std::min(best, Latency(mask, f));
        }
        return best;
    }

    /// \return the bit mask of a placement
    static uint32_t Mask(const ns3::Placement& p)
    {
        uint32_t m = 0;
        for (std::size_t v = 0; v < p.onServer.size(); ++v)
        {
            m |= p.onServer[v] ? (1U << v) : 0U;
        }
        return m;
    }
};

} // namespace dnntest

#endif /* PARTITION_TEST_UTIL_H */
