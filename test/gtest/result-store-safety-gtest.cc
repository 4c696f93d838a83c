/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks that the result store never harms a file: a database that is not ours, or
 * ours of an unknown version, is refused with its bytes unchanged; a version-1 database is
 * upgraded with every row kept; SQLite's own reason for a failed write reaches the message;
 * an interrupted run is marked so; no -wal or -shm file is left after the store closes.
 */

#include "temp-db.h"

#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/result-store.h"
#include "ns3/result-summary.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// \return the whole content of a file ("" if absent)
std::string
Bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

/// \return whether a file exists
bool
Exists(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

/// Run SQL on a file with a plain connection.
void
Sql(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

/// \return the first column of the first row of a query, as text
std::string
One(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
    {
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// \return the error message of opening a store on a file ("" if it opened)
std::string
OpenError(const std::string& path)
{
    try
    {
        ResultStore store(path);
    }
    catch (const DnnSurgeryError& e)
    {
        return e.what();
    }
    return "";
}

/// \return a run identity for the tests
RunInfo
SafetyRun(const std::string& policy)
{
    RunInfo info;
    info.scenarioName = "safety";
    info.policy = policy;
    info.scenarioText = "{}";
    info.simDuration = 1;
    return info;
}

} // namespace

TEST(ResultStoreSafety, ForeignDatabaseIsRefusedUntouched)
{
    TempDb tmp("foreign");
    // another program's database, with a table of the same name as ours
    Sql(tmp.Path(),
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO runs VALUES (1, 'x')");
    const std::string before = Bytes(tmp.Path());
    ASSERT_FALSE(before.empty());
    std::string msg = OpenError(tmp.Path());
    EXPECT_NE(msg.find(tmp.Path()), std::string::npos) << msg;
    EXPECT_NE(msg.find("not a dnn-surgery result database"), std::string::npos) << msg;
    EXPECT_NE(msg.find("tables: runs"), std::string::npos) << msg;
    EXPECT_NE(msg.find("nothing was written"), std::string::npos) << msg;
    EXPECT_EQ(Bytes(tmp.Path()), before) << "the foreign file was modified";
    EXPECT_FALSE(Exists(tmp.Path() + "-wal"));
    EXPECT_FALSE(Exists(tmp.Path() + "-shm"));
    EXPECT_EQ(One(tmp.Path(), "SELECT count(*) FROM sqlite_master"), "1");
}

TEST(ResultStoreSafety, ForeignApplicationIdIsRefusedUntouched)
{
    TempDb tmp("appid");
    Sql(tmp.Path(), "PRAGMA application_id = 1234; CREATE TABLE t (x)");
    const std::string before = Bytes(tmp.Path());
    std::string msg = OpenError(tmp.Path());
    EXPECT_NE(msg.find("application id 0x4d2"), std::string::npos) << msg;
    EXPECT_EQ(Bytes(tmp.Path()), before);
}

TEST(ResultStoreSafety, NonSqliteFileIsRefusedUntouched)
{
    TempDb tmp("text");
    {
        std::ofstream out(tmp.Path());
        out << "policy,latency\ndds,0.1\n"; // e.g. a CSV given as --db by mistake
    }
    const std::string before = Bytes(tmp.Path());
    std::string msg = OpenError(tmp.Path());
    EXPECT_NE(msg.find(tmp.Path()), std::string::npos) << msg;
    EXPECT_NE(msg.find("not a database"), std::string::npos) << msg;
    EXPECT_EQ(Bytes(tmp.Path()), before);
    EXPECT_FALSE(Exists(tmp.Path() + "-wal"));
}

TEST(ResultStoreSafety, UnknownVersionOfOursIsRefusedUntouched)
{
    TempDb tmp("newer");
    {
        ResultStore store(tmp.Path());
    }
    Sql(tmp.Path(), "PRAGMA user_version = 99");
    const std::string before = Bytes(tmp.Path());
    std::string msg = OpenError(tmp.Path());
    EXPECT_NE(msg.find("schema version 99"), std::string::npos) << msg;
    EXPECT_NE(msg.find("does not know"), std::string::npos) << msg;
    EXPECT_EQ(Bytes(tmp.Path()), before);
}

TEST(ResultStoreSafety, NewDatabaseIsStampedAndLeavesNoWalFiles)
{
    TempDb tmp("new");
    {
        ResultStore store(tmp.Path());
        store.BeginRun(SafetyRun("dds"));
        store.EndRun(true, 0.1);
        EXPECT_TRUE(Exists(tmp.Path() + "-wal")) << "WAL while open";
    }
    EXPECT_EQ(One(tmp.Path(), "PRAGMA application_id"), "1145982547"); // 0x444E4E53, "DNNS"
    EXPECT_EQ(One(tmp.Path(), "PRAGMA user_version"),
              std::to_string(ResultStore::GetSchemaVersion()));
    // the summary's reader comes after the writer closed: neither leaves -wal or -shm behind
    EXPECT_EQ(ResultSummary::Read(tmp.Path()).size(), 1u);
    EXPECT_FALSE(Exists(tmp.Path() + "-wal"));
    EXPECT_FALSE(Exists(tmp.Path() + "-shm"));
    // and it opens again (WAL back on while open)
    EXPECT_EQ(OpenError(tmp.Path()), "");
}

TEST(ResultStoreSafety, VersionOneDatabaseIsUpgradedWithEveryRow)
{
    TempDb tmp("v1");
    // a database written by the first version of the module (dumped from its own run)
    const std::string dump = Bytes(GetDnnSurgerySourceDir() + "/test/data/results-v1.sql");
    ASSERT_FALSE(dump.empty());
    Sql(tmp.Path(), dump);
    ASSERT_EQ(One(tmp.Path(), "PRAGMA application_id"), "0");
    const std::string requests = One(tmp.Path(), "SELECT count(*) FROM requests");
    const std::string runs = One(tmp.Path(), "SELECT group_concat(id || status) FROM runs");
    ASSERT_EQ(runs, "1complete,2complete");
    {
        ResultStore store(tmp.Path());
        store.BeginRun(SafetyRun("dds"));
        store.MarkInterrupted("test", 0.1); // a status that version 1 could not hold
    }
    EXPECT_EQ(One(tmp.Path(), "PRAGMA user_version"),
              std::to_string(ResultStore::GetSchemaVersion()));
    EXPECT_EQ(One(tmp.Path(), "SELECT value FROM meta WHERE key = 'schema_version'"),
              std::to_string(ResultStore::GetSchemaVersion()));
    EXPECT_EQ(One(tmp.Path(), "SELECT count(*) FROM requests"), requests);
    EXPECT_EQ(One(tmp.Path(), "SELECT group_concat(id || status) FROM runs"),
              "1complete,2complete,3interrupted");
    EXPECT_EQ(One(tmp.Path(), "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(One(tmp.Path(), "PRAGMA foreign_key_check"), "");
    // the views were re-created and still read the old runs
    EXPECT_EQ(One(tmp.Path(), "SELECT count(*) FROM policy_summary WHERE status = 'complete'"),
              "2");
}

TEST(ResultStoreSafety, VersionThreeDatabaseIsUpgradedToTheMobilityColumns)
{
    TempDb tmp("v3");
    // a database written by schema version 3 (commit 707fac6, dumped from its own run)
    const std::string dump = Bytes(GetDnnSurgerySourceDir() + "/test/data/results-v3.sql");
    ASSERT_FALSE(dump.empty());
    Sql(tmp.Path(), dump);
    ASSERT_EQ(One(tmp.Path(), "PRAGMA user_version"), "3");
    const std::string before = One(
        tmp.Path(),
        "SELECT group_concat(run_id || ':' || device || ':' || request || ':' || outcome || ':' "
        "|| ifnull(latency, 'n'), ';') FROM requests");
    ASSERT_EQ(One(tmp.Path(), "SELECT count(*) FROM sqlite_master WHERE name = 'handovers'"), "0");
    {
        ResultStore store(tmp.Path());
        store.BeginRun(SafetyRun("dds"));
        HandoverRecord h;
        h.device = 1;
        h.time = 3;
        h.kind = "x2";
        h.source = 1;
        h.target = 2;
        h.endTime = 3.004;
        h.ok = true;
        store.AddHandover(h);
        store.EndRun(true, 0.1);
    }
    EXPECT_EQ(One(tmp.Path(), "PRAGMA user_version"),
              std::to_string(ResultStore::GetSchemaVersion()));
    EXPECT_EQ(One(tmp.Path(),
                  "SELECT group_concat(run_id || ':' || device || ':' || request || ':' || outcome "
                  "|| ':' || ifnull(latency, 'n'), ';') FROM requests WHERE run_id <= 2"),
              before);
    // the new columns of the old requests: server 0, no cell, not crossed
    EXPECT_EQ(One(tmp.Path(),
                  "SELECT count(*) FROM requests WHERE server = 0 AND cell IS NULL AND "
                  "crossed_handover = 0"),
              One(tmp.Path(), "SELECT count(*) FROM requests"));
    EXPECT_EQ(One(tmp.Path(),
                  "SELECT kind || source || target || ok || ifnull(interruption, 'n') FROM "
                  "handovers"),
              "x2121n");
    EXPECT_EQ(One(tmp.Path(), "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(One(tmp.Path(), "SELECT count(*) FROM policy_summary WHERE status = 'complete'"),
              "3");
    // the summaries read the old runs (no handover) and the new one (one)
    auto runs = ResultSummary::Read(tmp.Path());
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].handovers, 0u);
    EXPECT_EQ(runs[2].handovers, 1u);
}

TEST(ResultStoreSafety, FullDatabaseKeepsSqlitesReasonAndMarksTheRunFailed)
{
    TempDb tmp("full");
    {
        ResultStore store(tmp.Path(), 100000);
        store.BeginRun(SafetyRun("dds"));
        store.SetMaxPages(1); // nothing more fits: as on a full disk
        RequestRecord r;
        r.device = 0;
        for (uint64_t k = 0; k < 2000; ++k)
        {
            r.request = k;
            store.AddRequest(r);
        }
        try
        {
            store.Flush();
            FAIL() << "the write must fail";
        }
        catch (const DnnSurgeryError& e)
        {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(tmp.Path()), std::string::npos) << msg;
            EXPECT_NE(msg.find("database or disk is full"), std::string::npos) << msg;
            EXPECT_EQ(msg.find("no transaction is active"), std::string::npos) << msg;
        }
        store.SetMaxPages(1000000); // space again (as after freeing the disk)
        store.MarkFailed("disk full");
    }
    EXPECT_EQ(One(tmp.Path(), "SELECT status || ':' || message FROM runs"), "failed:disk full");
}
