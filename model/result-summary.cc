/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "result-summary.h"

#include "dnn-surgery-error.h"
#include "run-statistics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <sqlite3.h>

namespace ns3
{

namespace
{

/// A read-only connection closed on scope exit.
class Reader
{
  public:
    /**
     * \brief Open a database read-only.
     * \param path database file
     */
    explicit Reader(const std::string& path)
        : m_path(path)
    {
        int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr);
        if (rc != SQLITE_OK)
        {
            std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
            sqlite3_close(m_db);
            m_db = nullptr;
            throw DnnSurgeryError(path + ": cannot open the result database: " + msg);
        }
        sqlite3_busy_timeout(m_db, 30000);
    }

    ~Reader()
    {
        sqlite3_close(m_db);
    }

    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /**
     * \brief Prepare a query.
     * \param sql the query
     * \return the statement (caller finalizes)
     */
    sqlite3_stmt* Query(const char* sql)
    {
        sqlite3_stmt* s = nullptr;
        int rc = sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr);
        if (rc != SQLITE_OK)
        {
            throw DnnSurgeryError(m_path + ": not a dnn-surgery result database (" +
                                  sqlite3_errmsg(m_db) + ")");
        }
        return s;
    }

    /**
     * \brief Run a query that returns one integer.
     * \param sql the query
     * \return the first column of the first row, 0 if none
     */
    int64_t QueryInt(const char* sql)
    {
        sqlite3_stmt* s = Query(sql);
        int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
        return v;
    }

  private:
    std::string m_path;     //!< file
    sqlite3* m_db{nullptr}; //!< connection
};

/**
 * \param s statement
 * \param i column
 * \return the text of the column ("" for NULL)
 */
std::string
Text(sqlite3_stmt* s, int i)
{
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

/**
 * \param s statement
 * \param i column
 * \return the real value of the column (NaN for NULL)
 */
double
Real(sqlite3_stmt* s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
    {
        return RunSummary::NONE;
    }
    return sqlite3_column_double(s, i);
}

} // namespace

double
ResultSummary::Percentile(const std::vector<double>& sorted, uint32_t percent)
{
    if (sorted.empty())
    {
        return RunSummary::NONE;
    }
    uint64_t n = sorted.size();
    uint64_t k = std::max<uint64_t>(1, (percent * n + 99) / 100);
    return sorted[std::min(k, n) - 1];
}

std::vector<RunSummary>
ResultSummary::Read(const std::string& path, bool completeOnly)
{
    Reader db(path);
    std::vector<RunSummary> out;
    std::map<int64_t, std::size_t> index;
    {
        sqlite3_stmt* s =
            db.Query("SELECT id, scenario, policy, seed, run_number, sweep_parameter, sweep_value, "
                     "status, sim_duration, wall_seconds, warmup FROM runs ORDER BY id");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            RunSummary r;
            r.runId = sqlite3_column_int64(s, 0);
            r.scenario = Text(s, 1);
            r.policy = Text(s, 2);
            r.seed = sqlite3_column_int64(s, 3);
            r.runNumber = sqlite3_column_int64(s, 4);
            r.sweepParameter = Text(s, 5);
            r.sweepValue = Text(s, 6);
            r.status = Text(s, 7);
            r.simDuration = Real(s, 8);
            r.wallSeconds = Real(s, 9);
            r.warmup = std::isnan(Real(s, 10)) ? 0 : Real(s, 10);
            if (completeOnly && r.status != "complete")
            {
                continue;
            }
            index[r.runId] = out.size();
            out.push_back(r);
        }
        sqlite3_finalize(s);
    }
    auto find = [&](int64_t run) -> RunSummary* {
        auto it = index.find(run);
        return it == index.end() ? nullptr : &out[it->second];
    };
    // run metrics (server capacity, request timeout, utilisation, game figures, ...)
    {
        sqlite3_stmt* s = db.Query("SELECT run_id, name, value FROM run_metrics");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            if (RunSummary* r = find(sqlite3_column_int64(s, 0)))
            {
                r->metrics[Text(s, 1)] = Real(s, 2);
            }
        }
        sqlite3_finalize(s);
        for (auto& r : out)
        {
            r.requestTimeout = r.Metric("request_timeout");
        }
    }
    // devices and their lambda
    std::map<int64_t, std::map<uint32_t, double>> lambda;
    {
        sqlite3_stmt* s = db.Query("SELECT run_id, device, lambda FROM devices");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            if (RunSummary* r = find(sqlite3_column_int64(s, 0)))
            {
                r->devices++;
                lambda[r->runId][sqlite3_column_int(s, 1)] = Real(s, 2);
            }
        }
        sqlite3_finalize(s);
    }
    // reservation billing: each grant's payment rate holds until the device's next grant or
    // the run's end, counted over [warm-up, end]; the price p(S) over time, for usage billing
    std::map<int64_t, std::map<uint32_t, double>> paid;
    std::map<int64_t, std::vector<std::pair<double, double>>> prices; // (time, p(S))
    {
        sqlite3_stmt* s =
            db.Query("SELECT run_id, device, time, payment, price FROM allocations ORDER BY "
                     "run_id, device, time, rowid");
        RunSummary* prev = nullptr;
        int64_t prevDevice = -1;
        double prevTime = 0;
        double prevPayment = 0;
        auto close = [&](double until) {
            if (prev && !std::isnan(prevPayment) && !std::isnan(until))
            {
                double from = std::max(prevTime, prev->warmup);
                if (until > from)
                {
                    double money = prevPayment * (until - from);
                    prev->payment += money;
                    paid[prev->runId][static_cast<uint32_t>(prevDevice)] += money;
                }
            }
        };
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            RunSummary* run = find(sqlite3_column_int64(s, 0));
            int64_t device = sqlite3_column_int64(s, 1);
            double time = Real(s, 2);
            if (run == prev && device == prevDevice)
            {
                close(time);
            }
            else if (prev)
            {
                close(prev->simDuration);
            }
            prev = run;
            prevDevice = device;
            prevTime = time;
            prevPayment = Real(s, 3);
            if (run && !std::isnan(Real(s, 4)))
            {
                prices[run->runId].emplace_back(time, Real(s, 4));
            }
        }
        if (prev)
        {
            close(prev->simDuration);
        }
        sqlite3_finalize(s);
        for (auto& [run, v] : prices)
        {
            std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
                return a.first < b.first;
            });
        }
    }
    // schema 4 and later: handovers, and whether each request crossed one
    const bool mobility = db.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                      "AND name = 'handovers'") == 1;
    std::map<int64_t, std::array<std::vector<double>, 2>> crossLat; // [not crossed, crossed]
    // requests after the warm-up: counts, latencies overall and per device, usage billing
    {
        struct Device
        {
            std::vector<double> latencies; //!< requests with a result
            double timeoutSum{0};          //!< latencies, failures at the timeout
            uint64_t resolved{0};          //!< completed + fallback + failed
        };

        std::map<int64_t, std::vector<double>> lat;
        std::map<int64_t, std::vector<double>> errors;
        std::map<int64_t, std::map<uint32_t, Device>> perDevice;
        sqlite3_stmt* s =
            db.Query(mobility ? "SELECT run_id, device, outcome, latency, deadline_met, issued, "
                                "predicted, server_work, server_start, layers_on_server, "
                                "crossed_handover FROM requests"
                              : "SELECT run_id, device, outcome, latency, deadline_met, issued, "
                                "predicted, server_work, server_start, layers_on_server, 0 FROM "
                                "requests");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            RunSummary* r = find(sqlite3_column_int64(s, 0));
            if (!r || Real(s, 5) < r->warmup)
            {
                continue;
            }
            uint32_t device = sqlite3_column_int(s, 1);
            std::string outcome = Text(s, 2);
            Device& d = perDevice[r->runId][device];
            r->issued++;
            double l = Real(s, 3);
            if (outcome == "unfinished")
            {
                r->unfinished++;
                continue; // left at the end: neither a result nor a failure
            }
            d.resolved++;
            const bool crossed = sqlite3_column_int(s, 10) != 0;
            if (crossed)
            {
                r->crossed++;
                r->crossedFallback += outcome == "completed" ? 0 : 1;
            }
            if (!std::isnan(l))
            {
                crossLat[r->runId][crossed ? 1 : 0].push_back(l);
            }
            if (outcome == "completed")
            {
                r->completed++;
            }
            else if (outcome == "fallback")
            {
                r->fallback++;
            }
            else
            {
                r->failed++;
            }
            if (sqlite3_column_type(s, 4) != SQLITE_NULL)
            {
                r->withDeadline++;
                r->deadlineMet += sqlite3_column_int(s, 4) ? 1 : 0;
                r->deadlineMetRatio = static_cast<double>(r->deadlineMet) / r->withDeadline;
            }
            if (!std::isnan(l))
            {
                lat[r->runId].push_back(l);
                d.latencies.push_back(l);
                d.timeoutSum += l;
                double predicted = Real(s, 6);
                if (outcome == "completed" && sqlite3_column_int(s, 9) > 0 &&
                    !std::isnan(predicted) && l > 0)
                {
                    errors[r->runId].push_back(std::fabs(predicted - l) / l);
                }
            }
            else
            {
                d.timeoutSum += r->requestTimeout; // NaN without a recorded timeout
            }
            // usage billing: the server work of the request at the price when its work started
            // (p(S) is money per FLOP/s per second, i.e. per FLOP: W FLOP cost W p(S), what a
            // reservation of f for the W / f seconds of its service would cost)
            double work = Real(s, 7);
            if (!std::isnan(work) && work > 0)
            {
                double at = std::isnan(Real(s, 8)) ? Real(s, 5) : Real(s, 8);
                const auto& v = prices[r->runId];
                auto it = std::upper_bound(
                    v.begin(),
                    v.end(),
                    at,
                    [](double t, const std::pair<double, double>& p) { return t < p.first; });
                double price = it == v.begin() ? r->Metric("price_p0") : std::prev(it)->second;
                if (!std::isnan(price))
                {
                    r->paymentUsage += work * price;
                }
            }
        }
        sqlite3_finalize(s);
        for (auto& r : out)
        {
            uint64_t resolved = r.completed + r.fallback + r.failed;
            if (resolved > 0)
            {
                r.completionRate = static_cast<double>(r.completed + r.fallback) / resolved;
            }
            auto& v = lat[r.runId];
            std::sort(v.begin(), v.end());
            if (!v.empty())
            {
                r.meanLatency = std::accumulate(v.begin(), v.end(), 0.0) / v.size();
                r.p50Latency = Percentile(v, 50);
                r.p95Latency = Percentile(v, 95);
                r.p99Latency = Percentile(v, 99);
            }
            auto& e = errors[r.runId];
            std::sort(e.begin(), e.end());
            r.medianPredictionError = Percentile(e, 50);
            double timeoutSum = 0;
            double sumMeans = 0;
            double cost = 0;
            bool costKnown = true;
            std::vector<double> means;
            for (auto& [dev, d] : perDevice[r.runId])
            {
                timeoutSum += d.timeoutSum;
                if (!d.latencies.empty())
                {
                    std::sort(d.latencies.begin(), d.latencies.end());
                    double m = std::accumulate(d.latencies.begin(), d.latencies.end(), 0.0) /
                               d.latencies.size();
                    sumMeans += m;
                    means.push_back(m);
                    double p95 = Percentile(d.latencies, 95);
                    r.worstDeviceP95 =
                        std::isnan(r.worstDeviceP95) ? p95 : std::max(r.worstDeviceP95, p95);
                }
                if (d.resolved > 0)
                {
                    auto li = lambda[r.runId].find(dev);
                    double l = li == lambda[r.runId].end() ? RunSummary::NONE : li->second;
                    double money = paid[r.runId][dev];
                    double j = d.timeoutSum / d.resolved + l * money / d.resolved;
                    costKnown = costKnown && !std::isnan(j);
                    cost += j;
                }
            }
            if (!means.empty())
            {
                r.sumDeviceMeanLatency = sumMeans;
                r.jainIndex = RunStatistics::JainIndex(means);
            }
            if (resolved > 0)
            {
                r.meanLatencyTimeout = timeoutSum / resolved;
                r.sumCostPerRequest = costKnown ? cost : RunSummary::NONE;
            }
        }
    }
    // mobility: handovers (schema 4 and later)
    if (mobility)
    {
        std::map<int64_t, std::vector<double>> gaps;
        sqlite3_stmt* s = db.Query("SELECT run_id, time, ok, interruption FROM handovers");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            RunSummary* r = find(sqlite3_column_int64(s, 0));
            if (!r || Real(s, 1) < r->warmup)
            {
                continue;
            }
            r->handovers++;
            r->handoversFailed += sqlite3_column_int(s, 2) ? 0 : 1;
            if (!std::isnan(Real(s, 3)))
            {
                gaps[r->runId].push_back(Real(s, 3));
            }
        }
        sqlite3_finalize(s);
        for (auto& r : out)
        {
            auto& g = gaps[r.runId];
            std::sort(g.begin(), g.end());
            r.medianInterruption = Percentile(g, 50);
            auto mean = [](const std::vector<double>& v) {
                return v.empty() ? RunSummary::NONE
                                 : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
            };
            r.meanLatencyNotCrossed = mean(crossLat[r.runId][0]);
            r.meanLatencyCrossed = mean(crossLat[r.runId][1]);
        }
    }
    // game
    {
        std::map<int64_t, std::set<int64_t>> epochs;
        sqlite3_stmt* s =
            db.Query("SELECT run_id, epoch, messages, control_bytes, rounds FROM game_rounds");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            RunSummary* r = find(sqlite3_column_int64(s, 0));
            if (!r)
            {
                continue;
            }
            r->rounds += sqlite3_column_int64(s, 4);
            epochs[r->runId].insert(sqlite3_column_int64(s, 1));
            r->messages += sqlite3_column_int64(s, 2);
            r->controlBytes += sqlite3_column_int64(s, 3);
        }
        sqlite3_finalize(s);
        for (const auto& [run, e] : epochs)
        {
            out[index[run]].epochs = e.size();
        }
    }
    return out;
}

} // namespace ns3
