/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_RESULT_MERGER_H
#define DNN_SURGERY_RESULT_MERGER_H

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Merges result databases (one per task of a sweep) into one, remapping the run ids, and
 * digests a database's rows to compare two databases independently of their run ids.
 */

struct sqlite3;

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * What happened to one run of a source database.
 */
struct MergeEntry
{
    /// The outcomes.
    enum Action
    {
        MERGED,     //!< copied into the target as a new run
        DUPLICATE,  //!< the target already holds a complete run of the same task: left out
        INCOMPLETE, //!< the run is not 'complete' (running, failed, interrupted): left out
    };

    std::string source;      //!< source database
    int64_t sourceRunId{-1}; //!< runs.id in the source
    int64_t targetRunId{-1}; //!< runs.id in the target (the new one, or the duplicate)
    std::string status;      //!< runs.status in the source
    std::string task;        //!< "<scenario> <policy> seed <s> run <r> [<param>=<value>]"
    Action action{MERGED};   //!< outcome
    uint64_t rows{0};        //!< rows copied (MERGED)

    /// \return one line for a report
    std::string Describe() const;
};

/**
 * \ingroup dnn-surgery
 * Merges the complete runs of dnn-surgery result databases into one target database.
 *
 * Each source database is merged in one `BEGIN IMMEDIATE` transaction on the target: every
 * complete run gets a new id in the target, and its rows in every table with a `run_id` column
 * are copied in their order with `run_id` remapped. A run whose task (scenario text, policy,
 * seed, run number, sweep value, module version, ns-3 version, git commit) is already present
 * as a complete run of the target is left out, so merging a file twice, or two copies of one
 * task, changes nothing. A run that is not 'complete' is never merged: it is reported. Several
 * merges may write into one target at once (each waits for the other's transaction).
 *
 * The target, when it exists, must be a dnn-surgery result database: it is checked before
 * anything is written. A new target is created by ResultStore, and takes the sources'
 * `PRAGMA application_id` and `user_version` when they set them.
 */
class ResultMerger
{
  public:
    /**
     * \brief Open (create if needed) the target.
     * \param target target database file
     * \param busyTimeoutMs how long to wait for another writer of the target
     */
    explicit ResultMerger(const std::string& target, int busyTimeoutMs = 60000);
    /// Closes the target.
    ~ResultMerger();

    ResultMerger(const ResultMerger&) = delete;
    ResultMerger& operator=(const ResultMerger&) = delete;

    /**
     * \brief Merge one source database. A source that is not a dnn-surgery result database, or
     * has another schema version or application id, is a DnnSurgeryError and nothing of it is
     * written.
     * \param source source database file
     * \return one entry per run of the source, in run id order
     */
    std::vector<MergeEntry> Merge(const std::string& source);

    /// \return the ids of the target's complete runs, in id order
    std::vector<int64_t> GetCompleteRunIds() const;

    /**
     * \brief Whether a file is a dnn-surgery result database: it has the meta table with a
     * schema version and the runs table with the module's columns.
     * \param path database file (must exist)
     * \param why set to the reason when it is not
     * \return true if it is one
     */
    static bool IsResultDatabase(const std::string& path, std::string& why);

    /**
     * \brief A digest of the complete runs of a database, independent of run ids and of the
     * wall-clock columns (id, start_time, wall_seconds, pid, host): per table, the number of
     * rows and a 64-bit FNV-1a hash of its rows in the order (sweep parameter, sweep value,
     * seed, run number, policy, scenario, row order), each row prefixed with its run's task.
     * Two databases with the same digest hold the same rows.
     * \param path database file
     * \return one line per table, "<table> <rows> <hash>", tables in name order
     */
    static std::vector<std::string> Digest(const std::string& path);

  private:
    /**
     * \brief Execute SQL on the target; a DnnSurgeryError on failure.
     * \param sql statements
     */
    void Exec(const std::string& sql);

    std::string m_path;     //!< target file
    sqlite3* m_db{nullptr}; //!< target connection
};

} // namespace ns3

#endif /* DNN_SURGERY_RESULT_MERGER_H */
