/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Google Benchmark of the result store: request rows written per second (target >= 500,000
 * rows/s), for several batch sizes, into a fresh WAL database in TMPDIR; and the share of a
 * comparison run's wall time spent writing its rows (target < 5%).
 */

#include "ns3/dnn-surgery-comparison.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace ns3;

namespace
{

/// Remove a database and its WAL files.
void
RemoveDb(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
    {
        std::remove((path + suffix).c_str());
    }
}

/// \return a fresh database path (old files removed)
std::string
FreshPath()
{
    std::string dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
    std::string path = dir + "/dnn-surgery-bench-" + std::to_string(getpid()) + ".db";
    RemoveDb(path);
    return path;
}

/// \return a request with every stage filled (the widest row)
RequestRecord
FullRequest(uint64_t k)
{
    RequestRecord r;
    r.device = k % 16;
    r.request = k;
    double t = k * 1e-3;
    r.issued = t;
    r.deviceStart = t;
    r.deviceEnd = t + 0.01;
    r.uploadStart = t + 0.01;
    r.uploadEnd = t + 0.03;
    r.serverQueued = t + 0.03;
    r.serverStart = t + 0.031;
    r.serverEnd = t + 0.04;
    r.downloadEnd = t + 0.042;
    r.completed = t + 0.042;
    r.bytesUp = 200704;
    r.bytesDown = 4000;
    r.outcome = RequestOutcome::COMPLETED;
    r.latency = 0.042;
    r.share = 5e11;
    r.layersOnServer = 40;
    return r;
}

} // namespace

/**
 * Writes one run of `rows` requests (AddRequest + the transactions it triggers + EndRun).
 * \param store the store
 * \param rows rows per run
 */
void
WriteRun(ResultStore& store, uint64_t rows)
{
    RunInfo info;
    info.scenarioName = "bench";
    info.policy = "dds";
    store.BeginRun(info);
    for (uint64_t k = 0; k < rows; ++k)
    {
        store.AddRequest(FullRequest(k));
    }
    store.EndRun(true, 0);
}

/// Steady state: the store stays open, each iteration is one run of 200,000 request rows.
static void
BM_RequestRows(benchmark::State& state)
{
    const uint64_t rows = 200000;
    std::string path = FreshPath();
    uint64_t total = 0;
    {
        ResultStore store(path, state.range(0));
        for (auto _ : state)
        {
            WriteRun(store, rows);
            total += rows;
        }
    }
    state.SetItemsProcessed(total);
    state.counters["rows/s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
    RemoveDb(path);
}

/// Including opening and closing the database (the final checkpoint and its fsync).
static void
BM_RequestRowsOpenClose(benchmark::State& state)
{
    const uint64_t rows = 200000;
    std::string path = FreshPath();
    uint64_t total = 0;
    for (auto _ : state)
    {
        ResultStore store(path, state.range(0));
        WriteRun(store, rows);
        total += rows;
    }
    state.SetItemsProcessed(total);
    state.counters["rows/s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
    RemoveDb(path);
}

BENCHMARK(BM_RequestRows)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RequestRowsOpenClose)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime();

/**
 * One dds run of the default scenario (Wi-Fi, 6 devices, 10 s simulated): the counter
 * log_share is the fraction of the run's wall time spent writing rows to the database.
 */
static void
BM_CompareRunLogShare(benchmark::State& state)
{
    std::string path = FreshPath();
    Scenario s = ScenarioReader::ReadFile(ScenarioReader::FindScenario("default"),
                                          {"--duration=10", "--policies=dds"});
    double wall = 0;
    double write = 0;
    uint64_t rows = 0;
    for (auto _ : state)
    {
        ResultStore store(path);
        ComparisonRun r = DnnSurgeryComparison::RunOne(s, "dds", 1, 1, store, "");
        wall += r.wallSeconds;
        write += r.writeSeconds;
        rows += store.GetRowsWritten();
    }
    state.counters["log_share_%"] = 100 * write / wall;
    state.counters["rows"] = rows / static_cast<double>(state.iterations());
    RemoveDb(path);
}

BENCHMARK(BM_CompareRunLogShare)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

BENCHMARK_MAIN();
