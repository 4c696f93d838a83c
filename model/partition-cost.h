/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PARTITION_COST_H
#define PARTITION_COST_H

#include <cstddef>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * A placement x of a layer graph and its latency T(x, f) = A + B / f (formulation section 2).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The link of one device as the partitioner sees it: r_i, r'_i and RTT_i.
 */
struct LinkRates
{
    double uplinkBps{0};   //!< r_i, uplink rate in bit/s
    double downlinkBps{0}; //!< r'_i, downlink rate in bit/s
    double rttSeconds{0};  //!< RTT_i, added once per offloaded inference
};

/**
 * \ingroup dnn-surgery
 * Latency breakdown of one placement: T(f) = A + B / f with
 * A = device time + upload time + [offloads] (RTT + download time) and B = server work (FLOP at
 * the server's nominal rate).
 */
struct PartitionCost
{
    double deviceTime{0};        //!< sum over x_v = 0 of t^dev_v (s)
    double uploadTime{0};        //!< bytesUp / r_i (s)
    double downloadTime{0};      //!< bytesDown / r'_i (s)
    double rtt{0};               //!< RTT_i if anything is offloaded, else 0 (s)
    double serverWork{0};        //!< B = sum over x_v = 1 of the effective work (FLOP)
    double bytesUp{0};           //!< sum of d_u over device layers with a successor on the server
    double bytesDown{0};         //!< d_out if anything is offloaded, else 0
    std::size_t deviceLayers{0}; //!< number of layers with x_v = 0
    std::size_t serverLayers{0}; //!< number of layers with x_v = 1

    /**
     * \return A = deviceTime + uploadTime + downloadTime + rtt (s)
     */
    double A() const;
    /**
     * \return B = serverWork (FLOP)
     */
    double B() const;
    /**
     * \param f the server share in FLOP/s
     * \return A + B / f; A when B == 0; +infinity when B > 0 and f <= 0
     */
    double Latency(double f) const;
    /**
     * \param f the server share in FLOP/s
     * \return the server time B / f (0 when B == 0; +infinity when B > 0 and f <= 0)
     */
    double ServerTime(double f) const;
    /**
     * \return true if at least one layer runs on the server
     */
    bool Offloads() const;
};

/**
 * \ingroup dnn-surgery
 * A placement x: x_v = onServer[v] for every layer index v.
 */
struct Placement
{
    std::vector<bool> onServer; //!< x_v by layer index (false = device)

    /**
     * \return true if the two placements are equal
     * \param other the other placement
     */
    bool operator==(const Placement& other) const;
    /**
     * \return a compact text form: one character per layer, 'D' device, 'S' server
     */
    std::string ToString() const;
};

/**
 * \ingroup dnn-surgery
 * A placement with its cost.
 */
struct PartitionResult
{
    Placement placement; //!< the placement
    PartitionCost cost;  //!< its cost, recomputed in double precision from the placement
    double cutValue{-1}; //!< the min-cut value in seconds (integer flow / 1e9); -1 if not a cut
};

} // namespace ns3

#endif /* PARTITION_COST_H */
