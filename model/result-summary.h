/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_RESULT_SUMMARY_H
#define DNN_SURGERY_RESULT_SUMMARY_H

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Per-run figures computed in C++ from the raw rows of a result database (independently of the
 * SQL views, which the tests compare against it).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The reported figures of one run.
 */
struct RunSummary
{
    /// NaN, for a figure without data
    static constexpr double NONE = std::numeric_limits<double>::quiet_NaN();
    int64_t runId{-1};                 //!< runs.id
    std::string scenario;              //!< scenario name
    std::string policy;                //!< policy
    uint64_t seed{0};                  //!< RngSeed
    uint64_t runNumber{0};             //!< RngRun
    std::string sweepParameter;        //!< swept field, "" if none
    std::string sweepValue;            //!< its value (JSON text), "" if none
    std::string status;                //!< running | complete | failed
    uint32_t devices{0};               //!< devices recorded
    uint64_t issued{0};                //!< requests recorded
    uint64_t completed{0};             //!< outcome completed
    uint64_t fallback{0};              //!< outcome fallback
    uint64_t failed{0};                //!< outcome failed
    double meanLatency{NONE};          //!< mean latency of requests with a result (s)
    double p50Latency{NONE};           //!< nearest-rank median (s)
    double p95Latency{NONE};           //!< nearest-rank 95th percentile (s)
    double p99Latency{NONE};           //!< nearest-rank 99th percentile (s)
    double sumDeviceMeanLatency{NONE}; //!< sum over devices of the device's mean latency (s)
    double payment{0};                 //!< money paid by all devices: integral of f_i p(S) dt
    uint64_t withDeadline{0};          //!< requests that had a deadline
    uint64_t deadlineMet{0};           //!< of which met it
    double deadlineMetRatio{NONE};     //!< deadlineMet / withDeadline, NaN without deadlines
    uint64_t rounds{0};                //!< game rounds recorded
    uint64_t epochs{0};                //!< distinct game epochs
    uint64_t messages{0};              //!< control messages of the game
    uint64_t controlBytes{0};          //!< control bytes of the game
    double simDuration{NONE};          //!< simulated duration (s)
    double wallSeconds{NONE};          //!< wall-clock duration (s)
};

/**
 * \ingroup dnn-surgery
 * Reads run summaries from a result database.
 */
class ResultSummary
{
  public:
    /**
     * \brief Summaries of the runs of a database, in run id order.
     * \param path database file
     * \param completeOnly only runs with status 'complete'
     * \return one summary per run
     */
    static std::vector<RunSummary> Read(const std::string& path, bool completeOnly = true);

    /**
     * \brief Nearest-rank percentile: the k-th smallest value with k = ceil(percent n / 100)
     * (at least 1), with integer arithmetic.
     * \param sorted values in increasing order
     * \param percent 1..100
     * \return the percentile, NaN if empty
     */
    static double Percentile(const std::vector<double>& sorted, uint32_t percent);
};

} // namespace ns3

#endif /* DNN_SURGERY_RESULT_SUMMARY_H */
