/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "min-cut-partitioner.h"

#include "dnn-surgery-error.h"

// Boost.Graph 1.74 trips GCC 12's -Wmaybe-uninitialized inside its edge iterators (a false
// positive on boost::optional); silence it for Boost's headers only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

/**
 * The s-t graph of formulation section 3 with its fixed capacities. Every arc is stored with
 * its reverse arc (capacity 0), as Boykov-Kolmogorov needs; arc k and k^1 are each other's
 * reverse.
 */
struct MinCutPartitioner::FlowNetwork
{
    /// Boost graph type: vertices and edges indexed 0..V-1 and 0..E-1.
    using Graph = boost::adjacency_list<boost::vecS,
                                        boost::vecS,
                                        boost::directedS,
                                        boost::no_property,
                                        boost::property<boost::edge_index_t, std::size_t>>;
    /// Edge descriptor.
    using Edge = Graph::edge_descriptor;

    Graph g;                            //!< the graph
    std::size_t s{0};                   //!< source (device)
    std::size_t t{0};                   //!< sink (server)
    std::vector<Edge> rev;              //!< reverse edge by edge index
    std::vector<int64_t> baseCap;       //!< fixed capacities (ns) by edge index
    std::vector<bool> isInf;            //!< INF arcs by edge index
    std::vector<std::size_t> sourceArc; //!< edge index of s->v by augmented vertex
    std::vector<double> sourceConst;    //!< constant part of s->v in seconds (RTT + d_out / r')
    std::size_t nArcs{0};               //!< arcs without the reverse ones
    std::size_t nFinite{0};             //!< finite arcs
    int64_t capMax{0};                  //!< largest finite capacity (ns): no int64 overflow

    /// Add arc u->v and its reverse. \return the arc's edge index
    std::size_t AddArc(std::size_t u, std::size_t v, int64_t cap, bool inf)
    {
        std::size_t k = rev.size();
        Edge e1 = boost::add_edge(u, v, k, g).first;
        Edge e2 = boost::add_edge(v, u, k + 1, g).first;
        rev.push_back(e2);
        rev.push_back(e1);
        baseCap.push_back(cap);
        baseCap.push_back(0);
        isInf.push_back(inf);
        isInf.push_back(false);
        ++nArcs;
        nFinite += inf ? 0 : 1;
        return k;
    }

    /// \return seconds as int64 nanoseconds, clamped to capMax (also for +infinity)
    int64_t ToNs(double seconds) const
    {
        double ns = seconds * 1e9;
        if (!(ns < static_cast<double>(capMax)))
        {
            return capMax;
        }
        return static_cast<int64_t>(std::llround(ns));
    }
};

namespace
{

/// \return transfer time of `bytes` at `bps` bit/s (0 bytes -> 0 s, 0 bit/s -> infinity)
double
TransferTime(double bytes, double bps)
{
    if (bytes <= 0)
    {
        return 0;
    }
    if (bps <= 0)
    {
        return std::numeric_limits<double>::infinity();
    }
    return 8.0 * bytes / bps;
}

/// Throw unless x is finite and >= 0 (or +infinity allowed when `allowInf`).
void
CheckRate(const std::string& model, const std::string& field, double x)
{
    if (std::isnan(x) || x < 0 || std::isinf(x))
    {
        std::ostringstream os;
        os << "MinCutPartitioner (model '" << model << "'): field '" << field
           << "': must be finite and >= 0 (got " << x << ")";
        throw DnnSurgeryError(os.str());
    }
}

} // namespace

MinCutPartitioner::MinCutPartitioner(const DnnGraph& graph,
                                     const ComputeProfile& device,
                                     const ComputeProfile& server,
                                     const LinkRates& rates)
    : m_graph(graph),
      m_rates(rates)
{
    if (!m_graph.IsValidated())
    {
        m_graph.Validate(m_graph.GetName().empty() ? "<graph>" : m_graph.GetName());
    }
    const std::string& model = m_graph.GetName();
    CheckRate(model, "uplinkBps", rates.uplinkBps);
    CheckRate(model, "downlinkBps", rates.downlinkBps);
    CheckRate(model, "rttSeconds", rates.rttSeconds);

    // The augmented graph: layers 0..n-1, plus a virtual zero-work output vertex n consuming
    // every sink when there are several.
    m_n = m_graph.GetNLayers();
    const auto& outputs = m_graph.GetOutputIndices();
    bool virtualOut = outputs.size() > 1;
    m_m = m_n + (virtualOut ? 1 : 0);
    m_out = virtualOut ? m_n : outputs.front();
    m_tdev.assign(m_m, 0.0);
    m_work.assign(m_m, 0.0);
    m_bytes.assign(m_m, 0.0);
    m_succ.assign(m_m, {});
    for (std::size_t v = 0; v < m_n; ++v)
    {
        m_tdev[v] = device.GetLayerTime(m_graph, v);
        m_work[v] = server.GetEffectiveWork(m_graph, v);
        if (!std::isfinite(m_tdev[v]) || m_tdev[v] < 0 || !std::isfinite(m_work[v]) ||
            m_work[v] < 0)
        {
            const DnnLayer& l = m_graph.GetLayer(v);
            throw DnnSurgeryError("MinCutPartitioner: model '" + model + "': layer " +
                                  std::to_string(l.id) + " '" + l.name +
                                  "': non-finite or negative layer time or work");
        }
        m_bytes[v] = m_graph.GetLayer(v).outputBytes;
        m_succ[v] = m_graph.GetSuccessors(v);
    }
    if (virtualOut)
    {
        for (std::size_t k : outputs)
        {
            m_succ[k].push_back(m_out);
            m_bytes[m_out] += m_bytes[k]; // d_out: every sink's output is returned
        }
    }

    // The s-t graph. Vertices: 0..m-1 layer vertices, then one auxiliary u' per vertex with
    // successors, then s and t.
    auto net = std::make_shared<FlowNetwork>();
    std::size_t nAux = 0;
    for (std::size_t u = 0; u < m_m; ++u)
    {
        nAux += m_succ[u].empty() ? 0 : 1;
    }
    std::size_t nVertices = m_m + nAux + 2;
    net->g = FlowNetwork::Graph(nVertices);
    net->s = m_m + nAux;
    net->t = m_m + nAux + 1;
    std::size_t nEdgesOrig = 0;
    for (std::size_t u = 0; u < m_m; ++u)
    {
        nEdgesOrig += m_succ[u].size();
    }
    // capMax: the sum of all finite capacities plus big-M stays below 2^61, so residual
    // capacities (at most INF + max flow) never overflow int64.
    std::size_t nFiniteBound = 3 * m_m + 2;
    net->capMax = (int64_t{1} << 60) / static_cast<int64_t>(nFiniteBound + 1);

    const std::size_t input = m_graph.GetInputIndex();
    const double returnTime =
        m_rates.rttSeconds + TransferTime(m_bytes[m_out], m_rates.downlinkBps);
    net->sourceArc.assign(m_m, 0);
    net->sourceConst.assign(m_m, 0.0);
    for (std::size_t v = 0; v < m_m; ++v)
    {
        // s->v: c_v / f (+ RTT + d_out / r' for the output); s->input: INF.
        net->sourceConst[v] = (v == m_out) ? returnTime : 0.0;
        net->sourceArc[v] = net->AddArc(net->s, v, 0, v == input);
        // v->t: t^dev_v.
        net->AddArc(v, net->t, net->ToNs(m_tdev[v]), false);
    }
    std::size_t aux = m_m;
    for (std::size_t u = 0; u < m_m; ++u)
    {
        if (m_succ[u].empty())
        {
            continue;
        }
        // u->u': d_u / r; u'->w: INF for every successor w (the tensor is paid once).
        net->AddArc(u, aux, net->ToNs(TransferTime(m_bytes[u], m_rates.uplinkBps)), false);
        for (std::size_t w : m_succ[u])
        {
            net->AddArc(aux, w, 0, true);
        }
        ++aux;
    }
    for (std::size_t u = 0; u < m_m; ++u)
    {
        // w->u: INF for every edge u->w (no server -> device placement).
        for (std::size_t w : m_succ[u])
        {
            net->AddArc(w, u, 0, true);
        }
    }
    (void)nEdgesOrig;
    m_net = net;
}

MinCutPartitioner::~MinCutPartitioner() = default;
MinCutPartitioner::MinCutPartitioner(const MinCutPartitioner& other) = default;
MinCutPartitioner& MinCutPartitioner::operator=(const MinCutPartitioner& other) = default;

PartitionResult
MinCutPartitioner::SolveLambda(double lambda) const
{
    const FlowNetwork& net = *m_net;
    const std::size_t nE = net.baseCap.size();
    std::vector<int64_t> cap(net.baseCap);
    const std::size_t input = m_graph.GetInputIndex();
    for (std::size_t v = 0; v < m_m; ++v)
    {
        if (v != input)
        {
            // s->v: c_v / f = effective work x lambda (+ return time for the output).
            cap[net.sourceArc[v]] = net.ToNs(m_work[v] * lambda + net.sourceConst[v]);
        }
    }
    // Big-M: larger than the sum of all finite capacities.
    int64_t sum = 0;
    for (std::size_t k = 0; k < nE; k += 2)
    {
        if (!net.isInf[k])
        {
            sum += cap[k];
        }
    }
    const int64_t inf = sum + 1;
    for (std::size_t k = 0; k < nE; k += 2)
    {
        if (net.isInf[k])
        {
            cap[k] = inf;
        }
    }

    const std::size_t nV = boost::num_vertices(net.g);
    std::vector<int64_t> res(nE, 0);
    std::vector<FlowNetwork::Edge> pred(nV);
    std::vector<boost::default_color_type> color(nV);
    std::vector<long> dist(nV, 0);
    auto eIndex = boost::get(boost::edge_index, net.g);
    auto vIndex = boost::get(boost::vertex_index, net.g);
    int64_t flow = boost::boykov_kolmogorov_max_flow(
        net.g,
        boost::make_iterator_property_map(cap.begin(), eIndex),
        boost::make_iterator_property_map(res.begin(), eIndex),
        boost::make_iterator_property_map(net.rev.begin(), eIndex),
        boost::make_iterator_property_map(pred.begin(), vIndex),
        boost::make_iterator_property_map(color.begin(), vIndex),
        boost::make_iterator_property_map(dist.begin(), vIndex),
        vIndex,
        net.s,
        net.t);

    // The minimal source side: vertices reachable from s in the residual graph. (Computed here
    // rather than read from BK's colour map so that the choice among minimum cuts never
    // depends on the solver's internal search trees.)
    std::vector<char> reach(nV, 0);
    std::vector<std::size_t> stack{net.s};
    reach[net.s] = 1;
    while (!stack.empty())
    {
        std::size_t u = stack.back();
        stack.pop_back();
        for (auto [it, end] = boost::out_edges(u, net.g); it != end; ++it)
        {
            std::size_t v = boost::target(*it, net.g);
            if (!reach[v] && res[eIndex[*it]] > 0)
            {
                reach[v] = 1;
                stack.push_back(v);
            }
        }
    }
    Placement p;
    p.onServer.resize(m_n);
    for (std::size_t v = 0; v < m_n; ++v)
    {
        p.onServer[v] = !reach[v];
    }
    PartitionResult r = MakeResult(p);
    r.cutValue = static_cast<double>(flow) * 1e-9;
    return r;
}

PartitionResult
MinCutPartitioner::Solve(double f) const
{
    if (std::isnan(f) || f < 0)
    {
        std::ostringstream os;
        os << "MinCutPartitioner (model '" << m_graph.GetName()
           << "'): server share f must be >= 0 (got " << f << ")";
        throw DnnSurgeryError(os.str());
    }
    if (f == 0)
    {
        return Local();
    }
    return SolveLambda(1.0 / f);
}

PartitionCost
MinCutPartitioner::Evaluate(const Placement& placement) const
{
    const auto& x = placement.onServer;
    const std::string& model = m_graph.GetName();
    if (x.size() != m_n)
    {
        throw DnnSurgeryError("placement for model '" + model + "': has " +
                              std::to_string(x.size()) + " entries, the model has " +
                              std::to_string(m_n) + " layers");
    }
    const std::size_t input = m_graph.GetInputIndex();
    if (x[input])
    {
        throw DnnSurgeryError("placement for model '" + model +
                              "': the input layer must be on the device");
    }
    bool any = false;
    for (std::size_t u = 0; u < m_n; ++u)
    {
        any = any || x[u];
        if (!x[u])
        {
            continue;
        }
        for (std::size_t w : m_graph.GetSuccessors(u))
        {
            if (!x[w])
            {
                const DnnLayer& lu = m_graph.GetLayer(u);
                const DnnLayer& lw = m_graph.GetLayer(w);
                throw DnnSurgeryError(
                    "placement for model '" + model + "': layer " + std::to_string(lu.id) + " '" +
                    lu.name + "' is on the server but its consumer layer " + std::to_string(lw.id) +
                    " '" + lw.name + "' is on the device (x_u <= x_w violated)");
            }
        }
    }
    // x on the augmented graph: the virtual output (if any) is on the server iff anything is.
    auto onServer = [&](std::size_t v) { return v < m_n ? bool(x[v]) : any; };

    PartitionCost c;
    for (std::size_t v = 0; v < m_m; ++v)
    {
        if (onServer(v))
        {
            c.serverWork += m_work[v]; // B: sum of c_v / eff over x_v = 1
            c.serverLayers += v < m_n ? 1 : 0;
        }
        else
        {
            c.deviceTime += m_tdev[v]; // sum of t^dev_v over x_v = 0
            c.deviceLayers += v < m_n ? 1 : 0;
            for (std::size_t w : m_succ[v])
            {
                if (onServer(w))
                {
                    c.bytesUp += m_bytes[v]; // d_u sent once
                    break;
                }
            }
        }
    }
    c.uploadTime = TransferTime(c.bytesUp, m_rates.uplinkBps);
    if (any)
    {
        c.rtt = m_rates.rttSeconds;
        c.bytesDown = m_bytes[m_out];
        c.downloadTime = TransferTime(c.bytesDown, m_rates.downlinkBps);
    }
    return c;
}

PartitionResult
MinCutPartitioner::MakeResult(const Placement& placement) const
{
    PartitionResult r;
    r.placement = placement;
    r.cost = Evaluate(placement);
    return r;
}

PartitionResult
MinCutPartitioner::Local() const
{
    Placement p;
    p.onServer.assign(m_n, false);
    return MakeResult(p);
}

PartitionResult
MinCutPartitioner::FullOffload() const
{
    Placement p;
    p.onServer.assign(m_n, true);
    p.onServer[m_graph.GetInputIndex()] = false;
    return MakeResult(p);
}

PartitionEnvelope
MinCutPartitioner::ComputeEnvelope(double fMax) const
{
    if (!std::isfinite(fMax) || fMax <= 0)
    {
        std::ostringstream os;
        os << "MinCutPartitioner (model '" << m_graph.GetName()
           << "'): envelope: fMax must be finite and > 0 (got " << fMax << ")";
        throw DnnSurgeryError(os.str());
    }
    // In lambda = 1/f every placement is a line T_P(lambda) = A_P + B_P lambda, and
    // T*(lambda) is their lower envelope on [1/fMax, infinity). Eisner-Severance: the optimum
    // at the intersection of two envelope lines either lies on one of them (they are adjacent)
    // or is a new line between them.
    const double lambdaLo = 1.0 / fMax;
    std::size_t cuts = 0;
    std::vector<PartitionResult> lines;
    PartitionResult local = Local();
    PartitionResult first = SolveLambda(lambdaLo);
    ++cuts;
    if (!first.cost.Offloads())
    {
        return PartitionEnvelope(local, {}, fMax, cuts);
    }
    lines.push_back(first);
    const std::size_t maxCuts = 4 * (m_m + 2);

    // Explicit stack of (left line, right line) pairs, left = larger B.
    std::vector<std::pair<PartitionResult, PartitionResult>> todo;
    todo.emplace_back(first, local);
    while (!todo.empty() && cuts < maxCuts)
    {
        auto [l1, l2] = todo.back();
        todo.pop_back();
        double a1 = l1.cost.A();
        double b1 = l1.cost.B();
        double a2 = l2.cost.A();
        double b2 = l2.cost.B();
        if (!(b1 > b2))
        {
            continue;
        }
        double lambda = (a2 - a1) / (b1 - b2);
        if (!std::isfinite(lambda) || lambda <= lambdaLo)
        {
            continue;
        }
        PartitionResult p = SolveLambda(lambda);
        ++cuts;
        if (p.placement == l1.placement || p.placement == l2.placement)
        {
            continue;
        }
        double tLine = a1 + b1 * lambda;
        double tP = p.cost.A() + p.cost.B() * lambda;
        if (!(tP < tLine - 1e-12 * std::abs(tLine) - 1e-15))
        {
            continue;
        }
        lines.push_back(p);
        todo.emplace_back(p, l2);
        todo.emplace_back(l1, p);
    }

    // Keep the lines that reach the lower envelope (local included) somewhere on
    // [lambdaLo, infinity); drop duplicates.
    std::vector<PartitionResult> all = lines;
    all.push_back(local);
    std::vector<PartitionResult> kept;
    for (std::size_t i = 0; i + 1 < all.size(); ++i)
    {
        double ai = all[i].cost.A();
        double bi = all[i].cost.B();
        double lo = lambdaLo;
        double hi = std::numeric_limits<double>::infinity();
        bool ok = true;
        for (std::size_t j = 0; j < all.size() && ok; ++j)
        {
            if (j == i)
            {
                continue;
            }
            double aj = all[j].cost.A();
            double bj = all[j].cost.B();
            if (bj == bi)
            {
                // Parallel: i survives only if strictly lower, or equal and first.
                ok = ai < aj || (ai == aj && i < j);
            }
            else if (bj < bi)
            {
                hi = std::min(hi, (aj - ai) / (bi - bj));
            }
            else
            {
                lo = std::max(lo, (ai - aj) / (bj - bi));
            }
        }
        if (ok && lo <= hi)
        {
            kept.push_back(all[i]);
        }
    }
    return PartitionEnvelope(local, kept, fMax, cuts);
}

const DnnGraph&
MinCutPartitioner::GetGraph() const
{
    return m_graph;
}

const LinkRates&
MinCutPartitioner::GetRates() const
{
    return m_rates;
}

std::size_t
MinCutPartitioner::GetFlowVertexCount() const
{
    return boost::num_vertices(m_net->g);
}

std::size_t
MinCutPartitioner::GetFlowEdgeCount() const
{
    return m_net->nArcs;
}

double
MinCutPartitioner::GetRoundingTolerance() const
{
    return 0.5e-9 * static_cast<double>(m_net->nFinite + 1);
}

} // namespace ns3
