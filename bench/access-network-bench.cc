/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Google Benchmark: wall (CPU) time of an LTE/EPC run against a Wi-Fi run of the same devices.
 * Both run the dds policy with 10 devices for 30 simulated seconds, the same models, request
 * process and seed: the LTE run on scenarios/lte-handover.json (3 eNBs, X2 handovers, devices
 * driving at 25 m/s), the Wi-Fi run on scenarios/wifi-roaming.json (3 APs of one roaming ESS,
 * pedestrians). The LTE run's time over the Wi-Fi run's is printed as lte_over_wifi (from the
 * last run of each benchmark: run them in the default order, Wi-Fi first).
 *
 *   ./access-network-bench [--benchmark_...]   (env DDS_BENCH_DEVICES, DDS_BENCH_SECONDS)
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-module.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace ns3;

namespace
{

double g_wifiSeconds = 0; //!< wall seconds of the last Wi-Fi run

/**
 * \brief Run one scenario once, into a scratch database.
 * \param name bundled scenario
 * \param[out] handovers handovers recorded
 * \return wall seconds
 */
double
RunScenario(const std::string& name, double& handovers)
{
    const char* dev = std::getenv("DDS_BENCH_DEVICES");
    const char* sec = std::getenv("DDS_BENCH_SECONDS");
    Scenario s = ScenarioReader::ReadFile(ScenarioReader::FindScenario(name),
                                          {std::string("--devices.count=") + (dev ? dev : "10"),
                                           std::string("--duration=") + (sec ? sec : "30"),
                                           "--policies=[\"dds\"]"});
    std::string db = "/tmp/dnn-surgery-access-bench-" + std::to_string(getpid()) + ".db";
    std::remove(db.c_str());
    auto t0 = std::chrono::steady_clock::now();
    {
        ResultStore store(db);
        DnnSurgeryComparison::RunOne(s, "dds", 1, 1, store, "");
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    handovers = 0;
    for (const auto& r : ResultSummary::Read(db))
    {
        handovers += static_cast<double>(r.handovers);
    }
    for (const char* suffix : {"", "-wal", "-shm"})
    {
        std::remove((db + suffix).c_str());
    }
    return wall;
}

/// Wi-Fi: 3 APs of one ESS, the devices walking.
void
BM_WifiRoaming(benchmark::State& state)
{
    double handovers = 0;
    for (auto _ : state)
    {
        g_wifiSeconds = RunScenario("wifi-roaming", handovers);
    }
    state.counters["handovers"] = handovers;
}

/// LTE: 3 eNBs with X2, the devices driving.
void
BM_LteHandover(benchmark::State& state)
{
    double handovers = 0;
    double wall = 0;
    for (auto _ : state)
    {
        wall = RunScenario("lte-handover", handovers);
    }
    state.counters["handovers"] = handovers;
    if (g_wifiSeconds > 0)
    {
        state.counters["lte_over_wifi"] = wall / g_wifiSeconds;
    }
}

BENCHMARK(BM_WifiRoaming)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_LteHandover)->Unit(benchmark::kSecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
