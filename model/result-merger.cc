/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "result-merger.h"

#include "dnn-surgery-error.h"
#include "result-store.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <sqlite3.h>
#include <thread>
#include <unistd.h>

namespace ns3
{

namespace
{

/// How many times a busy BEGIN / COMMIT is retried (each retry already waited the timeout).
constexpr int MAX_BUSY_RETRIES = 20;

/// Columns of runs that describe the process, not the results (left out of digests).
const std::set<std::string> WALL_CLOCK_COLUMNS = {"id",
                                                  "start_time",
                                                  "wall_seconds",
                                                  "pid",
                                                  "host"};

/// Columns of runs that a dnn-surgery result database has.
const std::vector<std::string> RUN_COLUMNS = {"id",
                                              "scenario",
                                              "policy",
                                              "seed",
                                              "run_number",
                                              "sweep_parameter",
                                              "sweep_value",
                                              "module_version",
                                              "ns3_version",
                                              "git_commit",
                                              "scenario_text",
                                              "status"};

/// The columns that identify a run's task (a complete run of the same task is a duplicate).
const std::vector<std::string> TASK_COLUMNS = {"scenario_text",
                                               "policy",
                                               "seed",
                                               "run_number",
                                               "sweep_parameter",
                                               "sweep_value",
                                               "module_version",
                                               "ns3_version",
                                               "git_commit"};

/// A prepared statement, finalized on scope exit.
class Statement
{
  public:
    /**
     * \brief Prepare.
     * \param db connection
     * \param sql statement
     * \param where database path for errors
     */
    Statement(sqlite3* db, const std::string& sql, const std::string& where)
    {
        int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr);
        if (rc != SQLITE_OK)
        {
            std::string msg = sqlite3_errmsg(db);
            sqlite3_finalize(m_stmt);
            throw DnnSurgeryError(where + ": " + msg + " (in '" + sql.substr(0, 80) + "')");
        }
    }

    ~Statement()
    {
        sqlite3_finalize(m_stmt);
    }

    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// \return the statement
    sqlite3_stmt* Get() const
    {
        return m_stmt;
    }

    /**
     * \brief Step.
     * \return true for a row, false when done
     */
    bool Step()
    {
        int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
        {
            return true;
        }
        if (rc == SQLITE_DONE)
        {
            return false;
        }
        throw DnnSurgeryError(std::string(sqlite3_errmsg(sqlite3_db_handle(m_stmt))) +
                              " (SQLite code " + std::to_string(rc) + ")");
    }

    /**
     * \brief Text of a column ("" for NULL).
     * \param i column
     * \return the text
     */
    std::string Text(int i) const
    {
        const unsigned char* t = sqlite3_column_text(m_stmt, i);
        return t ? reinterpret_cast<const char*>(t) : "";
    }

  private:
    sqlite3_stmt* m_stmt{nullptr}; //!< the statement
};

/**
 * \brief Quote an SQL identifier.
 * \param name identifier
 * \return "name" with inner quotes doubled
 */
std::string
Ident(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
    {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

/**
 * \brief Columns of a table.
 * \param db connection
 * \param schema schema name (main, src)
 * \param table table name
 * \param where path for errors
 * \return column names in order (empty if no such table)
 */
std::vector<std::string>
Columns(sqlite3* db, const std::string& schema, const std::string& table, const std::string& where)
{
    Statement s(db, "PRAGMA " + Ident(schema) + ".table_info(" + Ident(table) + ")", where);
    std::vector<std::string> out;
    while (s.Step())
    {
        out.push_back(s.Text(1));
    }
    return out;
}

/**
 * \brief The tables of a schema that hold per-run rows (those with a run_id column).
 * \param db connection
 * \param schema schema name
 * \param where path for errors
 * \return table names, in name order
 */
std::vector<std::string>
RunTables(sqlite3* db, const std::string& schema, const std::string& where)
{
    std::vector<std::string> tables;
    {
        Statement s(db,
                    "SELECT name FROM " + Ident(schema) +
                        ".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "ORDER BY name",
                    where);
        while (s.Step())
        {
            tables.push_back(s.Text(0));
        }
    }
    std::vector<std::string> out;
    for (const auto& t : tables)
    {
        auto cols = Columns(db, schema, t, where);
        if (std::find(cols.begin(), cols.end(), "run_id") != cols.end())
        {
            out.push_back(t);
        }
    }
    return out;
}

/**
 * \brief A single integer of a query.
 * \param db connection
 * \param sql query
 * \param where path for errors
 * \return the value (0 when no row)
 */
int64_t
QueryInt(sqlite3* db, const std::string& sql, const std::string& where)
{
    Statement s(db, sql, where);
    return s.Step() ? sqlite3_column_int64(s.Get(), 0) : 0;
}

/**
 * \brief Open a database file that must exist.
 * \param path file
 * \param flags SQLite open flags
 * \param busyTimeoutMs busy timeout
 * \return the connection
 */
sqlite3*
Open(const std::string& path, int flags, int busyTimeoutMs)
{
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
    {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw DnnSurgeryError(path + ": cannot open: " + msg);
    }
    sqlite3_busy_timeout(db, busyTimeoutMs);
    return db;
}

/**
 * \brief How to open a database only to read it: read-write when the file and its directory
 * are writable, so that SQLite removes the -wal / -shm files it needs on close (a read-only
 * connection leaves them behind), read-only otherwise. Nothing is written either way.
 * \param path database file
 * \return SQLite open flags
 */
int
ReadFlags(const std::string& path)
{
    std::string dir = std::filesystem::path(path).parent_path().string();
    bool writable =
        access(path.c_str(), W_OK) == 0 && access(dir.empty() ? "." : dir.c_str(), W_OK) == 0;
    return writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
}

/// 64-bit FNV-1a.
class Fnv
{
  public:
    /**
     * \brief Add bytes.
     * \param data bytes
     * \param n count
     */
    void Add(const void* data, std::size_t n)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i)
        {
            m_h ^= p[i];
            m_h *= 1099511628211ULL;
        }
    }

    /**
     * \brief Add one column value of a row, tagged with its type.
     * \param s statement on a row
     * \param i column
     */
    void AddColumn(sqlite3_stmt* s, int i)
    {
        int type = sqlite3_column_type(s, i);
        unsigned char tag = static_cast<unsigned char>(type);
        Add(&tag, 1);
        if (type == SQLITE_INTEGER)
        {
            int64_t v = sqlite3_column_int64(s, i);
            Add(&v, sizeof(v));
        }
        else if (type == SQLITE_FLOAT)
        {
            double v = sqlite3_column_double(s, i);
            Add(&v, sizeof(v));
        }
        else if (type != SQLITE_NULL)
        {
            const void* b = type == SQLITE_BLOB
                                ? sqlite3_column_blob(s, i)
                                : static_cast<const void*>(sqlite3_column_text(s, i));
            uint64_t n = sqlite3_column_bytes(s, i);
            Add(&n, sizeof(n));
            Add(b, n);
        }
    }

    /// \return the hash as 16 hex digits
    std::string Hex() const
    {
        char buf[17];
        std::snprintf(buf, sizeof(buf), "%016" PRIx64, m_h);
        return buf;
    }

  private:
    uint64_t m_h{14695981039346656037ULL}; //!< state
};

} // namespace

std::string
MergeEntry::Describe() const
{
    std::string head =
        source + ": run " + std::to_string(sourceRunId) + " (" + task + ", " + status + "): ";
    switch (action)
    {
    case MERGED:
        return head + "merged as run " + std::to_string(targetRunId) + " (" + std::to_string(rows) +
               " rows)";
    case DUPLICATE:
        return head + "already in the target as run " + std::to_string(targetRunId) + ", left out";
    case INCOMPLETE:
        return head + "NOT merged: the run is '" + status + "', not 'complete' (rerun the task)";
    }
    return head;
}

bool
ResultMerger::IsResultDatabase(const std::string& path, std::string& why)
{
    sqlite3* db = nullptr;
    try
    {
        db = Open(path, ReadFlags(path), 5000);
        auto meta = Columns(db, "main", "meta", path);
        if (meta.empty())
        {
            why = "no meta table";
            sqlite3_close(db);
            return false;
        }
        if (QueryInt(db, "SELECT COUNT(*) FROM meta WHERE key = 'schema_version'", path) != 1)
        {
            why = "no schema version in its meta table";
            sqlite3_close(db);
            return false;
        }
        auto runs = Columns(db, "main", "runs", path);
        for (const auto& c : RUN_COLUMNS)
        {
            if (std::find(runs.begin(), runs.end(), c) == runs.end())
            {
                why = runs.empty() ? "no runs table" : "its runs table has no column '" + c + "'";
                sqlite3_close(db);
                return false;
            }
        }
    }
    catch (const DnnSurgeryError& e)
    {
        why = e.what();
        sqlite3_close(db);
        return false;
    }
    sqlite3_close(db);
    return true;
}

ResultMerger::ResultMerger(const std::string& target, int busyTimeoutMs)
    : m_path(target)
{
    {
        // The store identifies the file before it writes anything (a foreign or unknown file
        // is refused untouched) and creates the schema as every writer of the module does; its
        // check reads one snapshot, so a merge running at once that is creating the same
        // target is seen either not at all or complete.
        ResultStore create(target);
    }
    m_db = Open(target, SQLITE_OPEN_READWRITE, busyTimeoutMs);
}

ResultMerger::~ResultMerger()
{
    sqlite3_close(m_db);
}

void
ResultMerger::Exec(const std::string& sql)
{
    for (int attempt = 0;; ++attempt)
    {
        char* err = nullptr;
        int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
        std::string msg = err ? err : sqlite3_errmsg(m_db);
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
        throw DnnSurgeryError(m_path + ": " + msg + " (in '" + sql.substr(0, 80) + "')");
    }
}

std::vector<MergeEntry>
ResultMerger::Merge(const std::string& source)
{
    std::error_code ec;
    if (!std::filesystem::exists(source, ec))
    {
        throw DnnSurgeryError(source + ": no such file");
    }
    if (std::filesystem::equivalent(source, m_path, ec))
    {
        throw DnnSurgeryError(source + ": is the merge target itself");
    }
    std::string why;
    if (!IsResultDatabase(source, why))
    {
        throw DnnSurgeryError(source + ": not a dnn-surgery result database (" + why +
                              "); nothing of it was merged");
    }
    {
        Statement attach(m_db, "ATTACH DATABASE ? AS src", m_path);
        sqlite3_bind_text(attach.Get(), 1, source.c_str(), -1, SQLITE_TRANSIENT);
        attach.Step();
    }

    // detached on every way out
    struct Detach
    {
        ResultMerger* self; //!< merger

        ~Detach()
        {
            sqlite3_exec(self->m_db, "DETACH DATABASE src", nullptr, nullptr, nullptr);
        }
    } detach{this};

    // the same schema: version, application id, tables and columns
    auto version = [&](const std::string& schema) {
        Statement s(m_db,
                    "SELECT value FROM " + schema + ".meta WHERE key = 'schema_version'",
                    source);
        return s.Step() ? s.Text(0) : std::string();
    };
    if (version("src") != version("main"))
    {
        throw DnnSurgeryError(source + ": schema version " + version("src") + ", the target " +
                              m_path + " has " + version("main") + "; nothing of it was merged");
    }
    int64_t srcApp = QueryInt(m_db, "PRAGMA src.application_id", source);
    int64_t srcUser = QueryInt(m_db, "PRAGMA src.user_version", source);
    std::vector<std::string> tables = RunTables(m_db, "main", m_path);
    std::vector<std::string> runColumns;
    for (const auto& c : Columns(m_db, "main", "runs", m_path))
    {
        if (c != "id")
        {
            runColumns.push_back(c);
        }
    }
    for (const std::string& t : tables)
    {
        auto mine = Columns(m_db, "main", t, m_path);
        auto theirs = Columns(m_db, "src", t, source);
        std::sort(mine.begin(), mine.end());
        std::sort(theirs.begin(), theirs.end());
        if (mine != theirs)
        {
            throw DnnSurgeryError(source + ": table '" + t + "' " +
                                  (theirs.empty() ? "is missing" : "has other columns") +
                                  " than in the target " + m_path + "; nothing of it was merged");
        }
    }
    for (const std::string& t : RunTables(m_db, "src", source))
    {
        if (std::find(tables.begin(), tables.end(), t) == tables.end())
        {
            throw DnnSurgeryError(source + ": table '" + t + "' is not in the target " + m_path +
                                  "; nothing of it was merged");
        }
    }
    auto join = [](const std::vector<std::string>& cols, const std::string& prefix) {
        std::string out;
        for (const auto& c : cols)
        {
            out += (out.empty() ? "" : ", ") + prefix + Ident(c);
        }
        return out;
    };

    std::vector<MergeEntry> entries;
    Exec("BEGIN IMMEDIATE");
    try
    {
        int64_t mainApp = QueryInt(m_db, "PRAGMA main.application_id", m_path);
        int64_t mainUser = QueryInt(m_db, "PRAGMA main.user_version", m_path);
        if ((srcApp != 0 && mainApp != 0 && srcApp != mainApp) ||
            (srcUser != 0 && mainUser != 0 && srcUser != mainUser))
        {
            throw DnnSurgeryError(source + ": application_id " + std::to_string(srcApp) +
                                  " / user_version " + std::to_string(srcUser) +
                                  " differ from the target's (" + std::to_string(mainApp) + " / " +
                                  std::to_string(mainUser) + "); nothing of it was merged");
        }
        if (srcApp != 0 && mainApp == 0)
        {
            Exec("PRAGMA main.application_id = " + std::to_string(srcApp));
        }
        if (srcUser != 0 && mainUser == 0)
        {
            Exec("PRAGMA main.user_version = " + std::to_string(srcUser));
        }

        std::string taskWhere;
        for (const auto& c : TASK_COLUMNS)
        {
            taskWhere += " AND " + Ident(c) + " IS ?";
        }
        Statement dup(m_db,
                      "SELECT id FROM main.runs WHERE status = 'complete'" + taskWhere +
                          " ORDER BY id LIMIT 1",
                      m_path);
        Statement copyRun(m_db,
                          "INSERT INTO main.runs (" + join(runColumns, "") + ") SELECT " +
                              join(runColumns, "") + " FROM src.runs WHERE id = ?",
                          m_path);
        std::vector<std::unique_ptr<Statement>> copyRows;
        for (const std::string& t : tables)
        {
            std::vector<std::string> cols;
            for (const auto& c : Columns(m_db, "main", t, m_path))
            {
                if (c != "run_id")
                {
                    cols.push_back(c);
                }
            }
            copyRows.push_back(std::make_unique<Statement>(
                m_db,
                "INSERT INTO main." + Ident(t) + " (run_id, " + join(cols, "") + ") SELECT ?, " +
                    join(cols, "") + " FROM src." + Ident(t) + " WHERE run_id = ? ORDER BY rowid",
                m_path));
        }

        Statement runs(m_db,
                       "SELECT id, status, scenario, policy, seed, run_number, sweep_parameter, "
                       "sweep_value, " +
                           join(TASK_COLUMNS, "") + " FROM src.runs ORDER BY id",
                       source);
        while (runs.Step())
        {
            MergeEntry e;
            e.source = source;
            e.sourceRunId = sqlite3_column_int64(runs.Get(), 0);
            e.status = runs.Text(1);
            e.task = runs.Text(2) + " " + runs.Text(3) + " seed " + runs.Text(4) + " run " +
                     runs.Text(5) +
                     (runs.Text(6).empty() ? "" : " " + runs.Text(6) + "=" + runs.Text(7));
            if (e.status != "complete")
            {
                e.action = MergeEntry::INCOMPLETE;
                entries.push_back(e);
                continue;
            }
            sqlite3_reset(dup.Get());
            for (std::size_t k = 0; k < TASK_COLUMNS.size(); ++k)
            {
                sqlite3_bind_value(dup.Get(),
                                   static_cast<int>(k + 1),
                                   sqlite3_column_value(runs.Get(), static_cast<int>(8 + k)));
            }
            if (dup.Step())
            {
                e.action = MergeEntry::DUPLICATE;
                e.targetRunId = sqlite3_column_int64(dup.Get(), 0);
                entries.push_back(e);
                continue;
            }
            sqlite3_reset(copyRun.Get());
            sqlite3_bind_int64(copyRun.Get(), 1, e.sourceRunId);
            copyRun.Step();
            e.targetRunId = sqlite3_last_insert_rowid(m_db);
            e.rows = 1;
            for (auto& c : copyRows)
            {
                sqlite3_reset(c->Get());
                sqlite3_bind_int64(c->Get(), 1, e.targetRunId);
                sqlite3_bind_int64(c->Get(), 2, e.sourceRunId);
                c->Step();
                e.rows += sqlite3_changes(m_db);
            }
            e.action = MergeEntry::MERGED;
            entries.push_back(e);
        }
    }
    catch (const std::exception& err)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        std::string what = err.what();
        throw DnnSurgeryError(
            what.rfind(source, 0) == 0 || what.rfind(m_path, 0) == 0 ? what : source + ": " + what);
    }
    try
    {
        Exec("COMMIT"); // retried while busy
    }
    catch (...)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return entries;
}

std::vector<int64_t>
ResultMerger::GetCompleteRunIds() const
{
    Statement s(m_db, "SELECT id FROM runs WHERE status = 'complete' ORDER BY id", m_path);
    std::vector<int64_t> ids;
    while (s.Step())
    {
        ids.push_back(sqlite3_column_int64(s.Get(), 0));
    }
    return ids;
}

std::vector<std::string>
ResultMerger::Digest(const std::string& path)
{
    std::string why;
    if (!IsResultDatabase(path, why))
    {
        throw DnnSurgeryError(path + ": not a dnn-surgery result database (" + why + ")");
    }
    sqlite3* db = Open(path, ReadFlags(path), 30000);
    std::vector<std::string> out;
    try
    {
        const std::string key = "r.sweep_parameter, r.sweep_value, r.seed, r.run_number, "
                                "r.policy, r.scenario";
        std::vector<std::string> tables = RunTables(db, "main", path);
        tables.push_back("runs");
        std::sort(tables.begin(), tables.end());
        for (const std::string& t : tables)
        {
            std::string cols;
            for (const auto& c : Columns(db, "main", t, path))
            {
                bool skip = t == "runs" ? WALL_CLOCK_COLUMNS.count(c) > 0 : c == "run_id";
                if (!skip)
                {
                    cols += ", t." + Ident(c);
                }
            }
            std::string sql = "SELECT " + key + cols + " FROM " + Ident(t) + " t JOIN runs r ON " +
                              (t == "runs" ? "r.id = t.id" : "r.id = t.run_id") +
                              " WHERE r.status = 'complete' ORDER BY " + key + ", t.rowid";
            Statement s(db, sql, path);
            Fnv h;
            uint64_t rows = 0;
            int n = sqlite3_column_count(s.Get());
            while (s.Step())
            {
                for (int i = 0; i < n; ++i)
                {
                    h.AddColumn(s.Get(), i);
                }
                unsigned char end = 0xff;
                h.Add(&end, 1);
                ++rows;
            }
            out.push_back(t + " " + std::to_string(rows) + " " + h.Hex());
        }
    }
    catch (...)
    {
        sqlite3_close(db);
        throw;
    }
    sqlite3_close(db);
    return out;
}

} // namespace ns3
