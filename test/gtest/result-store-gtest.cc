/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the SQLite result store and of the summaries read back from it: rows
 * round-trip, the SQL views agree with the C++ summary (an independent computation), run
 * statuses, batching, and concurrent writers (two forked processes) losing no row.
 */

#include "temp-db.h"

#include "ns3/dnn-surgery-error.h"
#include "ns3/result-store.h"
#include "ns3/result-summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <sqlite3.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// Runs one query and returns the first column of every row as text ("NULL" for NULL).
std::vector<std::string>
Query(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db);
    std::vector<std::string> out;
    while (s && sqlite3_step(s) == SQLITE_ROW)
    {
        const unsigned char* t = sqlite3_column_text(s, 0);
        out.emplace_back(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// \return the single value of a query as a double (read as a double: text loses digits)
double
QueryReal(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    double v = std::nan("");
    int rows = 0;
    while (s && sqlite3_step(s) == SQLITE_ROW)
    {
        rows++;
        if (sqlite3_column_type(s, 0) != SQLITE_NULL)
        {
            v = sqlite3_column_double(s, 0);
        }
    }
    EXPECT_EQ(rows, 1) << sql;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/// A request with the given latency, all stages filled consistently.
RequestRecord
MakeRequest(uint32_t device, uint64_t id, double issued, double latency, RequestOutcome outcome)
{
    RequestRecord r;
    r.device = device;
    r.request = id;
    r.issued = issued;
    r.deviceStart = issued;
    r.deviceEnd = issued + latency * 0.2;
    r.uploadStart = r.deviceEnd;
    r.uploadEnd = issued + latency * 0.5;
    r.serverQueued = r.uploadEnd;
    r.serverStart = r.uploadEnd;
    r.serverEnd = issued + latency * 0.9;
    r.downloadEnd = issued + latency;
    r.completed = outcome == RequestOutcome::FAILED ? RequestRecord::NONE : issued + latency;
    r.bytesUp = 1000;
    r.bytesDown = 40;
    r.outcome = outcome;
    r.latency = outcome == RequestOutcome::FAILED ? RequestRecord::NONE : latency;
    r.share = 1e11;
    r.layersOnServer = 3;
    return r;
}

/// Independent percentile: the smallest value x with at least p% of the values <= x.
double
BrutePercentile(const std::vector<double>& values, double p)
{
    std::vector<double> candidates = values;
    std::sort(candidates.begin(), candidates.end());
    for (double x : candidates)
    {
        std::size_t atMost =
            std::count_if(values.begin(), values.end(), [x](double v) { return v <= x; });
        if (100.0 * atMost >= p * values.size())
        {
            return x;
        }
    }
    return std::nan("");
}

RunInfo
MakeRun(const std::string& policy, uint64_t seed)
{
    RunInfo info;
    info.scenarioName = "unit";
    info.policy = policy;
    info.seed = seed;
    info.runNumber = 1;
    info.scenarioText = "{\"name\": \"unit\"}";
    info.simDuration = 10.0;
    return info;
}

} // namespace

TEST(ResultStore, RoundTripAndViewsMatchCppSummary)
{
    TempDb tmp("roundtrip");
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> lat(0.01, 0.5);
    std::map<std::string, std::vector<double>> latencies;
    std::map<std::string, std::array<uint64_t, 3>> outcomes;
    {
        ResultStore store(tmp.Path(), 13); // small batches: many transactions
        for (std::string policy : {"local", "dads", "dds"})
        {
            store.BeginRun(MakeRun(policy, 1));
            for (uint32_t d = 0; d < 4; ++d)
            {
                DeviceRecord dev;
                dev.device = d;
                dev.model = "resnet18";
                dev.deviceClass = "rpi4";
                store.AddDevice(dev);
            }
            uint64_t n = policy == "local" ? 101 : 257;
            for (uint64_t k = 0; k < n; ++k)
            {
                RequestOutcome o = k % 17 == 0   ? RequestOutcome::FAILED
                                   : k % 11 == 0 ? RequestOutcome::FALLBACK
                                                 : RequestOutcome::COMPLETED;
                double l = lat(rng);
                store.AddRequest(MakeRequest(k % 4, k / 4, 0.1 * k, l, o));
                outcomes[policy][static_cast<int>(o)]++;
                if (o != RequestOutcome::FAILED)
                {
                    latencies[policy].push_back(l);
                }
            }
            // two grants for device 0: rate 2 for [1, 4), rate 3 for [4, 10)
            store.AddAllocation({1.0, 1, 1, 0, 5e10, 5e10, 4e-11, 2.0});
            store.AddAllocation({4.0, 1, 2, 0, 6e10, 6e10, 5e-11, 3.0});
            store.AddAllocation({2.0, 1, 1, 1, 5e10, 5e10, 4e-11, 1.0}); // [2, 10)
            GameRoundRecord g1;
            g1.time = 1.0;
            g1.epoch = 1;
            g1.rounds = 3;
            g1.messages = 8;
            g1.controlBytes = 320;
            g1.aborted = true;
            store.AddGameRound(g1);
            GameRoundRecord g2 = g1;
            g2.time = 1.1;
            g2.epoch = 2;
            g2.rounds = 2;
            g2.messages = 4;
            g2.controlBytes = 160;
            g2.potential = 1.5;
            g2.converged = true;
            store.AddGameRound(g2);
            store.AddMetric("poa", 1.25);
            store.EndRun(true, 0.5);
        }
        EXPECT_EQ(store.GetRowsPending(), 0u);
    }

    auto summaries = ResultSummary::Read(tmp.Path());
    ASSERT_EQ(summaries.size(), 3u);
    for (const auto& s : summaries)
    {
        SCOPED_TRACE(s.policy);
        EXPECT_EQ(s.status, "complete");
        EXPECT_EQ(s.devices, 4u);
        EXPECT_EQ(s.completed, outcomes[s.policy][0]);
        EXPECT_EQ(s.fallback, outcomes[s.policy][1]);
        EXPECT_EQ(s.failed, outcomes[s.policy][2]);
        EXPECT_EQ(s.issued, s.completed + s.fallback + s.failed);
        const auto& v = latencies[s.policy];
        double mean = 0;
        for (double x : v)
        {
            mean += x;
        }
        mean /= v.size();
        EXPECT_NEAR(s.meanLatency, mean, 1e-12);
        EXPECT_DOUBLE_EQ(s.p50Latency, BrutePercentile(v, 50));
        EXPECT_DOUBLE_EQ(s.p95Latency, BrutePercentile(v, 95));
        EXPECT_DOUBLE_EQ(s.p99Latency, BrutePercentile(v, 99));
        // closed form: 2*(4-1) + 3*(10-4) + 1*(10-2)
        EXPECT_NEAR(s.payment, 6 + 18 + 8, 1e-9);
        EXPECT_EQ(s.rounds, 5u);
        EXPECT_EQ(s.epochs, 2u);
        EXPECT_EQ(s.messages, 12u);
        EXPECT_EQ(s.controlBytes, 480u);

        // the SQL views compute the same figures independently
        std::string where = " WHERE run_id = " + std::to_string(s.runId);
        EXPECT_NEAR(QueryReal(tmp.Path(), "SELECT mean_latency FROM policy_summary" + where),
                    s.meanLatency,
                    1e-12);
        EXPECT_DOUBLE_EQ(QueryReal(tmp.Path(), "SELECT p50_latency FROM policy_summary" + where),
                         s.p50Latency);
        EXPECT_DOUBLE_EQ(QueryReal(tmp.Path(), "SELECT p95_latency FROM policy_summary" + where),
                         s.p95Latency);
        EXPECT_DOUBLE_EQ(QueryReal(tmp.Path(), "SELECT p99_latency FROM policy_summary" + where),
                         s.p99Latency);
        EXPECT_NEAR(QueryReal(tmp.Path(), "SELECT payment FROM policy_summary" + where),
                    s.payment,
                    1e-9);
        EXPECT_EQ(QueryReal(tmp.Path(), "SELECT fallback FROM policy_summary" + where), s.fallback);
        EXPECT_EQ(QueryReal(tmp.Path(), "SELECT rounds FROM policy_summary" + where), s.rounds);
        EXPECT_EQ(QueryReal(tmp.Path(), "SELECT value FROM run_metrics" + where), 1.25);
    }
    // a failed request stores NULL completion and latency; NaN potential stores NULL
    EXPECT_EQ(Query(tmp.Path(),
                    "SELECT COUNT(*) FROM requests WHERE outcome = 'failed' AND latency IS NOT "
                    "NULL")[0],
              "0");
    EXPECT_EQ(Query(tmp.Path(), "SELECT COUNT(*) FROM game_rounds WHERE potential IS NULL")[0],
              "3");
    // versions are recorded
    EXPECT_EQ(Query(tmp.Path(),
                    "SELECT COUNT(*) FROM runs WHERE module_version = '' OR "
                    "ns3_version = '' OR start_time = ''")[0],
              "0");
}

TEST(ResultStore, PercentileNearestRank)
{
    std::vector<double> v;
    for (int i = 1; i <= 100; ++i)
    {
        v.push_back(i);
    }
    // exact integer ranks: no floating-point rounding at 95% of 100
    EXPECT_EQ(ResultSummary::Percentile(v, 50), 50);
    EXPECT_EQ(ResultSummary::Percentile(v, 95), 95);
    EXPECT_EQ(ResultSummary::Percentile(v, 99), 99);
    EXPECT_EQ(ResultSummary::Percentile({3.0}, 99), 3.0);
    EXPECT_TRUE(std::isnan(ResultSummary::Percentile({}, 50)));
    for (std::size_t n = 1; n < 60; ++n)
    {
        std::vector<double> w(v.begin(), v.begin() + n);
        for (uint32_t p : {1u, 25u, 50u, 95u, 99u, 100u})
        {
            EXPECT_EQ(ResultSummary::Percentile(w, p), BrutePercentile(w, p)) << n << " " << p;
        }
    }
}

TEST(ResultStore, StatusLifecycle)
{
    TempDb tmp("status");
    {
        ResultStore store(tmp.Path());
        EXPECT_THROW(store.AddRequest(MakeRequest(0, 0, 0, 0.1, RequestOutcome::COMPLETED)),
                     DnnSurgeryError);
        store.BeginRun(MakeRun("dds", 1));
        EXPECT_THROW(store.BeginRun(MakeRun("dds", 2)), DnnSurgeryError);
        store.AddRequest(MakeRequest(0, 0, 0, 0.1, RequestOutcome::COMPLETED));
        store.EndRun(true, 1.0);
        store.BeginRun(MakeRun("dads", 1));
        store.AddRequest(MakeRequest(0, 0, 0, 0.1, RequestOutcome::COMPLETED));
        store.MarkFailed("simulated failure");
        store.BeginRun(MakeRun("local", 1)); // left open: the process "dies"
        store.AddRequest(MakeRequest(0, 0, 0, 0.1, RequestOutcome::COMPLETED));
    }
    EXPECT_EQ(Query(tmp.Path(), "SELECT policy || ':' || status FROM runs ORDER BY id"),
              (std::vector<std::string>{"dds:complete", "dads:failed", "local:running"}));
    EXPECT_EQ(Query(tmp.Path(), "SELECT message FROM runs WHERE policy = 'dads'")[0],
              "simulated failure");
    auto complete = ResultSummary::Read(tmp.Path());
    ASSERT_EQ(complete.size(), 1u);
    EXPECT_EQ(complete[0].policy, "dds");
    EXPECT_EQ(ResultSummary::Read(tmp.Path(), false).size(), 3u);
}

TEST(ResultStore, BatchesAreWrittenAndCounted)
{
    TempDb tmp("batch");
    ResultStore store(tmp.Path(), 100);
    store.BeginRun(MakeRun("dds", 1));
    for (uint64_t k = 0; k < 250; ++k)
    {
        store.AddRequest(MakeRequest(0, k, k, 0.1, RequestOutcome::COMPLETED));
    }
    EXPECT_EQ(store.GetRowsWritten(), 200u);
    EXPECT_EQ(store.GetRowsPending(), 50u);
    // another connection sees the committed batches while the run is open
    EXPECT_EQ(Query(tmp.Path(), "SELECT COUNT(*) FROM requests")[0], "200");
    EXPECT_EQ(Query(tmp.Path(), "SELECT status FROM runs")[0], "running");
    store.EndRun(true, 0.1);
    EXPECT_EQ(Query(tmp.Path(), "SELECT COUNT(*) FROM requests")[0], "250");
    EXPECT_EQ(Query(tmp.Path(), "PRAGMA journal_mode")[0], "wal");
}

TEST(ResultStore, ErrorsNameTheFile)
{
    try
    {
        ResultStore store("/nonexistent-dir/x/results.db");
        FAIL() << "opening an impossible path must throw";
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/results.db"), std::string::npos)
            << e.what();
    }
    TempDb tmp("notdb");
    {
        FILE* f = std::fopen(tmp.Path().c_str(), "w");
        std::fputs("this is not a database, just some text long enough to matter..........", f);
        std::fclose(f);
    }
    EXPECT_THROW(ResultStore store(tmp.Path()), DnnSurgeryError);
    EXPECT_THROW(ResultSummary::Read(tmp.Path()), DnnSurgeryError);
}

TEST(ResultStore, SchemaVersionMismatchIsRejected)
{
    TempDb tmp("schema");
    {
        ResultStore store(tmp.Path());
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(tmp.Path().c_str(), &db), SQLITE_OK);
    sqlite3_exec(db,
                 "UPDATE meta SET value = '999' WHERE key = 'schema_version'",
                 nullptr,
                 nullptr,
                 nullptr);
    sqlite3_close(db);
    try
    {
        ResultStore store(tmp.Path());
        FAIL() << "a database of another schema version must be rejected";
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("schema version 999"), std::string::npos) << e.what();
    }
}

/// Write `runs` runs of `rows` requests each; used by both processes of the concurrency test.
void
WriteRuns(const std::string& path, const std::string& policy, int runs, int rows)
{
    ResultStore store(path, 37, 60000);
    for (int r = 0; r < runs; ++r)
    {
        store.BeginRun(MakeRun(policy, r + 1));
        for (int k = 0; k < rows; ++k)
        {
            store.AddRequest(MakeRequest(k % 3, k, k * 0.01, 0.05, RequestOutcome::COMPLETED));
            if (k % 50 == 0)
            {
                store.AddRateEstimate({k * 0.01, static_cast<uint32_t>(k % 3), 2e7, 2e7, 0.004});
            }
        }
        store.EndRun(true, 0.0);
    }
}

TEST(ResultStore, TwoProcessesLoseNoRows)
{
    TempDb tmp("concurrent");
    const int runs = 6;
    const int rows = 1500;
    {
        ResultStore create(tmp.Path()); // schema exists before the race (creation is also safe)
    }
    std::vector<pid_t> children;
    for (std::string policy : {"writer-a", "writer-b"})
    {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0)
        {
            int code = 0;
            try
            {
                WriteRuns(tmp.Path(), policy, runs, rows);
            }
            catch (const std::exception& e)
            {
                std::fprintf(stderr, "%s: %s\n", policy.c_str(), e.what());
                code = 1;
            }
            _exit(code);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children)
    {
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 0);
    }
    EXPECT_EQ(Query(tmp.Path(), "SELECT COUNT(*) FROM runs WHERE status = 'complete'")[0],
              std::to_string(2 * runs));
    EXPECT_EQ(Query(tmp.Path(), "SELECT COUNT(*) FROM requests")[0],
              std::to_string(2 * runs * rows));
    // every run got exactly its own rows, each request once
    auto perRun = Query(tmp.Path(),
                        "SELECT COUNT(*) || ',' || COUNT(DISTINCT device * 100000 + request) FROM "
                        "requests GROUP BY run_id");
    ASSERT_EQ(perRun.size(), static_cast<std::size_t>(2 * runs));
    for (const auto& r : perRun)
    {
        EXPECT_EQ(r, std::to_string(rows) + "," + std::to_string(rows));
    }
    EXPECT_EQ(Query(tmp.Path(), "SELECT COUNT(*) FROM rate_estimates")[0],
              std::to_string(2 * runs * ((rows + 49) / 50)));
}
