/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * System tests of the result path: the request rows written for a simulation match the
 * applications' own accounting (issued = completed + fallback + failed, per device and in
 * total); the same scenario and seed give identical rows and summaries; a run that fails is
 * never marked complete.
 */

#include "test-db-path.h"

#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/result-store.h"
#include "ns3/result-summary.h"
#include "ns3/scenario-reader.h"
#include "ns3/test.h"

#include <cmath>
#include <cstdio>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// A short scenario on ideal point-to-point links (seconds of wall time per policy).
const std::string SCENARIO = R"({
  "name": "results-test",
  "duration": 4.0,
  "policies": ["dads", "dds"],
  "network": {"type": "p2p", "p2pRate": 2e7, "p2pDelay": 0.002},
  "devices": {"count": 3, "models": [{"name": "resnet18", "weight": 2}, {"name": "mobilenet_v2"}],
              "pattern": "poisson", "rate": 4.0, "timeout": 1.0},
  "server": {"capacity": 1e12, "p0": 1e-13, "kappa": 1e-25}
})";

/// \return a fresh database path (see testdb::Fresh)
std::string
FreshDb(const std::string& tag)
{
    return testdb::Fresh("results-test", tag);
}

/// \param path a database to remove, with its -wal/-shm/-journal files
void
RemoveDb(const std::string& path)
{
    testdb::Remove(path);
}

using testdb::Rows;

/**
 * Request rows == the applications' accounting, per device, per outcome and in total.
 */
class RequestAccountingTestCase : public TestCase
{
  public:
    RequestAccountingTestCase()
        : TestCase("request rows match the applications' counts (issued = completed + fallback "
                   "+ failed)")
    {
    }

  private:
    void DoRun() override
    {
        std::string db = FreshDb("accounting");
        Scenario s = ScenarioReader::ReadString(SCENARIO, "results-test.json");
        std::vector<ComparisonRun> runs;
        {
            ResultStore store(db, 7); // small batches: rows cross many transactions
            runs = DnnSurgeryComparison::RunAll(s, store, "", nullptr);
        }
        NS_TEST_ASSERT_MSG_EQ(runs.size(), 2u, "one run per policy");
        for (const auto& r : runs)
        {
            uint64_t totalIssued = 0;
            NS_TEST_ASSERT_MSG_EQ(r.appCounts.size(), 3u, "three devices");
            for (uint32_t i = 0; i < r.appCounts.size(); ++i)
            {
                // issued, completed, fallback, failed, unfinished, in flight
                const auto& c = r.appCounts[i];
                NS_TEST_EXPECT_MSG_GT(c[0], 5u, r.policy << " device " << i << " issued requests");
                NS_TEST_EXPECT_MSG_EQ(c[5], 0u, "nothing left in flight after the run");
                NS_TEST_EXPECT_MSG_EQ(c[0],
                                      c[1] + c[2] + c[3] + c[4],
                                      "issued = completed+fallback+failed+unfinished");
                // what the recorder saw and what the database holds, outcome by outcome
                NS_TEST_EXPECT_MSG_EQ(r.recordedCounts[i][0], c[1], "completed recorded");
                NS_TEST_EXPECT_MSG_EQ(r.recordedCounts[i][1], c[2], "fallback recorded");
                NS_TEST_EXPECT_MSG_EQ(r.recordedCounts[i][2], c[3], "failed recorded");
                NS_TEST_EXPECT_MSG_EQ(r.recordedCounts[i][3], c[4], "unfinished recorded");
                auto rows =
                    Rows(db,
                         "SELECT COUNT(*), SUM(outcome='completed'), "
                         "SUM(outcome='fallback'), SUM(outcome='failed'), "
                         "SUM(outcome='unfinished'), COUNT(DISTINCT request) FROM requests "
                         "WHERE run_id = " +
                             std::to_string(r.runId) + " AND device = " + std::to_string(i));
                std::string expected = std::to_string(c[0]) + "|" + std::to_string(c[1]) + "|" +
                                       std::to_string(c[2]) + "|" + std::to_string(c[3]) + "|" +
                                       std::to_string(c[4]) + "|" + std::to_string(c[0]);
                NS_TEST_EXPECT_MSG_EQ(rows.at(0), expected, r.policy << " device " << i);
                totalIssued += c[0];
            }
            auto total = Rows(db,
                              "SELECT issued, completed + fallback + failed + unfinished FROM "
                              "policy_summary "
                              "WHERE run_id = " +
                                  std::to_string(r.runId));
            NS_TEST_EXPECT_MSG_EQ(total.at(0),
                                  std::to_string(totalIssued) + "|" + std::to_string(totalIssued),
                                  "totals in the summary view");
            // every stage of a completed offloaded request is ordered in time
            auto disorder =
                Rows(db,
                     "SELECT COUNT(*) FROM requests WHERE run_id = " + std::to_string(r.runId) +
                         " AND outcome = 'completed' AND upload_start IS NOT NULL AND "
                         "NOT (issued <= device_start AND device_start <= device_end "
                         "AND device_end <= upload_start AND upload_start <= "
                         "upload_end AND upload_end <= server_start AND server_start "
                         "<= server_end AND server_end <= download_end AND "
                         "download_end <= completed)");
            NS_TEST_EXPECT_MSG_EQ(disorder.at(0), "0", "request stages in time order");
            auto latency =
                Rows(db,
                     "SELECT COUNT(*) FROM requests WHERE run_id = " + std::to_string(r.runId) +
                         " AND latency IS NOT NULL AND abs(latency - (completed - "
                         "issued)) > 1e-12");
            NS_TEST_EXPECT_MSG_EQ(latency.at(0), "0", "latency = completed - issued");
        }
        auto status = Rows(db, "SELECT COUNT(*) FROM runs WHERE status = 'complete'");
        NS_TEST_EXPECT_MSG_EQ(status.at(0), "2", "both runs complete");
        auto offloaded = Rows(db, "SELECT COUNT(*) FROM requests WHERE upload_start IS NOT NULL");
        NS_TEST_EXPECT_MSG_NE(offloaded.at(0), "0", "some requests were offloaded");
        RemoveDb(db);
    }
};

/**
 * Same scenario and seed -> identical rows and summaries; another seed -> different traffic.
 */
class DeterminismTestCase : public TestCase
{
  public:
    DeterminismTestCase()
        : TestCase("same scenario and seed give identical request rows and summary rows")
    {
    }

  private:
    void DoRun() override
    {
        Scenario s = ScenarioReader::ReadString(SCENARIO, "results-test.json", {"--policies=dds"});
        std::vector<std::string> dbs = {FreshDb("det-a"), FreshDb("det-b")};
        std::vector<std::vector<std::string>> requests;
        std::vector<std::vector<std::string>> summaries;
        for (const auto& db : dbs)
        {
            {
                ResultStore store(db);
                DnnSurgeryComparison::RunOne(s, "dds", 3, 1, store, "");
                DnnSurgeryComparison::RunOne(s, "dds", 4, 1, store, "");
            }
            requests.push_back(Rows(db,
                                    "SELECT run_id, device, request, issued, device_start, "
                                    "device_end, upload_start, upload_end, server_start, "
                                    "server_end, download_end, completed, bytes_up, bytes_down, "
                                    "outcome, latency, share FROM requests ORDER BY run_id, "
                                    "device, request"));
            summaries.push_back(Rows(db,
                                     "SELECT policy, seed, issued, completed, fallback, failed, "
                                     "mean_latency, p50_latency, p95_latency, p99_latency, "
                                     "payment, rounds, messages, control_bytes FROM "
                                     "policy_summary ORDER BY run_id"));
        }
        NS_TEST_ASSERT_MSG_GT(requests[0].size(), 20u, "requests were recorded");
        bool sameRequests = requests[0] == requests[1];
        NS_TEST_EXPECT_MSG_EQ(sameRequests, true, "identical request rows");
        NS_TEST_ASSERT_MSG_EQ(summaries[0].size(), 2u, "two runs");
        bool sameSummaries = summaries[0] == summaries[1];
        NS_TEST_EXPECT_MSG_EQ(sameSummaries, true, "identical summary rows");
        // and the C++ summaries agree with the views, run by run
        auto cpp = ResultSummary::Read(dbs[0]);
        NS_TEST_ASSERT_MSG_EQ(cpp.size(), 2u, "two complete runs");
        for (const auto& r : cpp)
        {
            auto v = Rows(dbs[0],
                          "SELECT mean_latency, p95_latency, issued FROM policy_summary WHERE "
                          "run_id = " +
                              std::to_string(r.runId));
            double mean = std::stod(v.at(0).substr(0, v[0].find('|')));
            NS_TEST_EXPECT_MSG_EQ_TOL(mean, r.meanLatency, 1e-9, "view and C++ mean");
        }
        // another seed draws other Poisson arrivals
        NS_TEST_EXPECT_MSG_NE(summaries[0][0].substr(summaries[0][0].find('|', 4)),
                              summaries[0][1].substr(summaries[0][1].find('|', 4)),
                              "seeds 3 and 4 differ");
        for (const auto& db : dbs)
        {
            RemoveDb(db);
        }
    }
};

/**
 * A run that fails is marked failed, never complete; bad scenarios never reach the database.
 */
class FailedRunTestCase : public TestCase
{
  public:
    FailedRunTestCase()
        : TestCase("a failing run is marked failed, never complete")
    {
    }

  private:
    void DoRun() override
    {
        std::string db = FreshDb("failed");
        Scenario s = ScenarioReader::ReadString(SCENARIO, "results-test.json");
        {
            ResultStore store(db);
            bool threw = false;
            try
            {
                DnnSurgeryComparison::RunOne(s, "no-such-policy", 1, 1, store, "");
            }
            catch (const DnnSurgeryError&)
            {
                threw = true;
            }
            NS_TEST_EXPECT_MSG_EQ(threw, true, "an unknown policy throws DnnSurgeryError");
            // the store is usable again for the next run
            DnnSurgeryComparison::RunOne(s, "local", 1, 1, store, "");
        }
        auto rows = Rows(db, "SELECT policy, status, message != '' FROM runs ORDER BY id");
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 2u, "two runs");
        NS_TEST_EXPECT_MSG_EQ(rows[0], "no-such-policy|failed|1", "failed with a message");
        NS_TEST_EXPECT_MSG_EQ(rows[1], "local|complete|0", "next run complete");
        auto leaked = Rows(db,
                           "SELECT COUNT(*) FROM requests WHERE run_id = (SELECT id FROM runs "
                           "WHERE status = 'failed')");
        NS_TEST_EXPECT_MSG_EQ(leaked.at(0), "0", "no request rows of the failed run");
        NS_TEST_EXPECT_MSG_EQ(ResultSummary::Read(db).size(), 1u, "only the complete run counts");
        RemoveDb(db);
    }
};

/**
 * Deadlines: every request row carries the frame deadline, deadline_met agrees with the
 * latency and the outcome, and the summaries carry the ratio; without deadlines, NULL.
 */
class DeadlineTestCase : public TestCase
{
  public:
    DeadlineTestCase()
        : TestCase("deadline per request: rows, deadline_met, summary ratio")
    {
    }

  private:
    void DoRun() override
    {
        std::string db = FreshDb("deadline");
        Scenario frame = ScenarioReader::ReadString(SCENARIO,
                                                    "results-test.json",
                                                    {"--devices.deadline=frame", "--duration=3"});
        Scenario none = ScenarioReader::ReadString(SCENARIO, "results-test.json", {"--duration=3"});
        int64_t withId = -1;
        int64_t withoutId = -1;
        {
            ResultStore store(db);
            withId = DnnSurgeryComparison::RunOne(frame, "dads", 1, 1, store, "").runId;
            withoutId = DnnSurgeryComparison::RunOne(none, "dads", 1, 1, store, "").runId;
        }
        const std::string w = std::to_string(withId);
        // a request left unfinished at the end has its deadline but is not judged (NULL)
        auto all = Rows(db,
                        "SELECT COUNT(*), COUNT(deadline), SUM(ABS(deadline - 0.25) < 1e-12), "
                        "COUNT(deadline_met) + SUM(outcome = 'unfinished' AND deadline_met IS "
                        "NULL) FROM requests WHERE run_id = " +
                            w);
        NS_TEST_ASSERT_MSG_EQ(all.size(), 1u, "one row");
        std::string issued = all[0].substr(0, all[0].find('|'));
        NS_TEST_EXPECT_MSG_EQ(all[0],
                              issued + "|" + issued + "|" + issued + "|" + issued,
                              "every row: deadline 1 / rate = 0.25 s; judged unless unfinished");
        auto rows = Rows(db,
                         "SELECT COUNT(*), SUM(deadline_met = (outcome IN ('completed', "
                         "'fallback') AND latency <= deadline)), SUM(deadline_met) FROM requests "
                         "WHERE outcome != 'unfinished' AND run_id = " +
                             w);
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 1u, "one row");
        std::string n = rows[0].substr(0, rows[0].find('|'));
        NS_TEST_EXPECT_MSG_NE(n, "0", "requests were written");
        std::string expected = n + "|" + n + "|";
        NS_TEST_EXPECT_MSG_EQ(rows[0].substr(0, expected.size()),
                              expected,
                              "every judged row: deadline_met consistent");
        std::string met = rows[0].substr(expected.size());
        NS_TEST_EXPECT_MSG_NE(met, "0", "some requests met the deadline");
        auto ratio = Rows(db,
                          "SELECT ABS(deadline_met_ratio - " + met + ".0 / " + n +
                              ") < 1e-12 FROM policy_summary WHERE run_id = " + w);
        NS_TEST_EXPECT_MSG_EQ(ratio.at(0), "1", "the summary view's ratio");
        for (const auto& r : ResultSummary::Read(db))
        {
            if (r.runId == withId)
            {
                NS_TEST_EXPECT_MSG_EQ(std::to_string(r.withDeadline), n, "summary: with deadline");
                NS_TEST_EXPECT_MSG_EQ(std::to_string(r.deadlineMet), met, "summary: met");
            }
            if (r.runId == withoutId)
            {
                NS_TEST_EXPECT_MSG_EQ(r.withDeadline, 0u, "no deadline, none counted");
                NS_TEST_EXPECT_MSG_EQ(std::isnan(r.deadlineMetRatio), true, "ratio NaN");
            }
        }
        auto without = Rows(db,
                            "SELECT COUNT(deadline), COUNT(deadline_met) FROM requests WHERE "
                            "run_id = " +
                                std::to_string(withoutId));
        NS_TEST_EXPECT_MSG_EQ(without.at(0), "0|0", "no deadline: NULL columns");
        std::ostringstream table;
        DnnSurgeryComparison::PrintTable(db, {withId}, table);
        NS_TEST_EXPECT_MSG_NE(table.str().find("met %"), std::string::npos, "table column");
        RemoveDb(db);
    }
};

/// The suite.
class DnnSurgeryResultsTestSuite : public TestSuite
{
  public:
    DnnSurgeryResultsTestSuite()
        : TestSuite("dnn-surgery-results", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new RequestAccountingTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new DeterminismTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new FailedRunTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new DeadlineTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance.
static DnnSurgeryResultsTestSuite g_dnnSurgeryResultsTestSuite;

} // namespace
