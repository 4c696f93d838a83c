/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PARTITION_ENVELOPE_H
#define PARTITION_ENVELOPE_H

#include "partition-cost.h"

#include <cstddef>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The lower envelope T*(f) = min_P (A_P + B_P / f) of a device's candidate placements
 * (formulation section 4).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Every placement that is optimal for some server share f in (0, fMax], as computed by
 * MinCutPartitioner::ComputeEnvelope(). Answers T*(f) and the best placement at f by a scan of
 * a few curves, without a new min-cut.
 */
class PartitionEnvelope
{
  public:
    /** An empty envelope (no candidates, an empty local placement). */
    PartitionEnvelope();
    /**
     * \brief Build from the local placement and the offloading candidates.
     * \param local the all-local placement (B = 0)
     * \param candidates offloading placements on the envelope
     * \param fMax the largest share the envelope was computed for (FLOP/s)
     * \param minCuts the number of min-cuts it took
     */
    PartitionEnvelope(const PartitionResult& local,
                      const std::vector<PartitionResult>& candidates,
                      double fMax,
                      std::size_t minCuts);

    /**
     * \return the all-local placement (A_local, B = 0)
     */
    const PartitionResult& GetLocal() const;
    /**
     * \return the offloading placements on the envelope, by decreasing B (the first is best at
     * large shares)
     */
    const std::vector<PartitionResult>& GetCandidates() const;
    /**
     * \param f the server share (FLOP/s), f >= 0
     * \return T*(f) = min(A_local, min over candidates of A_P + B_P / f); f == 0 -> A_local.
     * Exact for f in (0, fMax]; above fMax a new candidate might exist.
     */
    double GetLatency(double f) const;
    /**
     * \param f the server share (FLOP/s), f >= 0
     * \return the placement achieving GetLatency(f) (local when f == 0 or on a tie with local)
     */
    const PartitionResult& GetBest(double f) const;
    /**
     * \return fMax
     */
    double GetFMax() const;
    /**
     * \return the number of min-cuts solved to build the envelope
     */
    std::size_t GetMinCutCount() const;

  private:
    PartitionResult m_local;                   //!< all-local placement
    std::vector<PartitionResult> m_candidates; //!< offloading candidates, by decreasing B
    double m_fMax;                             //!< largest share covered
    std::size_t m_minCuts;                     //!< min-cuts solved
};

} // namespace ns3

#endif /* PARTITION_ENVELOPE_H */
