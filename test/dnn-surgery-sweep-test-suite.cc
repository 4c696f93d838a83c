/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of sweeps split into tasks: the sweep plan covers every combination exactly once;
 * the tasks, each in its own database and merged, give the same rows as a single-process run;
 * merging is idempotent; a run that is not complete is refused with a clear message, and so is
 * a target that is not a result database; two merges into one target at once lose nothing.
 */

#include "test-db-path.h"

#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/result-merger.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/test.h"

#include <cstdio>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// A short sweep on ideal point-to-point links: 2 capacities x 1 seed x 2 policies = 4 tasks.
const std::string SCENARIO = R"({
  "name": "sweep-test",
  "duration": 3.0,
  "seeds": [5],
  "policies": ["dads", "dds"],
  "network": {"type": "p2p", "p2pRate": 2e7, "p2pDelay": 0.002},
  "devices": {"count": 2, "models": [{"name": "resnet18"}, {"name": "mobilenet_v2"}],
              "pattern": "poisson", "rate": 4.0, "timeout": 1.0},
  "server": {"capacity": 1e12, "p0": 1e-13, "kappa": 1e-25},
  "sweep": {"parameter": "server.capacity", "values": [5e11, 2e12]}
})";

/// \return a fresh database path (see testdb::Fresh)
std::string
FreshDb(const std::string& tag)
{
    return testdb::Fresh("sweep-test", tag);
}

/// \param path a database to remove, with its -wal/-shm/-journal files
void
RemoveDb(const std::string& path)
{
    testdb::Remove(path);
}

/**
 * \param path database
 * \param sql query returning one integer
 * \return the integer (-1 if the query fails)
 */
int64_t
QueryInt(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    int64_t v = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK)
    {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
        {
            v = sqlite3_column_int64(s, 0);
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
}

/**
 * \brief Write one complete synthetic run (no simulation) into a database.
 * \param path database
 * \param seed seed of the run (its identity)
 * \param requests request rows
 * \param complete end the run as complete (else it stays 'running')
 */
void
WriteSyntheticRun(const std::string& path, uint64_t seed, uint32_t requests, bool complete)
{
    ResultStore store(path, 64);
    RunInfo info;
    info.scenarioName = "synthetic";
    info.policy = "dds";
    info.seed = seed;
    info.scenarioText = "{\"name\": \"synthetic\"}";
    info.simDuration = 10;
    store.BeginRun(info);
    for (uint32_t d = 0; d < 3; ++d)
    {
        DeviceRecord dev;
        dev.device = d;
        dev.model = "resnet18";
        store.AddDevice(dev);
        AllocationRecord a;
        a.time = d;
        a.device = d;
        a.granted = 1e11 * (d + 1);
        a.payment = 0.01 * seed;
        store.AddAllocation(a);
    }
    for (uint32_t k = 0; k < requests; ++k)
    {
        RequestRecord r;
        r.device = k % 3;
        r.request = k / 3;
        r.issued = 0.01 * k;
        r.completed = 0.01 * k + 0.001 * seed;
        r.latency = 0.001 * seed;
        store.AddRequest(r);
    }
    store.AddMetric("seed", static_cast<double>(seed));
    if (complete)
    {
        store.EndRun(true, 1.0);
    }
}

/**
 * The sweep plan: every sweep value x seed x run x policy exactly once, indices 0..n-1, in
 * the order of the single-process run; an index out of range is refused.
 */
class TaskPlanTestCase : public TestCase
{
  public:
    TaskPlanTestCase()
        : TestCase("the task list covers every combination exactly once, in run order")
    {
    }

  private:
    void DoRun() override
    {
        Scenario s = ScenarioReader::ReadString(SCENARIO,
                                                "sweep-test.json",
                                                {"--seeds=1,2",
                                                 "--runs=2",
                                                 "--policies=local,dads,dds",
                                                 "--sweep.values=1e12,2e12,3e12"});
        auto tasks = DnnSurgeryComparison::ListTasks(s);
        NS_TEST_ASSERT_MSG_EQ(tasks.size(), 3u * 2u * 2u * 3u, "3 values x 2 seeds x 2 runs x 3");
        // the order of the single-process run: sweep value, seed, run number, policy
        using Combo = std::tuple<std::string, uint64_t, uint32_t, std::string>;
        std::vector<Combo> expected;
        for (const Scenario& e : ScenarioReader::ExpandSweep(s))
        {
            for (uint64_t seed : {1, 2})
            {
                for (uint32_t run : {1u, 2u})
                {
                    for (const auto& p : {"local", "dads", "dds"})
                    {
                        expected.emplace_back(e.sweepValue, seed, run, p);
                    }
                }
            }
        }
        std::set<Combo> seen;
        std::vector<Scenario> expanded = ScenarioReader::ExpandSweep(s);
        for (uint32_t i = 0; i < tasks.size(); ++i)
        {
            const auto& t = tasks[i];
            NS_TEST_EXPECT_MSG_EQ(t.index, i, "task i at index i");
            NS_TEST_EXPECT_MSG_EQ(t.sweepValue, expanded.at(t.sweepIndex).sweepValue, "value");
            Combo c{t.sweepValue, t.seed, t.runNumber, t.policy};
            bool inOrder = c == expected.at(i);
            NS_TEST_EXPECT_MSG_EQ(inOrder, true, "task " << i << " in run order");
            seen.insert(c);
        }
        NS_TEST_EXPECT_MSG_EQ(seen.size(), tasks.size(), "no combination twice");
        bool every = seen == std::set<Combo>(expected.begin(), expected.end());
        NS_TEST_EXPECT_MSG_EQ(every, true, "every combination exactly once");

        std::string db = FreshDb("range");
        bool refused = false;
        try
        {
            ResultStore store(db);
            DnnSurgeryComparison::RunTask(s, static_cast<uint32_t>(tasks.size()), store, "");
        }
        catch (const DnnSurgeryError& e)
        {
            refused = std::string(e.what()).find("does not exist") != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "a task index out of range is refused");
        RemoveDb(db);

        // no sweep: one task per seed x run x policy
        std::string text = SCENARIO.substr(0, SCENARIO.find(",\n  \"sweep\"")) + "}";
        Scenario plain = ScenarioReader::ReadString(text, "no-sweep.json");
        NS_TEST_EXPECT_MSG_EQ(DnnSurgeryComparison::ListTasks(plain).size(), 2u, "2 policies");
    }
};

/**
 * Tasks in separate databases, merged, give the rows of the single-process run; merging
 * again adds nothing.
 */
class TasksMatchSingleRunTestCase : public TestCase
{
  public:
    TasksMatchSingleRunTestCase()
        : TestCase("tasks merged give the single-process rows; merging twice adds nothing")
    {
    }

  private:
    void DoRun() override
    {
        Scenario s = ScenarioReader::ReadString(SCENARIO, "sweep-test.json");
        std::string single = FreshDb("single");
        std::vector<int64_t> singleIds;
        {
            ResultStore store(single);
            for (const auto& r : DnnSurgeryComparison::RunAll(s, store, "", nullptr))
            {
                singleIds.push_back(r.runId);
            }
        }
        auto tasks = DnnSurgeryComparison::ListTasks(s);
        NS_TEST_ASSERT_MSG_EQ(tasks.size(), 4u, "2 values x 2 policies");
        NS_TEST_ASSERT_MSG_EQ(singleIds.size(), tasks.size(), "one run per task");
        std::vector<std::string> taskDbs;
        for (const auto& t : tasks)
        {
            taskDbs.push_back(FreshDb("task" + std::to_string(t.index)));
            ResultStore store(taskDbs.back());
            DnnSurgeryComparison::RunTask(s, t.index, store, "");
        }
        std::string merged = FreshDb("merged");
        {
            ResultMerger m(merged);
            for (const auto& db : taskDbs)
            {
                auto entries = m.Merge(db);
                NS_TEST_ASSERT_MSG_EQ(entries.size(), 1u, "one run per task file");
                NS_TEST_EXPECT_MSG_EQ(entries[0].action, MergeEntry::MERGED, "merged");
                NS_TEST_EXPECT_MSG_GT(entries[0].rows, 20u, "with its rows");
            }
        }
        auto a = ResultMerger::Digest(single);
        auto b = ResultMerger::Digest(merged);
        NS_TEST_ASSERT_MSG_GT(a.size(), 5u, "digest of every table");
        for (std::size_t i = 0; i < a.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(b.at(i), a[i], "merged == single process");
        }
        NS_TEST_EXPECT_MSG_GT(QueryInt(merged, "SELECT COUNT(*) FROM requests"), 40, "requests");

        // the same table from both
        std::ostringstream ta;
        std::ostringstream tb;
        DnnSurgeryComparison::PrintTable(single, singleIds, ta);
        ResultMerger m(merged);
        DnnSurgeryComparison::PrintTable(merged, m.GetCompleteRunIds(), tb);
        NS_TEST_EXPECT_MSG_EQ(tb.str(), ta.str(), "the comparison table is identical");

        // idempotent: every run of every file is already there, nothing changes
        int64_t rows = QueryInt(merged, "SELECT COUNT(*) FROM requests");
        for (const auto& db : taskDbs)
        {
            for (const auto& e : m.Merge(db))
            {
                NS_TEST_EXPECT_MSG_EQ(e.action, MergeEntry::DUPLICATE, e.Describe());
            }
        }
        // and the single-process file holds the same four tasks
        for (const auto& e : m.Merge(single))
        {
            NS_TEST_EXPECT_MSG_EQ(e.action, MergeEntry::DUPLICATE, e.Describe());
        }
        NS_TEST_EXPECT_MSG_EQ(QueryInt(merged, "SELECT COUNT(*) FROM runs"), 4, "still 4 runs");
        NS_TEST_EXPECT_MSG_EQ(QueryInt(merged, "SELECT COUNT(*) FROM requests"), rows, "rows");
        auto c = ResultMerger::Digest(merged);
        bool same = c == b;
        NS_TEST_EXPECT_MSG_EQ(same, true, "digest unchanged by a second merge");

        for (const auto& db : taskDbs)
        {
            RemoveDb(db);
        }
        RemoveDb(single);
        RemoveDb(merged);
    }
};

/**
 * A run that is not complete is reported and left out; a foreign target or source is refused
 * before anything is written.
 */
class IncompleteRefusedTestCase : public TestCase
{
  public:
    IncompleteRefusedTestCase()
        : TestCase("an incomplete task is refused with a clear message; so is a foreign file")
    {
    }

  private:
    void DoRun() override
    {
        std::string running = FreshDb("running");
        WriteSyntheticRun(running, 1, 100, false);
        std::string failed = FreshDb("failed");
        {
            ResultStore store(failed);
            RunInfo info;
            info.scenarioName = "synthetic";
            info.policy = "dds";
            store.BeginRun(info);
            store.MarkFailed("boom");
        }
        std::string interrupted = FreshDb("interrupted");
        {
            ResultStore store(interrupted);
            RunInfo info;
            info.scenarioName = "synthetic";
            info.policy = "dads";
            store.BeginRun(info);
            store.MarkInterrupted("SIGTERM", 1.0);
        }
        std::string merged = FreshDb("incomplete-target");
        {
            ResultMerger m(merged);
            for (const auto& [db, status] : {std::make_pair(running, "running"),
                                             std::make_pair(failed, "failed"),
                                             std::make_pair(interrupted, "interrupted")})
            {
                auto entries = m.Merge(db);
                NS_TEST_ASSERT_MSG_EQ(entries.size(), 1u, "one run");
                NS_TEST_EXPECT_MSG_EQ(entries[0].action, MergeEntry::INCOMPLETE, "left out");
                std::string msg = entries[0].Describe();
                bool clear = msg.find(db) != std::string::npos &&
                             msg.find("NOT merged") != std::string::npos &&
                             msg.find(std::string("'") + status + "'") != std::string::npos;
                NS_TEST_EXPECT_MSG_EQ(clear, true, "message names file, status: " << msg);
            }
            NS_TEST_EXPECT_MSG_EQ(m.GetCompleteRunIds().size(), 0u, "nothing merged");
        }
        NS_TEST_EXPECT_MSG_EQ(QueryInt(merged, "SELECT COUNT(*) FROM runs"), 0, "no run rows");
        NS_TEST_EXPECT_MSG_EQ(QueryInt(merged, "SELECT COUNT(*) FROM requests"), 0, "no rows");

        // a foreign database as target: refused, and left as it was
        std::string foreign = FreshDb("foreign");
        {
            sqlite3* db = nullptr;
            sqlite3_open(foreign.c_str(), &db);
            sqlite3_exec(db, "CREATE TABLE notes (t TEXT)", nullptr, nullptr, nullptr);
            sqlite3_close(db);
        }
        bool refused = false;
        try
        {
            ResultMerger m(foreign);
        }
        catch (const DnnSurgeryError& e)
        {
            refused = std::string(e.what()).find("not a dnn-surgery result database") !=
                      std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "a foreign target is refused");
        NS_TEST_EXPECT_MSG_EQ(
            QueryInt(foreign, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs'"),
            0,
            "nothing was written into it");
        // ... and as a source
        refused = false;
        try
        {
            ResultMerger m(merged);
            m.Merge(foreign);
        }
        catch (const DnnSurgeryError& e)
        {
            refused = std::string(e.what()).find(foreign) != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "a foreign source is refused");
        for (const auto& db : {running, failed, interrupted, merged, foreign})
        {
            RemoveDb(db);
        }
    }
};

/**
 * Two merges into one target at once, over the same sources in opposite orders: every run
 * once, every row kept.
 */
class ConcurrentMergeTestCase : public TestCase
{
  public:
    ConcurrentMergeTestCase()
        : TestCase("two merges running at once into one target lose nothing")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t files = 8;
        const uint32_t requests = 3000;
        std::vector<std::string> sources;
        for (uint32_t i = 0; i < files; ++i)
        {
            sources.push_back(FreshDb("concurrent-src" + std::to_string(i)));
            WriteSyntheticRun(sources.back(), i + 1, requests, true);
        }
        std::string target = FreshDb("concurrent-target");
        std::vector<std::string> errors(2);
        std::vector<uint32_t> mergedBy(2, 0);
        auto work = [&](int who) {
            try
            {
                ResultMerger m(target);
                for (uint32_t k = 0; k < files; ++k)
                {
                    const std::string& src = sources[who == 0 ? k : files - 1 - k];
                    for (const auto& e : m.Merge(src))
                    {
                        mergedBy[who] += e.action == MergeEntry::MERGED;
                    }
                }
            }
            catch (const std::exception& e)
            {
                errors[who] = e.what();
            }
        };
        std::thread a(work, 0);
        std::thread b(work, 1);
        a.join();
        b.join();
        NS_TEST_EXPECT_MSG_EQ(errors[0], "", "first merge succeeded");
        NS_TEST_EXPECT_MSG_EQ(errors[1], "", "second merge succeeded");
        NS_TEST_EXPECT_MSG_EQ(mergedBy[0] + mergedBy[1], files, "each run merged exactly once");
        NS_TEST_EXPECT_MSG_EQ(QueryInt(target, "SELECT COUNT(*) FROM runs"), files, "runs");
        NS_TEST_EXPECT_MSG_EQ(QueryInt(target, "SELECT COUNT(*) FROM requests"),
                              files * requests,
                              "every request row");
        NS_TEST_EXPECT_MSG_EQ(QueryInt(target, "SELECT COUNT(DISTINCT run_id) FROM requests"),
                              files,
                              "rows remapped to the new runs");
        NS_TEST_EXPECT_MSG_EQ(QueryInt(target,
                                       "SELECT COUNT(*) FROM requests q JOIN runs r ON r.id = "
                                       "q.run_id WHERE q.latency <> 0.001 * r.seed"),
                              0,
                              "each row under its own run");
        // the same content as one merge after the other
        std::string sequential = FreshDb("concurrent-seq");
        {
            ResultMerger m(sequential);
            for (const auto& src : sources)
            {
                m.Merge(src);
            }
        }
        bool same = ResultMerger::Digest(target) == ResultMerger::Digest(sequential);
        NS_TEST_EXPECT_MSG_EQ(same, true, "same digest as a sequential merge");
        for (const auto& db : sources)
        {
            RemoveDb(db);
        }
        RemoveDb(target);
        RemoveDb(sequential);
    }
};

/**
 * The sweep test suite.
 */
class DnnSurgerySweepTestSuite : public TestSuite
{
  public:
    DnnSurgerySweepTestSuite()
        : TestSuite("dnn-surgery-sweep", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new TaskPlanTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new TasksMatchSingleRunTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new IncompleteRefusedTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new ConcurrentMergeTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance that registers the suite.
static DnnSurgerySweepTestSuite g_dnnSurgerySweepTestSuite;

} // namespace
