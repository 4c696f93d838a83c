/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_COMPARISON_H
#define DNN_SURGERY_COMPARISON_H

#include "scenario.h"

#include "ns3/result-store.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Runs the policies of a scenario on identical seeds and traffic into a result store, and
 * prints the comparison table from the database.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * What one simulation run produced besides its rows.
 */
struct ComparisonRun
{
    int64_t runId{-1};      //!< runs.id
    std::string policy;     //!< policy
    uint64_t seed{1};       //!< RngSeed
    uint64_t runNumber{1};  //!< RngRun
    std::string sweepValue; //!< sweep value ("" = none)
    double wallSeconds{0};  //!< wall-clock time of the run (s)
    double writeSeconds{0}; //!< of which writing rows to the database (s)
    /// per device, the application's own counts: issued, completed, fallback, failed,
    /// unfinished (left at the end), in flight
    std::vector<std::array<uint64_t, 6>> appCounts;
    /// per device, the requests the recorder wrote: completed, fallback, failed, unfinished
    std::vector<std::array<uint64_t, 4>> recordedCounts;
};

/**
 * \ingroup dnn-surgery
 * One task of a comparison's sweep plan: one policy on one sweep value, seed and run number,
 * i.e. exactly one simulation run. Task indices follow the order of RunAll (sweep value, then
 * seed, then run number, then policy), so the tasks of a plan together produce the runs of a
 * single-process RunAll, in the same order.
 */
struct ComparisonTask
{
    uint32_t index{0};      //!< task index (0 .. tasks-1)
    uint32_t sweepIndex{0}; //!< index into ScenarioReader::ExpandSweep(scenario)
    std::string sweepValue; //!< sweep value ("" = no sweep)
    uint64_t seed{1};       //!< RngSeed
    uint32_t runNumber{1};  //!< RngRun
    std::string policy;     //!< policy
};

/**
 * \ingroup dnn-surgery
 * The comparison: every policy of a scenario on the same topology, mobility and request
 * streams (same RngSeed / RngRun and fixed AssignStreams), each run written through a
 * ResultStore; the table is then read back from the database only.
 */
class DnnSurgeryComparison
{
  public:
    /**
     * \brief Simulate one policy on one seed (the scenario's sweep value already applied).
     * The run is marked complete only if the simulation finished; on an error it is marked
     * failed and the error rethrown.
     * \param scenario the scenario (an expansion of ScenarioReader::ExpandSweep)
     * \param policy policy name
     * \param seed RngSeed
     * \param runNumber RngRun
     * \param store the result store
     * \param gitCommit commit of the sources ("" if unknown)
     * \return the run's identity and counts
     */
    static ComparisonRun RunOne(const Scenario& scenario,
                                const std::string& policy,
                                uint64_t seed,
                                uint64_t runNumber,
                                ResultStore& store,
                                const std::string& gitCommit);

    /**
     * \brief Every sweep value x seed x run number x policy of a scenario.
     * \param scenario the scenario
     * \param store the result store
     * \param gitCommit commit of the sources
     * \param progress where to print one line per run (nullptr = silent)
     * \return the runs in order
     */
    static std::vector<ComparisonRun> RunAll(const Scenario& scenario,
                                             ResultStore& store,
                                             const std::string& gitCommit,
                                             std::ostream* progress);

    /**
     * \brief Print the comparison table of some runs, read from the database: per sweep value
     * and policy the request outcomes, mean / p50 / p95 / p99 latency, payment, game rounds,
     * the acceleration of dds over each policy (mean latency of the policy / of dds on the same
     * seed) and the price of anarchy (sum of per-device mean latencies, dds / optimum).
     * \param dbPath database file
     * \param runIds the runs (complete ones are shown)
     * \param os output
     */
    static void PrintTable(const std::string& dbPath,
                           const std::vector<int64_t>& runIds,
                           std::ostream& os);

    /**
     * \brief The sweep plan of a scenario: one task per sweep value x seed x run number x
     * policy, in the order RunAll runs them.
     * \param scenario the scenario
     * \return the tasks, task i at index i
     */
    static std::vector<ComparisonTask> ListTasks(const Scenario& scenario);

    /**
     * \brief Run one task of the sweep plan (the same run RunAll makes at that position).
     * \param scenario the scenario (not expanded)
     * \param task task index, < ListTasks(scenario).size(); a DnnSurgeryError otherwise
     * \param store the result store
     * \param gitCommit commit of the sources
     * \return the run
     */
    static ComparisonRun RunTask(const Scenario& scenario,
                                 uint32_t task,
                                 ResultStore& store,
                                 const std::string& gitCommit);

    /**
     * \brief Warnings about faults of this ns-3 release that the scenario can run into
     * (dnn-surgery-compat.h): one line each, with the workaround where there is one. Empty on
     * ns-3 releases without such faults (3.37 and later).
     * \param scenario the scenario (not expanded)
     * \return the warnings, without a trailing newline
     */
    static std::vector<std::string> VersionWarnings(const Scenario& scenario);

    /// \return the git commit of the module sources: $DNN_SURGERY_GIT_COMMIT, else
    /// `git rev-parse HEAD` in the source directory, else ""
    static std::string FindGitCommit();
};

} // namespace ns3

#endif /* DNN_SURGERY_COMPARISON_H */
