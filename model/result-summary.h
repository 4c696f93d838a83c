/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_RESULT_SUMMARY_H
#define DNN_SURGERY_RESULT_SUMMARY_H

#include <cstdint>
#include <limits>
#include <map>
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
    int64_t runId{-1};          //!< runs.id
    std::string scenario;       //!< scenario name
    std::string policy;         //!< policy
    uint64_t seed{0};           //!< RngSeed
    uint64_t runNumber{0};      //!< RngRun
    std::string sweepParameter; //!< swept field, "" if none
    std::string sweepValue;     //!< its value (JSON text), "" if none
    std::string status;         //!< running | complete | failed
    uint32_t devices{0};        //!< devices recorded
    double warmup{0};           //!< warm-up (s): requests issued before it are left out
    uint64_t issued{0};         //!< requests issued after the warm-up
    uint64_t completed{0};      //!< outcome completed
    uint64_t fallback{0};       //!< outcome fallback
    uint64_t failed{0};         //!< outcome failed
    uint64_t unfinished{0};     //!< outcome unfinished: left pending at the end
    /// (completed + fallback) / (issued - unfinished): the share of resolved requests that got a
    /// result
    double completionRate{NONE};
    double meanLatency{NONE}; //!< mean latency of requests with a result (s)
    double p50Latency{NONE};  //!< nearest-rank median (s)
    double p95Latency{NONE};  //!< nearest-rank 95th percentile (s)
    double p99Latency{NONE};  //!< nearest-rank 99th percentile (s)
    /// mean latency counting each failed request at the request timeout (s); unfinished ones
    /// are left out (counted in unfinished)
    double meanLatencyTimeout{NONE};
    double requestTimeout{NONE};       //!< the timeout used for failures (s), from run_metrics
    double sumDeviceMeanLatency{NONE}; //!< sum over devices of the device's mean latency (s)
    double jainIndex{NONE};            //!< Jain's index of the per-device mean latencies
    double worstDeviceP95{NONE};       //!< the largest per-device p95 latency (s)
    /// reservation billing over [warm-up, end]: integral of f_i p(S) dt, all devices
    double payment{0};
    /// usage billing over the same requests: sum of server FLOP x p(S) (p(S) is money per FLOP)
    double paymentUsage{0};
    /// sum over devices of J_i per request = latency (failures at the timeout) + lambda_i x
    /// reservation payment per request, in seconds (formulation section 8)
    double sumCostPerRequest{NONE};
    /// median over offloaded requests with a result of |predicted - measured| / measured
    double medianPredictionError{NONE};
    uint64_t withDeadline{0};              //!< requests that had a deadline
    uint64_t deadlineMet{0};               //!< of which met it
    double deadlineMetRatio{NONE};         //!< deadlineMet / withDeadline, NaN without deadlines
    uint64_t rounds{0};                    //!< game rounds recorded
    uint64_t epochs{0};                    //!< distinct game epochs
    uint64_t messages{0};                  //!< control messages of the game
    uint64_t controlBytes{0};              //!< control bytes of the game
    double simDuration{NONE};              //!< simulated duration (s)
    double wallSeconds{NONE};              //!< wall-clock duration (s)
    std::map<std::string, double> metrics; //!< the run's run_metrics rows (name -> value)
    // mobility (requests and handovers after the warm-up; schema 4)
    uint64_t handovers{0};              //!< handovers started after the warm-up
    uint64_t handoversFailed{0};        //!< of which did not end in a cell
    double medianInterruption{NONE};    //!< median interruption the application saw (s)
    uint64_t crossed{0};                //!< requests resolved that crossed a handover
    uint64_t crossedFallback{0};        //!< of which fell back or failed
    double meanLatencyCrossed{NONE};    //!< mean latency of those with a result (s)
    double meanLatencyNotCrossed{NONE}; //!< mean latency of the other requests with a result (s)

    /**
     * \brief A run metric.
     * \param name metric name
     * \return its value, NaN when the run has none
     */
    double Metric(const std::string& name) const
    {
        auto it = metrics.find(name);
        return it == metrics.end() ? NONE : it->second;
    }
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
