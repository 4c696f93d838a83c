/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_RESULT_STORE_H
#define DNN_SURGERY_RESULT_STORE_H

#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The SQLite result store: every run, device, game round, allocation, placement, request and
 * rate estimate of a simulation goes through it into one database (schema in the module doc,
 * section "Output").
 */

struct sqlite3;
struct sqlite3_stmt;

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Identity of one simulation run (one policy on one seed and one sweep point).
 */
struct RunInfo
{
    std::string scenarioName;   //!< scenario "name" field
    std::string policy;         //!< policy compared (local, dads, dds, ...)
    uint64_t seed{1};           //!< RngSeed
    uint64_t runNumber{1};      //!< RngRun
    std::string sweepParameter; //!< swept field ("" when no sweep)
    std::string sweepValue;     //!< its value in this run, as JSON text ("" when no sweep)
    std::string gitCommit;      //!< git commit of the module sources ("" when unknown)
    std::string scenarioText;   //!< the resolved scenario (JSON) this run used
    double simDuration{0};      //!< simulated duration (s)
    double warmup{0}; //!< warm-up (s): requests issued before it are left out of the statistics
};

/**
 * \ingroup dnn-surgery
 * One mobile device of a run.
 */
struct DeviceRecord
{
    uint32_t device{0};      //!< device index i (0..N-1)
    uint32_t nodeId{0};      //!< ns-3 node id
    std::string model;       //!< DNN model name
    std::string deviceClass; //!< compute profile of the device
    double lambda{0};        //!< lambda_i, cost weight (s per money unit)
    std::string pattern;     //!< request pattern (periodic | poisson)
    double requestRate{0};   //!< requests per second
    double x{0};             //!< initial position x (m)
    double y{0};             //!< initial position y (m)
    double joinTime{0};      //!< time the device starts (s)
    double leaveTime{std::numeric_limits<double>::quiet_NaN()}; //!< time it stops (s), NaN = end
};

/**
 * \ingroup dnn-surgery
 * One epoch of the allocation game as seen by the server: the rounds from a trigger (join,
 * leave, rate change) to the equilibrium or the round limit. For the policies without a game
 * an epoch is one recomputation of the allocation (rounds = 0).
 */
struct GameRoundRecord
{
    double time{0};           //!< simulated time at the end of the epoch (s)
    double start{0};          //!< simulated time at the start of the epoch (s)
    uint32_t epoch{0};        //!< epoch number
    uint32_t rounds{0};       //!< full rounds (passes over the devices) the epoch took
    std::string trigger;      //!< what started it ("join", "leave", "rate", ...)
    uint32_t players{0};      //!< N, devices in the game
    double aggregate{0};      //!< S = sum_j f_j at the end (FLOP/s)
    double price{0};          //!< p(S) = p0 + kappa S at the end
    uint32_t changes{0};      //!< devices whose share changed during the epoch
    uint64_t messages{0};     //!< control messages exchanged in the epoch
    uint64_t controlBytes{0}; //!< control bytes exchanged in the epoch
    double potential{std::numeric_limits<double>::quiet_NaN()}; //!< Phi(f) if known, else NaN
    bool converged{false}; //!< ended by a round with no change (epsilon-NE)
    bool aborted{false};   //!< interrupted by a new trigger
};

/**
 * \ingroup dnn-surgery
 * A server share granted to one device.
 */
struct AllocationRecord
{
    double time{0};     //!< simulated time of the grant (s)
    uint32_t epoch{0};  //!< game epoch (0 for policies without a game)
    uint32_t round{0};  //!< round within the epoch (0 without a game)
    uint32_t device{0}; //!< device index i
    double demand{0};   //!< share the device asked for (FLOP/s)
    double granted{0};  //!< share granted, f_i (FLOP/s)
    double price{0};    //!< unit price p(S) at the grant
    double payment{0};  //!< f_i * p(S), money per second
};

/**
 * \ingroup dnn-surgery
 * The placement a device uses from a given time on.
 */
struct PlacementRecord
{
    double time{0};             //!< simulated time the placement was chosen (s)
    uint32_t device{0};         //!< device index i
    std::string placement;      //!< one character per layer index: '0' device, '1' server
    uint32_t layersOnServer{0}; //!< number of '1's
    double bytesUp{0};          //!< bytes sent up per inference
    double bytesDown{0};        //!< bytes returned per inference
    double a{0};                //!< A_P: device + transfer time (s)
    double b{0};                //!< B_P: server work (FLOP)
    double share{0};            //!< f_i the placement was chosen for (FLOP/s)
    double predictedLatency{0}; //!< A_P + B_P / f_i (s)
};

/**
 * \ingroup dnn-surgery
 * How one request ended.
 */
enum class RequestOutcome
{
    COMPLETED,  //!< result returned (local or offloaded as planned)
    FALLBACK,   //!< offload abandoned, completed locally (link lost / timeout)
    FAILED,     //!< no result
    UNFINISHED, //!< still pending when the run ended (counted apart from failures)
};

/**
 * \ingroup dnn-surgery
 * \param outcome a request outcome
 * \return "completed", "fallback" or "failed"
 */
std::string RequestOutcomeToString(RequestOutcome outcome);

/**
 * \ingroup dnn-surgery
 * Every timestamp of one inference request. Stages that did not happen are NaN (NULL in the
 * database).
 */
struct RequestRecord
{
    /// NaN, the value of a stage that did not happen
    static constexpr double NONE = std::numeric_limits<double>::quiet_NaN();
    uint32_t device{0};        //!< device index i
    uint64_t request{0};       //!< request number within the device (0..)
    double issued{NONE};       //!< request arrival (s)
    double deviceStart{NONE};  //!< device-side compute start (s)
    double deviceEnd{NONE};    //!< device-side compute end (s)
    double uploadStart{NONE};  //!< first byte of the cut tensors handed to the socket (s)
    double uploadEnd{NONE};    //!< last byte received by the server (s)
    double serverQueued{NONE}; //!< server-side part queued (s)
    double serverStart{NONE};  //!< server-side compute start (s)
    double serverEnd{NONE};    //!< server-side compute end (s)
    double downloadEnd{NONE};  //!< result received by the device (s)
    double completed{NONE};    //!< request finished (result available) (s)
    double bytesUp{0};         //!< application bytes sent up
    double bytesDown{0};       //!< application bytes received
    RequestOutcome outcome{RequestOutcome::COMPLETED}; //!< how it ended
    double latency{NONE};                              //!< completed - issued (s), NaN when failed
    double share{NONE};          //!< f_i in force when the request was served (FLOP/s)
    uint32_t layersOnServer{0};  //!< layers placed on the server for this request
    double deadline{NONE};       //!< relative deadline (s), NaN when the request has none
    int deadlineMet{-1};         //!< 1 met, 0 missed, -1 no deadline
    double predicted{NONE};      //!< latency predicted when the request was planned (s)
    double serverWork{NONE};     //!< FLOP of the server part (0 local, NaN unknown)
    uint32_t server{0};          //!< the server the device used
    int64_t cell{-1};            //!< serving cell at issue (-1: none, NULL in the table)
    bool crossedHandover{false}; //!< a handover was in progress at issue or began before the end
};

/**
 * \ingroup dnn-surgery
 * A handover (LTE X2, Wi-Fi re-association), as the device's application saw it.
 */
struct HandoverRecord
{
    static constexpr double NONE = std::numeric_limits<double>::quiet_NaN(); //!< no value
    uint32_t device{0};                                                      //!< device index i
    double time{0};                                                          //!< handover start (s)
    std::string kind;          //!< "x2", "wifi-reassoc"
    int64_t source{-1};        //!< cell before (-1: none, NULL)
    int64_t target{-1};        //!< cell after (-1: none, NULL)
    double endTime{NONE};      //!< handover end (s), NaN if it did not end
    bool ok{false};            //!< ended in a cell with the connection kept
    double interruption{NONE}; //!< first data received after the end minus the start (s)
    uint32_t inFlight{0};      //!< offloaded requests awaiting their result at the start
};

/**
 * \ingroup dnn-surgery
 * A throughput / RTT estimate made by a device from its own transfers.
 */
struct RateEstimateRecord
{
    double time{0};        //!< simulated time (s)
    uint32_t device{0};    //!< device index i
    double uplinkBps{0};   //!< r_i estimate (bit/s)
    double downlinkBps{0}; //!< r'_i estimate (bit/s)
    double rtt{0};         //!< RTT_i estimate (s)
};

/**
 * \ingroup dnn-surgery
 * Writes simulation results into an SQLite database.
 *
 * One database may hold many runs, written by one or several processes at once: the database
 * is in WAL mode with a busy timeout, rows are buffered in memory and written in short
 * `BEGIN IMMEDIATE` transactions (every `batchSize` rows, on Flush() and at EndRun()), and a
 * transaction that meets SQLITE_BUSY is retried, so no row is lost. A run is created with
 * status 'running' by BeginRun() and marked 'complete' only by EndRun(true); EndRun(false) or
 * MarkFailed() mark it 'failed', MarkInterrupted() 'interrupted'; a process that dies leaves it
 * 'running'.
 *
 * The file is identified before anything is written to it: a dnn-surgery database carries
 * PRAGMA application_id 0x444E4E53 ("DNNS") and its schema version as PRAGMA user_version. A
 * file that is neither empty nor ours, or ours of an unknown version, is refused untouched; a
 * database of schema version 1 (which had no application id) is upgraded in one transaction.
 * After the last connection closes no -wal or -shm file is left.
 *
 * Not thread-safe: one store per thread.
 */
class ResultStore : public SimpleRefCount<ResultStore>
{
  public:
    /**
     * \brief Open (create if needed) a database and its schema.
     * \param path database file
     * \param batchSize rows buffered before a transaction is written (>= 1)
     * \param busyTimeoutMs how long SQLite waits for another writer before reporting busy
     */
    explicit ResultStore(const std::string& path,
                         uint32_t batchSize = 4096,
                         int busyTimeoutMs = 30000);
    /// Flushes pending rows and closes. A run not ended stays 'running'.
    ~ResultStore();

    ResultStore(const ResultStore&) = delete;
    ResultStore& operator=(const ResultStore&) = delete;

    /**
     * \brief Start a run: insert its row with status 'running'.
     * \param info identity of the run
     * \return the run id
     */
    int64_t BeginRun(const RunInfo& info);
    /// \return the id of the current run (-1 if none)
    int64_t GetRunId() const;

    /**
     * \brief Record a device of the current run.
     * \param record the device
     */
    void AddDevice(const DeviceRecord& record);
    /**
     * \brief Record a game round.
     * \param record the round
     */
    void AddGameRound(const GameRoundRecord& record);
    /**
     * \brief Record a share grant.
     * \param record the grant
     */
    void AddAllocation(const AllocationRecord& record);
    /**
     * \brief Record a placement change.
     * \param record the placement
     */
    void AddPlacement(const PlacementRecord& record);
    /**
     * \brief Record a finished request.
     * \param record the request
     */
    void AddRequest(const RequestRecord& record);
    /**
     * \brief Record a rate estimate.
     * \param record the estimate
     */
    void AddRateEstimate(const RateEstimateRecord& record);
    /**
     * \brief Record a handover.
     * \param record the handover
     */
    void AddHandover(const HandoverRecord& record);
    /**
     * \brief Record a scalar of the run (e.g. analytical price of anarchy).
     * \param name metric name
     * \param value its value
     */
    void AddMetric(const std::string& name, double value);

    /// Write the buffered rows in one transaction.
    void Flush();

    /**
     * \brief End the current run: flush, then mark it 'complete' (success) or 'failed'.
     * \param success whether the run finished normally
     * \param wallSeconds wall-clock duration of the run (s)
     * \param message error message of a failed run ("" otherwise)
     */
    void EndRun(bool success, double wallSeconds, const std::string& message = "");

    /**
     * \brief Mark the current run 'failed' (if one is open), discarding nothing already written.
     * \param message why it failed
     */
    void MarkFailed(const std::string& message);

    /**
     * \brief Mark the current run 'interrupted' (if one is open): stopped by a signal before its
     * end; what it wrote is kept, and the summaries, which read complete runs, leave it out.
     * \param message what stopped it
     * \param wallSeconds wall-clock duration until then (s)
     */
    void MarkInterrupted(const std::string& message, double wallSeconds);

    /**
     * \brief Limit the database file to a number of pages (SQLite's max_page_count): a write
     * beyond it fails as on a full disk, with SQLite's "database or disk is full".
     * \param pages the limit
     */
    void SetMaxPages(uint32_t pages);

    /// \return rows written to the database since the store was opened
    uint64_t GetRowsWritten() const;
    /// \return rows buffered and not yet written
    uint64_t GetRowsPending() const;
    /// \return the database path
    const std::string& GetPath() const;
    /// \return wall-clock seconds spent writing buffered rows to the database
    double GetWriteSeconds() const;

    /// \return the schema version written in the meta table
    static int GetSchemaVersion();

  private:
    /// How a run ends.
    enum RunStatus
    {
        RUN_COMPLETE,    //!< finished normally
        RUN_FAILED,      //!< an error stopped it
        RUN_INTERRUPTED, //!< a signal stopped it
    };

    /**
     * \brief End the current run with a status (see EndRun).
     * \param status how it ended
     * \param wallSeconds wall-clock duration (s)
     * \param message why, for a run that did not complete
     */
    void Finish(RunStatus status, double wallSeconds, const std::string& message);
    /**
     * \brief Identify the file before anything is written to it.
     * \return 0 for a new file, else the schema version of a database of ours; throws for
     * any other file
     */
    int CheckIdentity();
    /**
     * \brief The reads of CheckIdentity(), inside its read transaction.
     * \return as CheckIdentity()
     */
    int ReadIdentity() const;
    /**
     * \brief Upgrade a database of an older schema version to the current one.
     * \param from its version
     */
    void Upgrade(int from);
    /**
     * \brief Run a query that returns one integer.
     * \param sql the query
     * \return its value (0 when it returns no row)
     */
    int QueryInt(const char* sql) const;
    /**
     * \brief SQLite's message for the last error, with the operating system's reason.
     * \param rc the SQLite result code
     * \return the message
     */
    std::string ErrorText(int rc) const;
    /**
     * \brief Throw a DnnSurgeryError naming the database and the SQLite error.
     * \param what the operation that failed
     * \param rc SQLite result code
     * \param message SQLite's message, taken when the error happened
     */
    [[noreturn]] void Fail(const std::string& what, int rc, const std::string& message) const;

    /// Request rows per multi-row insert statement.
    static constexpr int REQUEST_BULK = 50;

    /// The prepared insert statements.
    enum Stmt
    {
        STMT_DEVICE,
        STMT_ROUND,
        STMT_ALLOCATION,
        STMT_PLACEMENT,
        STMT_REQUEST,
        STMT_RATE,
        STMT_METRIC,
        STMT_REQUEST_BULK,
        STMT_HANDOVER,
        STMT_COUNT,
    };

    /// \brief Create the tables and views if needed.
    void CreateSchema();
    /// \brief Prepare the insert statements.
    void Prepare();
    /**
     * \brief Execute SQL with retries on busy.
     * \param sql statements
     */
    void Exec(const std::string& sql);
    /**
     * \brief Run one write transaction (BEGIN IMMEDIATE ... COMMIT) with retries on busy.
     * \param body writes to perform; called again after a rollback on busy
     */
    template <typename F>
    void Transaction(F body);
    /// \brief Write the buffered rows; called inside a transaction.
    void WritePending();
    /// Drop the buffered rows.
    void ClearPending();
    /// Flush when the buffer holds batchSize rows.
    void MaybeFlush();
    /**
     * \brief Throw a DnnSurgeryError naming the database and the SQLite error.
     * \param what the operation that failed
     * \param rc SQLite result code
     */
    [[noreturn]] void Fail(const std::string& what, int rc) const;
    /**
     * \brief Step a bound statement to completion and reset it.
     * \param stmt the statement
     * \param what name of the operation for errors
     */
    void StepReset(sqlite3_stmt* stmt, const char* what);
    /// \brief Check that a run is open.
    void RequireRun() const;

    std::string m_path;               //!< database file
    uint32_t m_batchSize;             //!< rows per transaction
    int m_busyTimeoutMs;              //!< SQLite busy timeout
    sqlite3* m_db{nullptr};           //!< connection
    sqlite3_stmt* m_stmt[STMT_COUNT]; //!< prepared inserts
    int64_t m_runId{-1};              //!< current run
    uint64_t m_rowsWritten{0};        //!< rows committed
    double m_writeSeconds{0};         //!< time spent in Flush()

    std::vector<DeviceRecord> m_devices;                   //!< pending devices
    std::vector<GameRoundRecord> m_rounds;                 //!< pending rounds
    std::vector<AllocationRecord> m_allocations;           //!< pending allocations
    std::vector<PlacementRecord> m_placements;             //!< pending placements
    std::vector<RequestRecord> m_requests;                 //!< pending requests
    std::vector<RateEstimateRecord> m_rates;               //!< pending rate estimates
    std::vector<std::pair<std::string, double>> m_metrics; //!< pending metrics
    std::vector<HandoverRecord> m_handovers;               //!< pending handovers
};

} // namespace ns3

#endif /* DNN_SURGERY_RESULT_STORE_H */
