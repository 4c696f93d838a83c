/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RATE_ESTIMATOR_H
#define RATE_ESTIMATOR_H

#include <cstdint>

/**
 * \file
 * \ingroup dnn-surgery
 * A device's estimate of r_i, r'_i and RTT_i from its own transfers (formulation section 1:
 * "as measured on the simulated network"). Plain C++, no Simulator: times are in seconds.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * EWMA estimator of uplink rate r_i, downlink rate r'_i (bit/s of payload goodput) and RTT_i.
 *
 * A transfer sample is one message of \c bytes payload, handed to the socket at \c start and
 * completely received by the peer at \c end (the peer echoes its receipt timestamp). The time
 * the bytes spent on the link is
 *
 *     transfer = end - max(start + RTT/2, previous end)
 *
 * i.e. the one-way trip (RTT/2) is removed, because T charges it once in RTT_i, and a
 * message queued behind the previous one on the same stream is only charged from the moment
 * the previous one was delivered. The sample rate is 8 * bytes / transfer. A transfer of at
 * least the minimum sample size is one sample. Smaller transfers (a 4 KB result: its time is
 * mostly per-transfer latency, and one of them gives a noisy rate) are aggregated: their bytes
 * and their transfer times are summed, in order, until the bytes reach the aggregate size,
 * and then give one sample 8 * sum(bytes) / sum(transfer). A rate sample therefore means "the
 * goodput that makes d / r the time a transfer of this kind spends beyond RTT/2", which is what
 * formulation section 2 charges (d_u / r_i, d_out / r'_i). Timestamps come from the simulator
 * clock on both nodes (perfectly synchronised clocks).
 *
 * The first sample of each quantity replaces the value (initial estimate from the probe
 * exchange at join; SetRates replaces both rates again); later samples are
 * averaged: x <- (1 - alpha) x + alpha sample.
 */
class RateEstimator
{
  public:
    /**
     * \brief Construct.
     * \param alpha EWMA weight of a new sample, in (0, 1]
     * \param minSampleBytes transfers smaller than this are aggregated, not samples alone
     * \param aggregateBytes bytes of small transfers that make one aggregated sample
     */
    explicit RateEstimator(double alpha = 0.3,
                           uint32_t minSampleBytes = 4096,
                           uint32_t aggregateBytes = 16384);

    /**
     * \brief Set the EWMA weight.
     * \param alpha weight of a new sample, in (0, 1]
     */
    void SetAlpha(double alpha);
    /**
     * \brief Set the minimum size of a rate sample.
     * \param bytes minimum payload bytes
     */
    void SetMinSampleBytes(uint32_t bytes);
    /**
     * \brief Set the size of an aggregated sample of small transfers.
     * \param bytes payload bytes of consecutive small transfers that make one sample
     */
    void SetAggregateBytes(uint32_t bytes);

    /**
     * \brief The rate of one transfer alone, without taking it as a sample (a probe round):
     * 8 bytes / (end - start - d), where d, the one-way delay charged, is RTTmin/2 but at most
     * half of end - start. RTTmin, the smallest RTT sample, and not the average: during a join
     * the echoes wait behind the probes of other devices on the same Wi-Fi channel. Even RTTmin
     * may then exceed what the probe itself met (a 64 KiB probe delivered in little more than
     * RTTmin/2 gave 453 Gbit/s on 802.11ax); the cap bounds a round's rate by twice its
     * end-to-end rate, and leaves an ideal link (one-way delay below the transfer time) exact.
     * \param bytes payload bytes
     * \param start hand-over time (s)
     * \param end receipt time (s)
     * \return bit/s, 0 if the time is not positive (or no RTT sample yet)
     */
    double TransferRate(double bytes, double start, double end) const;

    /**
     * \brief Replace r_i and r'_i (the warm-up probe's last round; not averaged), and drop
     * partly aggregated small transfers.
     * \param uplinkBps r_i (> 0)
     * \param downlinkBps r'_i (> 0)
     */
    void SetRates(double uplinkBps, double downlinkBps);

    /**
     * \brief Get the smallest RTT sample.
     * \return RTTmin (s), 0 before any sample
     */
    double GetMinRtt() const;

    /**
     * \brief Add an RTT sample (a small echo).
     * \param rtt seconds
     */
    void AddRttSample(double rtt);

    /**
     * \brief Add an uplink transfer (device -> server).
     * \param bytes payload bytes
     * \param start when the device handed them to its socket (s)
     * \param end when the server had received all of them (s)
     * \return true if the transfer gave a sample (alone, or completing an aggregate)
     */
    bool AddUplinkTransfer(double bytes, double start, double end);

    /**
     * \brief Add a downlink transfer (server -> device).
     * \param bytes payload bytes
     * \param start when the server handed them to its socket (s)
     * \param end when the device had received all of them (s)
     * \return true if the transfer gave a sample (alone, or completing an aggregate)
     */
    bool AddDownlinkTransfer(double bytes, double start, double end);

    /**
     * \brief Forget the "previous end" of both directions (new connection).
     */
    void ResetStreams();

    /**
     * \brief Whether r_i, r'_i and RTT_i all have at least one sample.
     * \return true when the estimate is complete
     */
    bool HasEstimate() const;
    /**
     * \brief Get r_i.
     * \return uplink goodput estimate (bit/s), 0 before any sample
     */
    double GetUplinkBps() const;
    /**
     * \brief Get r'_i.
     * \return downlink goodput estimate (bit/s), 0 before any sample
     */
    double GetDownlinkBps() const;
    /**
     * \brief Get RTT_i.
     * \return RTT estimate (s), 0 before any sample
     */
    double GetRtt() const;
    /**
     * \brief Number of samples taken so far (all kinds).
     * \return the count
     */
    uint32_t GetSamples() const;

    /**
     * \brief Largest relative change of r_i and r'_i between this estimate and a reference.
     * \param uplinkBps reference r_i
     * \param downlinkBps reference r'_i
     * \return max(|r - r0| / r0, |r' - r'0| / r'0); infinity if a reference is 0
     */
    double RelativeChange(double uplinkBps, double downlinkBps) const;

  private:
    /**
     * \brief Update one EWMA.
     * \param value the average
     * \param have whether it has a sample
     * \param sample the new sample
     */
    void Update(double& value, bool& have, double sample);

    /**
     * \brief One direction's transfer sample.
     * \param bytes payload bytes
     * \param start hand-over time
     * \param end receipt time
     * \param prevEnd previous receipt time of that direction (updated)
     * \param value the average
     * \param have whether it has a sample
     * \param aggBytes bytes of the small transfers aggregated so far (updated)
     * \param aggTime their summed transfer time (updated)
     * \return true if a sample was taken
     */
    bool AddTransfer(double bytes,
                     double start,
                     double end,
                     double& prevEnd,
                     double& value,
                     bool& have,
                     double& aggBytes,
                     double& aggTime);

    double m_alpha;            //!< EWMA weight of a new sample
    uint32_t m_minSampleBytes; //!< minimum rate-sample size
    uint32_t m_aggregateBytes; //!< size of an aggregated sample of small transfers
    double m_up{0};            //!< r_i (bit/s)
    double m_down{0};          //!< r'_i (bit/s)
    double m_rtt{0};           //!< RTT_i (s)
    double m_minRtt{0};        //!< smallest RTT sample (s)
    bool m_haveUp{false};      //!< r_i has a sample
    bool m_haveDown{false};    //!< r'_i has a sample
    bool m_haveRtt{false};     //!< RTT_i has a sample
    double m_prevUpEnd{-1};    //!< receipt time of the previous uplink message
    double m_prevDownEnd{-1};  //!< receipt time of the previous downlink message
    uint32_t m_samples{0};     //!< samples taken
    double m_upAggBytes{0};    //!< small uplink transfers aggregated: bytes
    double m_upAggTime{0};     //!< small uplink transfers aggregated: time (s)
    double m_downAggBytes{0};  //!< small downlink transfers aggregated: bytes
    double m_downAggTime{0};   //!< small downlink transfers aggregated: time (s)
};

} // namespace ns3

#endif /* RATE_ESTIMATOR_H */
