/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "result-summary.h"

#include "dnn-surgery-error.h"

#include <algorithm>
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
                     "status, sim_duration, wall_seconds FROM runs ORDER BY id");
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
            if (completeOnly && r.status != "complete")
            {
                continue;
            }
            index[r.runId] = out.size();
            out.push_back(r);
        }
        sqlite3_finalize(s);
    }
    // requests: counts, latencies overall and per device
    {
        std::map<int64_t, std::vector<double>> lat;
        std::map<int64_t, std::map<uint32_t, std::pair<double, uint64_t>>> perDevice;
        sqlite3_stmt* s =
            db.Query("SELECT run_id, device, outcome, latency, deadline_met FROM requests");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            auto it = index.find(sqlite3_column_int64(s, 0));
            if (it == index.end())
            {
                continue;
            }
            RunSummary& r = out[it->second];
            uint32_t device = sqlite3_column_int(s, 1);
            std::string outcome = Text(s, 2);
            r.issued++;
            if (outcome == "completed")
            {
                r.completed++;
            }
            else if (outcome == "fallback")
            {
                r.fallback++;
            }
            else
            {
                r.failed++;
            }
            if (sqlite3_column_type(s, 4) != SQLITE_NULL)
            {
                r.withDeadline++;
                r.deadlineMet += sqlite3_column_int(s, 4) ? 1 : 0;
                r.deadlineMetRatio = static_cast<double>(r.deadlineMet) / r.withDeadline;
            }
            double l = Real(s, 3);
            if (!std::isnan(l))
            {
                lat[r.runId].push_back(l);
                auto& d = perDevice[r.runId][device];
                d.first += l;
                d.second++;
            }
        }
        sqlite3_finalize(s);
        for (auto& [run, v] : lat)
        {
            RunSummary& r = out[index[run]];
            std::sort(v.begin(), v.end());
            r.meanLatency = std::accumulate(v.begin(), v.end(), 0.0) / v.size();
            r.p50Latency = Percentile(v, 50);
            r.p95Latency = Percentile(v, 95);
            r.p99Latency = Percentile(v, 99);
            double sum = 0;
            for (const auto& [dev, acc] : perDevice[run])
            {
                sum += acc.first / acc.second;
            }
            r.sumDeviceMeanLatency = sum;
        }
    }
    // devices
    {
        sqlite3_stmt* s = db.Query("SELECT run_id, COUNT(*) FROM devices GROUP BY run_id");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            auto it = index.find(sqlite3_column_int64(s, 0));
            if (it != index.end())
            {
                out[it->second].devices = sqlite3_column_int(s, 1);
            }
        }
        sqlite3_finalize(s);
    }
    // payments: each grant's payment rate holds until the device's next grant or the run's end
    {
        sqlite3_stmt* s =
            db.Query("SELECT run_id, device, time, payment FROM allocations ORDER BY run_id, "
                     "device, time, rowid");
        int64_t prevRun = -1;
        int64_t prevDevice = -1;
        double prevTime = 0;
        double prevPayment = 0;
        auto close = [&](double until) {
            auto it = index.find(prevRun);
            if (it != index.end() && !std::isnan(prevPayment) && !std::isnan(until))
            {
                out[it->second].payment += prevPayment * (until - prevTime);
            }
        };
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            int64_t run = sqlite3_column_int64(s, 0);
            int64_t device = sqlite3_column_int64(s, 1);
            double time = Real(s, 2);
            double payment = Real(s, 3);
            if (prevRun >= 0)
            {
                if (run == prevRun && device == prevDevice)
                {
                    close(time);
                }
                else
                {
                    auto it = index.find(prevRun);
                    close(it == index.end() ? prevTime : out[it->second].simDuration);
                }
            }
            prevRun = run;
            prevDevice = device;
            prevTime = time;
            prevPayment = payment;
        }
        if (prevRun >= 0)
        {
            auto it = index.find(prevRun);
            close(it == index.end() ? prevTime : out[it->second].simDuration);
        }
        sqlite3_finalize(s);
    }
    // game
    {
        std::map<int64_t, std::set<int64_t>> epochs;
        sqlite3_stmt* s =
            db.Query("SELECT run_id, epoch, messages, control_bytes, rounds FROM game_rounds");
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            auto it = index.find(sqlite3_column_int64(s, 0));
            if (it == index.end())
            {
                continue;
            }
            RunSummary& r = out[it->second];
            r.rounds += sqlite3_column_int64(s, 4);
            epochs[r.runId].insert(sqlite3_column_int64(s, 1));
            r.messages += sqlite3_column_int64(s, 2);
            r.controlBytes += sqlite3_column_int64(s, 3);
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
