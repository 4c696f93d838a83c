/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "result-store.h"

#include "dnn-surgery-error.h"
#include "dnn-surgery-version.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace ns3
{

namespace
{

/**
 * Schema version, written as PRAGMA user_version and into the meta table.
 * 1: the first schema (no application id; status running/complete/failed).
 * 2: PRAGMA application_id = APPLICATION_ID; status 'interrupted'; requests.deadline and
 *    requests.deadline_met.
 */
constexpr int SCHEMA_VERSION = 4;

/// PRAGMA application_id of a dnn-surgery database: "DNNS" in ASCII.
constexpr int32_t APPLICATION_ID = 0x444E4E53;

/// The tables of schema version 1, by which a database of ours without an application id is
/// recognised (and upgraded).
const std::set<std::string> V1_TABLES = {"meta",
                                         "runs",
                                         "devices",
                                         "game_rounds",
                                         "allocations",
                                         "placements",
                                         "requests",
                                         "rate_estimates",
                                         "run_metrics"};

/// The views of every schema version (dropped and re-created by an upgrade).
const char* const VIEWS[] = {"measured_requests",
                             "run_outcomes",
                             "run_latency",
                             "device_latency",
                             "device_payments",
                             "run_game",
                             "policy_summary"};

/// How many times a busy transaction is retried (each retry already waited busyTimeoutMs).
constexpr int MAX_BUSY_RETRIES = 20;

/**
 * The schema. Every statement is idempotent so that several processes may open one database.
 * Percentiles are nearest-rank: the k-th smallest latency with k = ceil(p n), computed with
 * integers as (100 p n + 99) / 100 so that SQL and C++ agree exactly.
 */
const char* const SCHEMA_SQL = R"SQL(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario        TEXT NOT NULL,
  policy          TEXT NOT NULL,
  seed            INTEGER NOT NULL,
  run_number      INTEGER NOT NULL,
  sweep_parameter TEXT NOT NULL DEFAULT '',
  sweep_value     TEXT NOT NULL DEFAULT '',
  module_version  TEXT NOT NULL,
  ns3_version     TEXT NOT NULL,
  git_commit      TEXT NOT NULL DEFAULT '',
  scenario_text   TEXT NOT NULL,
  sim_duration    REAL,
  warmup          REAL NOT NULL DEFAULT 0,
  start_time      TEXT NOT NULL,
  wall_seconds    REAL,
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted')),
  message         TEXT NOT NULL DEFAULT '',
  pid             INTEGER,
  host            TEXT
);
CREATE TABLE IF NOT EXISTS devices (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  device       INTEGER NOT NULL,
  node_id      INTEGER,
  model        TEXT,
  device_class TEXT,
  lambda       REAL,
  pattern      TEXT,
  request_rate REAL,
  x            REAL,
  y            REAL,
  join_time    REAL,
  leave_time   REAL,
  PRIMARY KEY (run_id, device)
);
CREATE TABLE IF NOT EXISTS game_rounds (
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  start_time    REAL,
  time          REAL NOT NULL,
  epoch         INTEGER NOT NULL,
  rounds        INTEGER NOT NULL,
  trigger       TEXT,
  players       INTEGER,
  aggregate     REAL,
  price         REAL,
  changes       INTEGER,
  messages      INTEGER,
  control_bytes INTEGER,
  potential     REAL,
  converged     INTEGER,
  aborted       INTEGER
);
CREATE TABLE IF NOT EXISTS allocations (
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  time    REAL NOT NULL,
  epoch   INTEGER,
  round   INTEGER,
  device  INTEGER NOT NULL,
  demand  REAL,
  granted REAL NOT NULL,
  price   REAL,
  payment REAL
);
CREATE TABLE IF NOT EXISTS placements (
  run_id            INTEGER NOT NULL REFERENCES runs(id),
  time              REAL NOT NULL,
  device            INTEGER NOT NULL,
  placement         TEXT,
  layers_on_server  INTEGER,
  bytes_up          REAL,
  bytes_down        REAL,
  a                 REAL,
  b                 REAL,
  share             REAL,
  predicted_latency REAL
);
CREATE TABLE IF NOT EXISTS requests (
  run_id           INTEGER NOT NULL REFERENCES runs(id),
  device           INTEGER NOT NULL,
  request          INTEGER NOT NULL,
  issued           REAL,
  device_start     REAL,
  device_end       REAL,
  upload_start     REAL,
  upload_end       REAL,
  server_queued    REAL,
  server_start     REAL,
  server_end       REAL,
  download_end     REAL,
  completed        REAL,
  bytes_up         REAL,
  bytes_down       REAL,
  outcome          TEXT NOT NULL CHECK (outcome IN ('completed', 'fallback', 'failed',
                                                'unfinished')),
  latency          REAL,
  share            REAL,
  layers_on_server INTEGER,
  deadline         REAL,
  deadline_met     INTEGER,
  predicted        REAL,
  server_work      REAL,
  server           INTEGER NOT NULL DEFAULT 0,
  cell             INTEGER,
  crossed_handover INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS rate_estimates (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  time         REAL NOT NULL,
  device       INTEGER NOT NULL,
  uplink_bps   REAL,
  downlink_bps REAL,
  rtt          REAL
);
CREATE TABLE IF NOT EXISTS handovers (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  device       INTEGER NOT NULL,
  time         REAL NOT NULL,
  kind         TEXT NOT NULL,
  source       INTEGER,
  target       INTEGER,
  end_time     REAL,
  ok           INTEGER NOT NULL,
  interruption REAL,
  in_flight    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS run_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name   TEXT NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, name)
);
CREATE INDEX IF NOT EXISTS devices_run ON devices(run_id);
CREATE INDEX IF NOT EXISTS game_rounds_run ON game_rounds(run_id);
CREATE INDEX IF NOT EXISTS allocations_run ON allocations(run_id);
CREATE INDEX IF NOT EXISTS placements_run ON placements(run_id);
CREATE INDEX IF NOT EXISTS rate_estimates_run ON rate_estimates(run_id);
CREATE INDEX IF NOT EXISTS handovers_run ON handovers(run_id);

CREATE VIEW IF NOT EXISTS measured_requests AS
SELECT q.* FROM requests q JOIN runs r ON r.id = q.run_id WHERE q.issued >= r.warmup;

CREATE VIEW IF NOT EXISTS run_outcomes AS
SELECT run_id,
       COUNT(*) AS issued,
       SUM(outcome = 'completed') AS completed,
       SUM(outcome = 'fallback') AS fallback,
       SUM(outcome = 'failed') AS failed,
       SUM(bytes_up) AS bytes_up,
       SUM(bytes_down) AS bytes_down,
       COUNT(deadline_met) AS with_deadline,
       SUM(deadline_met) AS deadline_met,
       SUM(outcome = 'unfinished') AS unfinished
FROM measured_requests GROUP BY run_id;

CREATE VIEW IF NOT EXISTS run_latency AS
SELECT run_id,
       COUNT(*) AS n,
       AVG(latency) AS mean_latency,
       MAX(CASE WHEN rnk = MAX(1, (50 * cnt + 99) / 100) THEN latency END) AS p50_latency,
       MAX(CASE WHEN rnk = MAX(1, (95 * cnt + 99) / 100) THEN latency END) AS p95_latency,
       MAX(CASE WHEN rnk = MAX(1, (99 * cnt + 99) / 100) THEN latency END) AS p99_latency,
       MAX(latency) AS max_latency
FROM (SELECT run_id, latency,
             ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY latency) AS rnk,
             COUNT(*) OVER (PARTITION BY run_id) AS cnt
      FROM measured_requests WHERE latency IS NOT NULL)
GROUP BY run_id;

CREATE VIEW IF NOT EXISTS device_latency AS
SELECT run_id, device,
       COUNT(*) AS issued,
       SUM(outcome = 'completed') AS completed,
       SUM(outcome = 'fallback') AS fallback,
       SUM(outcome = 'failed') AS failed,
       AVG(latency) AS mean_latency,
       SUM(outcome = 'unfinished') AS unfinished
FROM measured_requests GROUP BY run_id, device;

CREATE VIEW IF NOT EXISTS device_payments AS
SELECT a.run_id, a.device,
       SUM(a.payment * (COALESCE(a.next_time, r.sim_duration) - a.time)) AS paid
FROM (SELECT run_id, device, time, payment,
             LEAD(time) OVER (PARTITION BY run_id, device ORDER BY time, rowid) AS next_time
      FROM allocations) a
JOIN runs r ON r.id = a.run_id
GROUP BY a.run_id, a.device;

CREATE VIEW IF NOT EXISTS run_game AS
SELECT run_id,
       SUM(rounds) AS rounds,
       COUNT(*) AS epochs,
       SUM(messages) AS messages,
       SUM(control_bytes) AS control_bytes
FROM game_rounds GROUP BY run_id;

CREATE VIEW IF NOT EXISTS policy_summary AS
SELECT r.id AS run_id, r.scenario, r.policy, r.seed, r.run_number,
       r.sweep_parameter, r.sweep_value, r.status,
       o.issued, o.completed, o.fallback, o.failed, o.unfinished,
       l.mean_latency, l.p50_latency, l.p95_latency, l.p99_latency,
       CAST(o.deadline_met AS REAL) / NULLIF(o.with_deadline, 0) AS deadline_met_ratio,
       (SELECT SUM(paid) FROM device_payments p WHERE p.run_id = r.id) AS payment,
       COALESCE(g.rounds, 0) AS rounds,
       COALESCE(g.messages, 0) AS messages,
       COALESCE(g.control_bytes, 0) AS control_bytes,
       r.wall_seconds
FROM runs r
LEFT JOIN run_outcomes o ON o.run_id = r.id
LEFT JOIN run_latency l ON l.run_id = r.id
LEFT JOIN run_game g ON g.run_id = r.id;
)SQL";

/**
 * \param v a value
 * \return whether it should be stored as NULL
 */
bool
IsNone(double v)
{
    return std::isnan(v);
}

/**
 * Bind a double, NaN as NULL.
 * \param s statement
 * \param i parameter index (1-based)
 * \param v value
 */
void
BindReal(sqlite3_stmt* s, int i, double v)
{
    if (IsNone(v))
    {
        sqlite3_bind_null(s, i);
    }
    else
    {
        sqlite3_bind_double(s, i, v);
    }
}

/**
 * \brief Bind a non-negative integer, or NULL for a negative one ("none").
 * \param s statement
 * \param i parameter index
 * \param v the value
 */
void
BindCount(sqlite3_stmt* s, int i, int64_t v)
{
    if (v < 0)
    {
        sqlite3_bind_null(s, i);
    }
    else
    {
        sqlite3_bind_int64(s, i, v);
    }
}

/**
 * Bind a text (copied by SQLite).
 * \param s statement
 * \param i parameter index (1-based)
 * \param v value
 */
void
BindText(sqlite3_stmt* s, int i, const std::string& v)
{
    sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

/// \return the current UTC time as ISO 8601
std::string
NowIso()
{
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// \return the host name
std::string
HostName()
{
    char buf[256] = {0};
    if (gethostname(buf, sizeof(buf) - 1) != 0)
    {
        return "";
    }
    return buf;
}

/// Columns of a request row.
constexpr int REQUEST_COLUMNS = 26;

/**
 * Bind one request row.
 * \param s statement
 * \param base parameter offset (0 for the first row of the statement)
 * \param run run id
 * \param r the request
 */
void
BindRequest(sqlite3_stmt* s, int base, sqlite3_int64 run, const RequestRecord& r)
{
    sqlite3_bind_int64(s, base + 1, run);
    sqlite3_bind_int64(s, base + 2, r.device);
    sqlite3_bind_int64(s, base + 3, static_cast<sqlite3_int64>(r.request));
    BindReal(s, base + 4, r.issued);
    BindReal(s, base + 5, r.deviceStart);
    BindReal(s, base + 6, r.deviceEnd);
    BindReal(s, base + 7, r.uploadStart);
    BindReal(s, base + 8, r.uploadEnd);
    BindReal(s, base + 9, r.serverQueued);
    BindReal(s, base + 10, r.serverStart);
    BindReal(s, base + 11, r.serverEnd);
    BindReal(s, base + 12, r.downloadEnd);
    BindReal(s, base + 13, r.completed);
    BindReal(s, base + 14, r.bytesUp);
    BindReal(s, base + 15, r.bytesDown);
    static const std::string names[] = {RequestOutcomeToString(RequestOutcome::COMPLETED),
                                        RequestOutcomeToString(RequestOutcome::FALLBACK),
                                        RequestOutcomeToString(RequestOutcome::FAILED),
                                        RequestOutcomeToString(RequestOutcome::UNFINISHED)};
    sqlite3_bind_text(s, base + 16, names[static_cast<int>(r.outcome)].c_str(), -1, SQLITE_STATIC);
    BindReal(s, base + 17, r.latency);
    BindReal(s, base + 18, r.share);
    sqlite3_bind_int64(s, base + 19, r.layersOnServer);
    BindReal(s, base + 20, r.deadline);
    if (r.deadlineMet < 0)
    {
        sqlite3_bind_null(s, base + 21);
    }
    else
    {
        sqlite3_bind_int(s, base + 21, r.deadlineMet);
    }
    BindReal(s, base + 22, r.predicted);
    BindReal(s, base + 23, r.serverWork);
    sqlite3_bind_int64(s, base + 24, r.server);
    BindCount(s, base + 25, r.cell);
    sqlite3_bind_int(s, base + 26, r.crossedHandover ? 1 : 0);
}

} // namespace

std::string
RequestOutcomeToString(RequestOutcome outcome)
{
    switch (outcome)
    {
    case RequestOutcome::COMPLETED:
        return "completed";
    case RequestOutcome::FALLBACK:
        return "fallback";
    case RequestOutcome::FAILED:
        return "failed";
    case RequestOutcome::UNFINISHED:
        return "unfinished";
    }
    return "failed";
}

ResultStore::ResultStore(const std::string& path, uint32_t batchSize, int busyTimeoutMs)
    : m_path(path),
      m_batchSize(batchSize == 0 ? 1 : batchSize),
      m_busyTimeoutMs(busyTimeoutMs)
{
    for (auto& s : m_stmt)
    {
        s = nullptr;
    }
    int rc = sqlite3_open_v2(path.c_str(),
                             &m_db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK)
    {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DnnSurgeryError(path + ": cannot open the result database: " + msg);
    }
    sqlite3_busy_timeout(m_db, m_busyTimeoutMs);
    sqlite3_extended_result_codes(m_db, 0);
    try
    {
        // What the file is, read before anything is written to it: a database that is not
        // ours, or of an unknown version, is refused untouched.
        const int found = CheckIdentity();
        // WAL lets readers and one writer proceed together; NORMAL sync is safe in WAL mode
        // against an application crash.
        Exec("PRAGMA journal_mode=WAL");
        Exec("PRAGMA synchronous=NORMAL");
        // NORMAL syncs only at checkpoints: checkpoint every 64 MiB of WAL rather than 4 MiB
        Exec("PRAGMA wal_autocheckpoint=16384");
        Exec("PRAGMA cache_size=-32768"); // 32 MiB
        if (found > 0 && found < SCHEMA_VERSION)
        {
            Upgrade(found);
        }
        CreateSchema();
        Prepare();
    }
    catch (...)
    {
        for (auto& s : m_stmt)
        {
            sqlite3_finalize(s);
            s = nullptr;
        }
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

ResultStore::~ResultStore()
{
    try
    {
        Flush();
    }
    catch (...)
    {
        // a destructor must not throw; the run stays 'running' and the rows are lost with it
    }
    for (auto& s : m_stmt)
    {
        sqlite3_finalize(s);
    }
    // The last connection leaves the file in rollback-journal mode, so that no -wal or -shm
    // file stays behind, even when a read-only reader opens it later. With another connection
    // open this fails (busy) and changes nothing; the next writer turns WAL on again.
    if (m_db)
    {
        sqlite3_busy_timeout(m_db, 0);
        sqlite3_exec(m_db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    }
    sqlite3_close(m_db);
}

void
ResultStore::Fail(const std::string& what, int rc) const
{
    Fail(what, rc, ErrorText(rc));
}

void
ResultStore::Fail(const std::string& what, int rc, const std::string& message) const
{
    throw DnnSurgeryError(m_path + ": " + what + ": " + message + " (SQLite code " +
                          std::to_string(rc) + ")");
}

std::string
ResultStore::ErrorText(int rc) const
{
    std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    if (!m_db)
    {
        return msg;
    }
    // what the I/O error was: SQLite's extended code, and the operating system's reason when
    // SQLite kept it (ENOSPC, EFBIG, EROFS, ...)
    const int extended = sqlite3_extended_errcode(m_db);
    const int err = sqlite3_system_errno(m_db);
    std::string detail;
    switch (extended)
    {
    case SQLITE_IOERR_WRITE:
    case SQLITE_IOERR_SHORT_READ:
    case SQLITE_IOERR_TRUNCATE:
    case SQLITE_IOERR_FSYNC:
        detail = "a write to the database or its WAL failed: the disk may be full, the file may "
                 "have reached the size limit (ulimit -f), or the device failed";
        break;
    case SQLITE_FULL:
        detail = "no space left for the database (disk full or its size limit reached)";
        break;
    default:
        break;
    }
    if (err != 0 && ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
                     (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY))
    {
        detail += std::string(detail.empty() ? "" : "; ") + "system error: " + std::strerror(err);
    }
    if (!detail.empty())
    {
        msg += " (" + detail + ")";
    }
    return msg;
}

void
ResultStore::Exec(const std::string& sql)
{
    for (int attempt = 0;; ++attempt)
    {
        char* err = nullptr;
        int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
        sqlite3_free(err);
        if (rc == SQLITE_OK)
        {
            return;
        }
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < MAX_BUSY_RETRIES)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt + 1)));
            continue;
        }
        Fail("cannot execute '" + sql.substr(0, 60) + "'", rc);
    }
}

template <typename F>
void
ResultStore::Transaction(F body)
{
    for (int attempt = 0;; ++attempt)
    {
        // IMMEDIATE takes the write lock at once (waiting up to the busy timeout), so that a
        // transaction never has to upgrade a read lock, which SQLite cannot wait for.
        int rc = sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        {
            if (attempt < MAX_BUSY_RETRIES)
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt + 1)));
                continue;
            }
            Fail("database stayed locked by another writer", rc);
        }
        if (rc != SQLITE_OK)
        {
            Fail("cannot begin a transaction", rc);
        }
        try
        {
            body();
        }
        catch (...)
        {
            if (!sqlite3_get_autocommit(m_db))
            {
                sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
            throw;
        }
        rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK)
        {
            return;
        }
        // SQLite's own reason (disk full, read-only, I/O error) is taken before the rollback,
        // which would replace it; a failed COMMIT may already have rolled back by itself.
        const std::string message = ErrorText(rc);
        if (!sqlite3_get_autocommit(m_db))
        {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < MAX_BUSY_RETRIES)
        {
            continue;
        }
        Fail("cannot commit", rc, message);
    }
}

void
ResultStore::CreateSchema()
{
    Transaction([this]() {
        char* err = nullptr;
        int rc = sqlite3_exec(m_db, SCHEMA_SQL, nullptr, nullptr, &err);
        std::string msg = err ? err : "";
        sqlite3_free(err);
        if (rc != SQLITE_OK)
        {
            throw DnnSurgeryError(m_path + ": cannot create the schema: " + msg);
        }
        // the version of an existing database must match
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(m_db,
                           "SELECT value FROM meta WHERE key = 'schema_version'",
                           -1,
                           &s,
                           nullptr);
        std::string found;
        if (sqlite3_step(s) == SQLITE_ROW)
        {
            found = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        }
        sqlite3_finalize(s);
        if (found.empty())
        {
            std::string sql = "INSERT INTO meta VALUES ('schema_version', '" +
                              std::to_string(SCHEMA_VERSION) + "')";
            if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            {
                Fail("cannot write the schema version", sqlite3_errcode(m_db));
            }
        }
        else if (found != std::to_string(SCHEMA_VERSION))
        {
            throw DnnSurgeryError(m_path + ": result database has schema version " + found +
                                  ", this module writes version " + std::to_string(SCHEMA_VERSION) +
                                  "; use a new file");
        }
        std::string stamp = "PRAGMA application_id = " + std::to_string(APPLICATION_ID) +
                            "; PRAGMA user_version = " + std::to_string(SCHEMA_VERSION);
        rc = sqlite3_exec(m_db, stamp.c_str(), nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
        {
            Fail("cannot write the schema version", rc);
        }
    });
}

int
ResultStore::QueryInt(const char* sql) const
{
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr);
    if (rc != SQLITE_OK)
    {
        std::string msg = ErrorText(rc);
        sqlite3_finalize(s);
        Fail("cannot read the file", rc, msg);
    }
    rc = sqlite3_step(s);
    int value = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    std::string msg = rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : ErrorText(rc);
    sqlite3_finalize(s);
    if (!msg.empty())
    {
        Fail("cannot read the file", rc, msg);
    }
    return value;
}

int
ResultStore::CheckIdentity()
{
    // One read transaction, so that the header and the schema are read from one snapshot: a
    // writer creating the database meanwhile is seen either not at all or complete.
    sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
    try
    {
        const int found = ReadIdentity();
        sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        return found;
    }
    catch (...)
    {
        if (!sqlite3_get_autocommit(m_db))
        {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

int
ResultStore::ReadIdentity() const
{
    // these reads write nothing; a file that is not SQLite fails here ("file is not a database")
    const int appId = QueryInt("PRAGMA application_id");
    const int version = QueryInt("PRAGMA user_version");
    std::set<std::string> tables;
    std::size_t objects = 0;
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(m_db,
                                "SELECT type, name FROM sqlite_master WHERE name NOT LIKE "
                                "'sqlite\\_%' ESCAPE '\\'",
                                -1,
                                &s,
                                nullptr);
    if (rc != SQLITE_OK)
    {
        std::string msg = ErrorText(rc);
        sqlite3_finalize(s);
        Fail("cannot read the file", rc, msg);
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    {
        ++objects;
        if (std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "table")
        {
            tables.insert(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
        }
    }
    std::string msg = rc == SQLITE_DONE ? "" : ErrorText(rc);
    sqlite3_finalize(s);
    if (!msg.empty())
    {
        Fail("cannot read the file", rc, msg);
    }
    auto list = [&tables]() {
        std::string l;
        for (const auto& t : tables)
        {
            l += (l.empty() ? "" : ", ") + t;
        }
        return l.empty() ? std::string("none") : l;
    };
    if (appId == APPLICATION_ID)
    {
        if (version > SCHEMA_VERSION || version < 1)
        {
            throw DnnSurgeryError(m_path + ": a dnn-surgery result database of schema version " +
                                  std::to_string(version) + ", which this version of the module (" +
                                  GetDnnSurgeryVersion() + ", schema version " +
                                  std::to_string(SCHEMA_VERSION) +
                                  ") does not know; nothing was written to it (use a new file, "
                                  "or the module version that wrote it)");
        }
        return version;
    }
    if (appId == 0 && objects == 0)
    {
        return 0; // a new (or empty) file
    }
    if (appId == 0 && version == 0 && tables == V1_TABLES &&
        QueryInt("SELECT count(*) FROM meta "
                 "WHERE key = "
                 "'schema_version' AND "
                 "value = '1'") == 1)
    {
        return 1; // written by the first version of the module: upgraded below
    }
    std::ostringstream id;
    id << std::hex << appId;
    throw DnnSurgeryError(m_path + ": not a dnn-surgery result database (application id 0x" +
                          id.str() + ", user version " + std::to_string(version) + ", tables: " +
                          list() + "); nothing was written to it; name a new file with --db");
}

void
ResultStore::Upgrade(int from)
{
    // 1 -> 2: the requests gained their deadline columns and the runs the status 'interrupted';
    // 2 -> 3: the runs gained their warm-up, the requests the outcome 'unfinished' (left at the
    // end, apart from failures) and the columns predicted and server_work. 3 -> 4: the requests
    // gained server, cell and crossed_handover (an old request: server 0, no cell, not crossed),
    // and the table handovers is new (created by CreateSchema()). SQLite cannot change a CHECK
    // constraint in place, so both tables are rebuilt (SQLite's documented procedure: create the
    // new table, copy, drop the old one, rename), copying the columns the old table has (the new
    // ones are NULL or their default: an old run had no warm-up), with the views dropped and
    // re-created by CreateSchema(). One transaction: the old file is either upgraded or left as it
    // was.
    Transaction([&]() {
        if (from < 1 || from > 3)
        {
            throw DnnSurgeryError(m_path + ": no upgrade from schema version " +
                                  std::to_string(from));
        }
        std::string sql;
        for (const char* v : VIEWS)
        {
            sql += std::string("DROP VIEW IF EXISTS ") + v + ";";
        }
        for (const std::string table : {"runs", "requests"})
        {
            std::vector<std::string> old;
            sqlite3_stmt* s = nullptr;
            int rc = sqlite3_prepare_v2(m_db,
                                        ("PRAGMA table_info(" + table + ")").c_str(),
                                        -1,
                                        &s,
                                        nullptr);
            while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            {
                old.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
            }
            sqlite3_finalize(s);
            if (rc != SQLITE_OK)
            {
                Fail("cannot read the columns of table " + table + " to upgrade it", rc);
            }
            const std::string head = "CREATE TABLE IF NOT EXISTS " + table + " (";
            const char* begin = std::strstr(SCHEMA_SQL, head.c_str());
            const char* stop = std::strstr(begin, ");");
            std::string create(begin, stop + 2);
            create.replace(0,
                           head.size() - 2,
                           "CREATE TABLE " + table + "_v" + std::to_string(SCHEMA_VERSION));
            std::string cols;
            for (const auto& c : old)
            {
                // only the columns the new table also has (all of them, so far)
                if (create.find("\n  " + c + " ") != std::string::npos)
                {
                    cols += (cols.empty() ? "" : ", ") + c;
                }
            }
            const std::string next = table + "_v" + std::to_string(SCHEMA_VERSION);
            sql += create + "INSERT INTO " + next + " (" + cols + ") SELECT " + cols + " FROM " +
                   table + "; DROP TABLE " + table + "; ALTER TABLE " + next + " RENAME TO " +
                   table + ";";
        }
        sql += "UPDATE meta SET value = '" + std::to_string(SCHEMA_VERSION) +
               "' WHERE key = 'schema_version';";
        char* err = nullptr;
        int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
        std::string msg = err ? err : ErrorText(rc);
        sqlite3_free(err);
        if (rc != SQLITE_OK)
        {
            Fail("cannot upgrade the database from schema version " + std::to_string(from),
                 rc,
                 msg);
        }
    });
}

void
ResultStore::Prepare()
{
    const char* sql[STMT_COUNT] = {
        "INSERT INTO devices (run_id, device, node_id, model, device_class, lambda, pattern, "
        "request_rate, x, y, join_time, leave_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO game_rounds (run_id, start_time, time, epoch, rounds, trigger, players, "
        "aggregate, price, changes, messages, control_bytes, potential, converged, aborted) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO allocations (run_id, time, epoch, round, device, demand, granted, price, "
        "payment) VALUES (?,?,?,?,?,?,?,?,?)",
        "INSERT INTO placements (run_id, time, device, placement, layers_on_server, bytes_up, "
        "bytes_down, a, b, share, predicted_latency) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO requests (run_id, device, request, issued, device_start, device_end, "
        "upload_start, upload_end, server_queued, server_start, server_end, download_end, "
        "completed, bytes_up, bytes_down, outcome, latency, share, layers_on_server, deadline, "
        "deadline_met, predicted, server_work, server, cell, crossed_handover) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO rate_estimates (run_id, time, device, uplink_bps, downlink_bps, rtt) "
        "VALUES (?,?,?,?,?,?)",
        "INSERT OR REPLACE INTO run_metrics (run_id, name, value) VALUES (?,?,?)",
        nullptr,
        "INSERT INTO handovers (run_id, device, time, kind, source, target, end_time, ok, "
        "interruption, in_flight) VALUES (?,?,?,?,?,?,?,?,?,?)",
    };
    // requests, the bulk of the rows, are also inserted REQUEST_BULK rows per statement
    std::string bulk = "INSERT INTO requests (run_id, device, request, issued, device_start, "
                       "device_end, upload_start, upload_end, server_queued, server_start, "
                       "server_end, download_end, completed, bytes_up, bytes_down, outcome, "
                       "latency, share, layers_on_server, deadline, deadline_met, predicted, "
                       "server_work, server, cell, crossed_handover) VALUES ";
    for (int k = 0; k < REQUEST_BULK; ++k)
    {
        bulk += k == 0 ? "" : ",";
        bulk += "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    }
    sql[STMT_REQUEST_BULK] = bulk.c_str();
    for (int i = 0; i < STMT_COUNT; ++i)
    {
        int rc =
            sqlite3_prepare_v3(m_db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &m_stmt[i], nullptr);
        if (rc != SQLITE_OK)
        {
            Fail("cannot prepare an insert", rc);
        }
    }
}

void
ResultStore::StepReset(sqlite3_stmt* stmt, const char* what)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
    {
        Fail(std::string("cannot insert into ") + what, rc);
    }
}

void
ResultStore::RequireRun() const
{
    if (m_runId < 0)
    {
        throw DnnSurgeryError(m_path + ": a row was added before BeginRun()");
    }
}

int64_t
ResultStore::BeginRun(const RunInfo& info)
{
    if (m_runId >= 0)
    {
        throw DnnSurgeryError(m_path + ": BeginRun() while run " + std::to_string(m_runId) +
                              " is still open (call EndRun first)");
    }
    int64_t id = -1;
    Transaction([&]() {
        sqlite3_stmt* s = nullptr;
        int rc = sqlite3_prepare_v2(
            m_db,
            "INSERT INTO runs (scenario, policy, seed, run_number, sweep_parameter, sweep_value, "
            "module_version, ns3_version, git_commit, scenario_text, sim_duration, start_time, "
            "status, pid, host, warmup) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'running',?,?,?)",
            -1,
            &s,
            nullptr);
        if (rc != SQLITE_OK)
        {
            Fail("cannot prepare the run insert", rc);
        }
        BindText(s, 1, info.scenarioName);
        BindText(s, 2, info.policy);
        sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(info.seed));
        sqlite3_bind_int64(s, 4, static_cast<sqlite3_int64>(info.runNumber));
        BindText(s, 5, info.sweepParameter);
        BindText(s, 6, info.sweepValue);
        BindText(s, 7, GetDnnSurgeryVersion());
        BindText(s, 8, GetDnnSurgeryNs3Version());
        BindText(s, 9, info.gitCommit);
        BindText(s, 10, info.scenarioText);
        BindReal(s, 11, info.simDuration);
        BindText(s, 12, NowIso());
        sqlite3_bind_int64(s, 13, static_cast<sqlite3_int64>(getpid()));
        BindText(s, 14, HostName());
        sqlite3_bind_double(s, 15, info.warmup);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
        {
            Fail("cannot insert the run", rc);
        }
        id = sqlite3_last_insert_rowid(m_db);
    });
    m_runId = id;
    return id;
}

int64_t
ResultStore::GetRunId() const
{
    return m_runId;
}

void
ResultStore::MaybeFlush()
{
    if (GetRowsPending() >= m_batchSize)
    {
        Flush();
    }
}

void
ResultStore::AddDevice(const DeviceRecord& record)
{
    RequireRun();
    m_devices.push_back(record);
    MaybeFlush();
}

void
ResultStore::AddGameRound(const GameRoundRecord& record)
{
    RequireRun();
    m_rounds.push_back(record);
    MaybeFlush();
}

void
ResultStore::AddAllocation(const AllocationRecord& record)
{
    RequireRun();
    m_allocations.push_back(record);
    MaybeFlush();
}

void
ResultStore::AddPlacement(const PlacementRecord& record)
{
    RequireRun();
    m_placements.push_back(record);
    MaybeFlush();
}

void
ResultStore::AddRequest(const RequestRecord& record)
{
    RequireRun();
    m_requests.push_back(record);
    if (m_requests.size() >= m_batchSize)
    {
        Flush();
    }
}

void
ResultStore::AddRateEstimate(const RateEstimateRecord& record)
{
    RequireRun();
    m_rates.push_back(record);
    MaybeFlush();
}

void
ResultStore::AddHandover(const HandoverRecord& record)
{
    RequireRun();
    m_handovers.push_back(record);
    MaybeFlush();
}

void
ResultStore::AddMetric(const std::string& name, double value)
{
    RequireRun();
    m_metrics.emplace_back(name, value);
    MaybeFlush();
}

uint64_t
ResultStore::GetRowsPending() const
{
    return m_devices.size() + m_rounds.size() + m_allocations.size() + m_placements.size() +
           m_requests.size() + m_rates.size() + m_metrics.size() + m_handovers.size();
}

uint64_t
ResultStore::GetRowsWritten() const
{
    return m_rowsWritten;
}

double
ResultStore::GetWriteSeconds() const
{
    return m_writeSeconds;
}

const std::string&
ResultStore::GetPath() const
{
    return m_path;
}

int
ResultStore::GetSchemaVersion()
{
    return SCHEMA_VERSION;
}

void
ResultStore::WritePending()
{
    const sqlite3_int64 run = m_runId;
    sqlite3_stmt* s = m_stmt[STMT_DEVICE];
    for (const auto& d : m_devices)
    {
        sqlite3_bind_int64(s, 1, run);
        sqlite3_bind_int64(s, 2, d.device);
        sqlite3_bind_int64(s, 3, d.nodeId);
        BindText(s, 4, d.model);
        BindText(s, 5, d.deviceClass);
        BindReal(s, 6, d.lambda);
        BindText(s, 7, d.pattern);
        BindReal(s, 8, d.requestRate);
        BindReal(s, 9, d.x);
        BindReal(s, 10, d.y);
        BindReal(s, 11, d.joinTime);
        BindReal(s, 12, d.leaveTime);
        StepReset(s, "devices");
    }
    s = m_stmt[STMT_ROUND];
    for (const auto& g : m_rounds)
    {
        sqlite3_bind_int64(s, 1, run);
        BindReal(s, 2, g.start);
        BindReal(s, 3, g.time);
        sqlite3_bind_int64(s, 4, g.epoch);
        sqlite3_bind_int64(s, 5, g.rounds);
        BindText(s, 6, g.trigger);
        sqlite3_bind_int64(s, 7, g.players);
        BindReal(s, 8, g.aggregate);
        BindReal(s, 9, g.price);
        sqlite3_bind_int64(s, 10, g.changes);
        sqlite3_bind_int64(s, 11, static_cast<sqlite3_int64>(g.messages));
        sqlite3_bind_int64(s, 12, static_cast<sqlite3_int64>(g.controlBytes));
        BindReal(s, 13, g.potential);
        sqlite3_bind_int(s, 14, g.converged ? 1 : 0);
        sqlite3_bind_int(s, 15, g.aborted ? 1 : 0);
        StepReset(s, "game_rounds");
    }
    s = m_stmt[STMT_ALLOCATION];
    for (const auto& a : m_allocations)
    {
        sqlite3_bind_int64(s, 1, run);
        BindReal(s, 2, a.time);
        sqlite3_bind_int64(s, 3, a.epoch);
        sqlite3_bind_int64(s, 4, a.round);
        sqlite3_bind_int64(s, 5, a.device);
        BindReal(s, 6, a.demand);
        BindReal(s, 7, a.granted);
        BindReal(s, 8, a.price);
        BindReal(s, 9, a.payment);
        StepReset(s, "allocations");
    }
    s = m_stmt[STMT_PLACEMENT];
    for (const auto& p : m_placements)
    {
        sqlite3_bind_int64(s, 1, run);
        BindReal(s, 2, p.time);
        sqlite3_bind_int64(s, 3, p.device);
        BindText(s, 4, p.placement);
        sqlite3_bind_int64(s, 5, p.layersOnServer);
        BindReal(s, 6, p.bytesUp);
        BindReal(s, 7, p.bytesDown);
        BindReal(s, 8, p.a);
        BindReal(s, 9, p.b);
        BindReal(s, 10, p.share);
        BindReal(s, 11, p.predictedLatency);
        StepReset(s, "placements");
    }
    std::size_t next = 0;
    s = m_stmt[STMT_REQUEST_BULK];
    while (m_requests.size() - next >= REQUEST_BULK)
    {
        for (int k = 0; k < REQUEST_BULK; ++k)
        {
            BindRequest(s, k * REQUEST_COLUMNS, run, m_requests[next++]);
        }
        StepReset(s, "requests");
    }
    s = m_stmt[STMT_REQUEST];
    while (next < m_requests.size())
    {
        BindRequest(s, 0, run, m_requests[next++]);
        StepReset(s, "requests");
    }
    s = m_stmt[STMT_RATE];
    for (const auto& e : m_rates)
    {
        sqlite3_bind_int64(s, 1, run);
        BindReal(s, 2, e.time);
        sqlite3_bind_int64(s, 3, e.device);
        BindReal(s, 4, e.uplinkBps);
        BindReal(s, 5, e.downlinkBps);
        BindReal(s, 6, e.rtt);
        StepReset(s, "rate_estimates");
    }
    s = m_stmt[STMT_METRIC];
    for (const auto& m : m_metrics)
    {
        sqlite3_bind_int64(s, 1, run);
        BindText(s, 2, m.first);
        BindReal(s, 3, m.second);
        StepReset(s, "run_metrics");
    }
    s = m_stmt[STMT_HANDOVER];
    for (const auto& h : m_handovers)
    {
        sqlite3_bind_int64(s, 1, run);
        sqlite3_bind_int64(s, 2, h.device);
        BindReal(s, 3, h.time);
        BindText(s, 4, h.kind);
        BindCount(s, 5, h.source);
        BindCount(s, 6, h.target);
        BindReal(s, 7, h.endTime);
        sqlite3_bind_int(s, 8, h.ok ? 1 : 0);
        BindReal(s, 9, h.interruption);
        sqlite3_bind_int64(s, 10, h.inFlight);
        StepReset(s, "handovers");
    }
}

void
ResultStore::Flush()
{
    if (GetRowsPending() == 0 || m_runId < 0)
    {
        return;
    }
    auto start = std::chrono::steady_clock::now();
    // a transaction retried after SQLITE_BUSY rewrites the whole buffer: the buffer is cleared
    // only once the commit succeeded, so no row is lost or written twice
    Transaction([this]() { WritePending(); });
    m_writeSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m_rowsWritten += GetRowsPending();
    ClearPending();
}

void
ResultStore::ClearPending()
{
    m_devices.clear();
    m_rounds.clear();
    m_allocations.clear();
    m_placements.clear();
    m_requests.clear();
    m_rates.clear();
    m_metrics.clear();
    m_handovers.clear();
}

void
ResultStore::EndRun(bool success, double wallSeconds, const std::string& message)
{
    Finish(success ? RUN_COMPLETE : RUN_FAILED, wallSeconds, message);
}

void
ResultStore::Finish(RunStatus status, double wallSeconds, const std::string& message)
{
    const bool success = status == RUN_COMPLETE;
    if (m_runId < 0)
    {
        throw DnnSurgeryError(m_path + ": EndRun() without an open run");
    }
    if (success)
    {
        Flush(); // a failure here throws and the run stays 'running', never 'complete'
    }
    else
    {
        try
        {
            Flush(); // keep what the failed run produced, if the database allows
        }
        catch (const DnnSurgeryError&)
        {
            // marking the run failed below matters more than its last rows, which must not
            // leak into the next run
            ClearPending();
        }
    }
    auto update = [&]() {
        sqlite3_stmt* s = nullptr;
        int rc = sqlite3_prepare_v2(
            m_db,
            "UPDATE runs SET status = ?, wall_seconds = ?, message = ? WHERE id = ?",
            -1,
            &s,
            nullptr);
        if (rc != SQLITE_OK)
        {
            Fail("cannot prepare the run update", rc);
        }
        sqlite3_bind_text(s,
                          1,
                          success                     ? "complete"
                          : status == RUN_INTERRUPTED ? "interrupted"
                                                      : "failed",
                          -1,
                          SQLITE_STATIC);
        BindReal(s, 2, wallSeconds);
        BindText(s, 3, message);
        sqlite3_bind_int64(s, 4, m_runId);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
        {
            Fail("cannot update the run status", rc);
        }
    };
    if (success)
    {
        Transaction(update);
    }
    else
    {
        try
        {
            Transaction(update);
        }
        catch (const DnnSurgeryError&)
        {
            // A write error (full disk, file size limit) may have come from the WAL, which a
            // checkpoint empties; then the one-row update fits. If it still fails, the error
            // is reported and the run stays 'running', which no summary counts as complete.
            sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
            Transaction(update);
        }
    }
    m_runId = -1;
}

void
ResultStore::MarkFailed(const std::string& message)
{
    if (m_runId < 0)
    {
        return;
    }
    Finish(RUN_FAILED, std::numeric_limits<double>::quiet_NaN(), message);
}

void
ResultStore::MarkInterrupted(const std::string& message, double wallSeconds)
{
    if (m_runId < 0)
    {
        return;
    }
    Finish(RUN_INTERRUPTED, wallSeconds, message);
}

void
ResultStore::SetMaxPages(uint32_t pages)
{
    Exec("PRAGMA max_page_count = " + std::to_string(pages));
}

} // namespace ns3
