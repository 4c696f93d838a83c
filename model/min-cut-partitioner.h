/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIN_CUT_PARTITIONER_H
#define MIN_CUT_PARTITIONER_H

#include "compute-profile.h"
#include "dnn-graph.h"
#include "partition-cost.h"
#include "partition-envelope.h"

#include <cstdint>
#include <memory>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Optimal placement of a layer graph for a server share f by a minimum s-t cut (formulation
 * section 3), and the envelope of candidate placements over all shares (section 4).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Min-cut partitioner of one device's DNN.
 *
 * The s-t graph (source s = device, sink t = server), built once in the constructor:
 * - s->v with capacity c_v / f (effective server work over the share; paid if v goes to the
 *   server); s->input with capacity INF; the output vertex's s-edge also carries
 *   RTT_i + d_out / r'_i (the output is on the server exactly when anything is);
 * - v->t with capacity t^dev_v (paid if v stays on the device);
 * - for each u with successors an auxiliary vertex u' with u->u' of capacity d_u / r_i and
 *   u'->w of capacity INF for every successor w (the tensor is paid once);
 * - w->u of capacity INF for every edge u->w (forbids server -> device);
 * - several sinks: a virtual zero-work output vertex consuming all of them (d_out = the sum of
 *   their output bytes).
 * Capacities are int64 nanoseconds, INF is a finite big-M larger than the sum of the finite
 * capacities; only the s->v capacities change with f. Solver: Boost.Graph
 * boykov_kolmogorov_max_flow. The device set is the *minimal* source side of a minimum cut
 * (the vertices reachable from s in the residual graph), so cuts are nested in f.
 */
class MinCutPartitioner
{
  public:
    /**
     * \brief Prepare the s-t graph of a DNN for one device, server and link.
     * \param graph the layer graph (validated here if it was not)
     * \param device the device's compute profile (t^dev_v)
     * \param server the server's compute profile (effective work c_v / eff)
     * \param rates r_i, r'_i (bit/s, >= 0; 0 = no link) and RTT_i (s, finite, >= 0)
     * \throws DnnSurgeryError on an invalid graph, rate or profile lookup
     */
    MinCutPartitioner(const DnnGraph& graph,
                      const ComputeProfile& device,
                      const ComputeProfile& server,
                      const LinkRates& rates);
    ~MinCutPartitioner();
    /** \brief Copy (shares the immutable s-t graph). \param other the source */
    MinCutPartitioner(const MinCutPartitioner& other);
    /** \brief Copy assignment. \param other the source \return this */
    MinCutPartitioner& operator=(const MinCutPartitioner& other);

    /**
     * \brief Best placement for a server share by one min-cut.
     * \param f the share in FLOP/s (>= 0; 0 = no server: the local placement)
     * \return the placement of the minimal min-cut and its cost recomputed with Evaluate()
     */
    PartitionResult Solve(double f) const;
    /**
     * \brief The cost of a placement (formulation section 2), in double precision.
     * \param placement x by layer index
     * \return its cost
     * \throws DnnSurgeryError if the placement is infeasible (input on the server, or an edge
     * u->w with u on the server and w on the device) or has the wrong size
     */
    PartitionCost Evaluate(const Placement& placement) const;
    /**
     * \brief Evaluate() packaged with the placement.
     * \param placement x by layer index
     * \return the placement and its cost
     */
    PartitionResult MakeResult(const Placement& placement) const;
    /**
     * \brief Every placement on the lower envelope T*(f) for f in (0, fMax]: Eisner-Severance
     * bisection on 1/f between breakpoints, one min-cut per probe.
     * \param fMax the largest share (usually the server capacity F), > 0
     * \return the envelope
     */
    PartitionEnvelope ComputeEnvelope(double fMax) const;

    /**
     * \return the all-local placement and its cost
     */
    PartitionResult Local() const;
    /**
     * \return the full-offload placement (everything but the input on the server)
     */
    PartitionResult FullOffload() const;
    /**
     * \return the layer graph
     */
    const DnnGraph& GetGraph() const;
    /**
     * \return the link rates
     */
    const LinkRates& GetRates() const;
    /**
     * \return the number of vertices of the s-t graph (layers, virtual output, auxiliaries,
     * s and t)
     */
    std::size_t GetFlowVertexCount() const;
    /**
     * \return the number of arcs of the s-t graph (without BK's reverse arcs)
     */
    std::size_t GetFlowEdgeCount() const;
    /**
     * \return the largest rounding error of a cut in seconds (0.5 ns per finite arc): the
     * min-cut's cost is within this of the true optimum
     */
    double GetRoundingTolerance() const;

    /** The s-t graph and its fixed capacities (defined in the .cc; Boost stays out of here). */
    struct FlowNetwork;

  private:
    /**
     * \brief One min-cut at lambda = 1/f.
     * \param lambda 1/f in s/FLOP, finite and >= 0
     * \return the result (cost recomputed by Evaluate)
     */
    PartitionResult SolveLambda(double lambda) const;

    DnnGraph m_graph;                             //!< the layer graph
    LinkRates m_rates;                            //!< r_i, r'_i, RTT_i
    std::size_t m_n;                              //!< layers
    std::size_t m_m;                              //!< layers + virtual output (if any)
    std::size_t m_out;                            //!< the output vertex (augmented index)
    std::vector<double> m_tdev;                   //!< t^dev_v by augmented index (s)
    std::vector<double> m_work;                   //!< effective server work by augmented index
    std::vector<double> m_bytes;                  //!< d_v by augmented index
    std::vector<std::vector<std::size_t>> m_succ; //!< successors by augmented index
    std::shared_ptr<const FlowNetwork> m_net;     //!< the s-t graph
};

} // namespace ns3

#endif /* MIN_CUT_PARTITIONER_H */
