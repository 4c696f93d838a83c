/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the per-run statistics (ResultSummary) on a database written row by row
 * with known values, each figure computed by hand: the warm-up leaves requests out of every
 * figure (and of the SQL views), a request left at the end is counted apart from the failures,
 * a failure counts at the request timeout in mean*, Jain's index and the worst device's p95,
 * reservation billing over the measured window only, usage billing at the price in force, the
 * game objective per request, and the prediction error.
 */

#include "temp-db.h"

#include "ns3/result-store.h"
#include "ns3/result-summary.h"

#include <cmath>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <string>

using namespace ns3;

namespace
{

/**
 * \brief A request row.
 * \param device device
 * \param id request number
 * \param issued arrival (s)
 * \param outcome how it ended
 * \param latency latency (s), NaN without a result
 * \param work server FLOP billed (0 = local)
 * \param serverStart server start (s), NaN if none
 * \param predicted predicted latency (s)
 * \return the record
 */
RequestRecord
Request(uint32_t device,
        uint64_t id,
        double issued,
        RequestOutcome outcome,
        double latency,
        double work = 0,
        double serverStart = RequestRecord::NONE,
        double predicted = RequestRecord::NONE)
{
    RequestRecord r;
    r.device = device;
    r.request = id;
    r.issued = issued;
    r.outcome = outcome;
    r.latency = latency;
    r.completed = std::isnan(latency) ? RequestRecord::NONE : issued + latency;
    r.serverWork = work;
    r.serverStart = serverStart;
    r.predicted = predicted;
    r.layersOnServer = work > 0 ? 3 : 0;
    return r;
}

/**
 * \brief One value of a query.
 * \param path database
 * \param sql query
 * \return the first column of the first row as text
 */
std::string
Scalar(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    std::string out = "?";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
    {
        const unsigned char* t = sqlite3_column_text(s, 0);
        out = t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

} // namespace

TEST(ResultSummary, EveryFigureOfAHandMadeRun)
{
    TempDb db("summary");
    {
        ResultStore store(db.Path());
        RunInfo info;
        info.scenarioName = "hand";
        info.policy = "dds";
        info.scenarioText = "{}";
        info.simDuration = 10;
        info.warmup = 2;
        store.BeginRun(info);
        for (uint32_t d = 0; d < 2; ++d)
        {
            DeviceRecord dev;
            dev.device = d;
            dev.lambda = d == 0 ? 1.0 : 2.0;
            store.AddDevice(dev);
        }
        store.AddMetric("server_capacity", 1e12);
        store.AddMetric("price_p0", 1e-13);
        store.AddMetric("request_timeout", 2.0);
        // device 0 pays 0.01 /s from t = 1 (0.08 over [2, 10]); device 1 pays 0.02 /s from t = 6
        // (0.08 over [6, 10]); the price is 2e-13 from t = 1 and 3e-13 from t = 6
        AllocationRecord a;
        a.device = 0;
        a.time = 1;
        a.granted = 5e10;
        a.price = 2e-13;
        a.payment = 0.01;
        store.AddAllocation(a);
        a.device = 1;
        a.time = 6;
        a.granted = 6.7e10;
        a.price = 3e-13;
        a.payment = 0.02;
        store.AddAllocation(a);
        // warm-up: left out everywhere, however bad
        store.AddRequest(Request(0, 0, 1.0, RequestOutcome::FAILED, RequestRecord::NONE));
        store.AddRequest(Request(1, 0, 1.5, RequestOutcome::COMPLETED, 9.0));
        // device 0: 0.1 s (offloaded, 1e9 FLOP at t = 3: price 2e-13), 0.3 s, a failure
        store.AddRequest(Request(0, 1, 3.0, RequestOutcome::COMPLETED, 0.1, 1e9, 3.05, 0.12));
        store.AddRequest(Request(0, 2, 4.0, RequestOutcome::FALLBACK, 0.3));
        store.AddRequest(Request(0, 3, 5.0, RequestOutcome::FAILED, RequestRecord::NONE));
        // device 1: 0.2 s (offloaded, 2e9 FLOP at t = 7: price 3e-13), 0.4 s, one left at the end
        store.AddRequest(Request(1, 1, 6.5, RequestOutcome::COMPLETED, 0.2, 2e9, 7.0, 0.25));
        store.AddRequest(Request(1, 2, 8.0, RequestOutcome::COMPLETED, 0.4));
        store.AddRequest(Request(1, 3, 9.9, RequestOutcome::UNFINISHED, RequestRecord::NONE));
        store.EndRun(true, 1.0);
    }
    auto runs = ResultSummary::Read(db.Path());
    ASSERT_EQ(runs.size(), 1u);
    const RunSummary& r = runs[0];
    EXPECT_DOUBLE_EQ(r.warmup, 2.0);
    EXPECT_EQ(r.issued, 6u);
    EXPECT_EQ(r.completed, 3u);
    EXPECT_EQ(r.fallback, 1u);
    EXPECT_EQ(r.failed, 1u);
    EXPECT_EQ(r.unfinished, 1u);
    EXPECT_DOUBLE_EQ(r.completionRate, 4.0 / 5.0);
    EXPECT_NEAR(r.meanLatency, (0.1 + 0.3 + 0.2 + 0.4) / 4, 1e-12);
    // the failure at the 2 s timeout; the unfinished request in neither
    EXPECT_NEAR(r.meanLatencyTimeout, (0.1 + 0.3 + 2.0 + 0.2 + 0.4) / 5, 1e-12);
    // per-device means 0.2 and 0.3: Jain = 0.25 / (2 x 0.13)
    EXPECT_NEAR(r.jainIndex, 0.25 / 0.26, 1e-12);
    EXPECT_NEAR(r.worstDeviceP95, 0.4, 1e-12);
    EXPECT_NEAR(r.payment, 0.08 + 0.08, 1e-12);
    EXPECT_NEAR(r.paymentUsage, 1e9 * 2e-13 + 2e9 * 3e-13, 1e-15);
    // J per request: device 0 (0.1 + 0.3 + 2) / 3 + 1 x 0.08 / 3, device 1 (0.2 + 0.4) / 2 +
    // 2 x 0.08 / 2
    EXPECT_NEAR(r.sumCostPerRequest, 2.4 / 3 + 0.08 / 3 + 0.3 + 0.08, 1e-12);
    // |0.12 - 0.1| / 0.1 = 0.2 and |0.25 - 0.2| / 0.2 = 0.25: nearest-rank median 0.2
    EXPECT_NEAR(r.medianPredictionError, 0.2, 1e-12);
    EXPECT_DOUBLE_EQ(r.Metric("request_timeout"), 2.0);
    EXPECT_TRUE(std::isnan(r.Metric("no-such-metric")));
    // the SQL views count the same requests
    EXPECT_EQ(Scalar(db.Path(),
                     "SELECT issued || ' ' || completed || ' ' || fallback || ' ' || failed || "
                     "' ' || unfinished FROM run_outcomes"),
              "6 3 1 1 1");
    EXPECT_EQ(Scalar(db.Path(), "SELECT n FROM run_latency"), "4");
    EXPECT_EQ(Scalar(db.Path(), "SELECT COUNT(*) FROM requests"), "8");
}
