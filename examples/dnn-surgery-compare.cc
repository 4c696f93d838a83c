/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * The main job: runs every policy of a scenario on identical seeds and traffic, writes every
 * run through the result store, prints the comparison table read back from the database and
 * draws the plots from it.
 *
 *   ./build/bin/dnn-surgery-compare --scenario=scenarios/default.json --db=results.db \
 *       --plots=plots [--devices.count=8 ...]
 *
 * Any scenario field can be overridden as --<field>=<value> (e.g. --devices.count=8,
 * --policies=dds,dads, --sweep.parameter=server.capacity --sweep.values=1e12,4e12);
 * --fields lists them all.
 */

#include "ns3/command-line.h"
#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/simulation-interrupt.h"

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string scenarioName = "default";
    std::string db = "results.db";
    std::string plots;
    bool fields = false;
    bool quiet = false;

    // scenario overrides (--devices.count=5) are taken out before ns-3's parser sees argv
    std::vector<std::string> overrides;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        if (ScenarioReader::IsOverride(argv[i]))
        {
            overrides.emplace_back(argv[i]);
        }
        else
        {
            rest.push_back(argv[i]);
        }
    }
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs every policy of a scenario on identical traffic into an SQLite database, "
              "prints the comparison table from it and draws plots. Scenario fields can be "
              "overridden as --<field>=<value> (see --fields).");
    cmd.AddValue("scenario", "scenario file, or a bundled scenario name", scenarioName);
    cmd.AddValue("db", "result database (created if needed; runs are appended)", db);
    cmd.AddValue("plots", "directory for the plots (empty = no plots)", plots);
    cmd.AddValue("fields", "list the scenario fields and exit", fields);
    cmd.AddValue("quiet", "do not print one line per run", quiet);
    cmd.Parse(static_cast<int>(rest.size()), rest.data());

    if (fields)
    {
        std::cout << "scenario fields (override as --<field>=<value>):\n"
                  << ScenarioReader::DescribeFields();
        return 0;
    }
    // SIGINT/SIGTERM stop the current run cleanly (marked 'interrupted'); SIGXFSZ becomes a
    // write error
    SimulationInterrupt::Install();
    try
    {
        auto t0 = std::chrono::steady_clock::now();
        // the whole scenario, sweep values included, is validated before the database opens
        Scenario scenario =
            ScenarioReader::ReadFile(ScenarioReader::FindScenario(scenarioName), overrides);
        std::string commit = DnnSurgeryComparison::FindGitCommit();
        std::cout << "dnn-surgery " << GetDnnSurgeryVersion() << " (ns-3 "
                  << GetDnnSurgeryNs3Version() << ")"
                  << (commit.empty() ? "" : ", commit " + commit.substr(0, 12)) << ": scenario '"
                  << scenario.name << "' from " << scenario.source << ", database " << db
                  << std::endl;

        std::vector<ComparisonRun> runs;
        uint64_t rows = 0;
        {
            ResultStore store(db);
            runs =
                DnnSurgeryComparison::RunAll(scenario, store, commit, quiet ? nullptr : &std::cout);
            rows = store.GetRowsWritten();
        }
        std::vector<int64_t> ids;
        double wall = 0;
        double write = 0;
        for (const auto& r : runs)
        {
            ids.push_back(r.runId);
            wall += r.wallSeconds;
            write += r.writeSeconds;
        }
        DnnSurgeryComparison::PrintTable(db, ids, std::cout);
        std::cout << "result store: " << rows << " rows in " << db << ", " << std::fixed
                  << std::setprecision(3) << write << " s of " << wall
                  << " s of runs spent writing (" << std::setprecision(2)
                  << (wall > 0 ? 100 * write / wall : 0) << "%)" << std::endl;

        if (!plots.empty())
        {
            std::string script = GetDnnSurgerySourceDir() + "/utils/plot-results.py";
            std::string command = "python3 '" + script + "' --db '" + db + "' --out '" + plots +
                                  "' --scenario '" + scenario.name + "'";
            if (std::system(command.c_str()) != 0)
            {
                std::cerr << "error: plotting failed: " << command << std::endl;
                return 1;
            }
        }
        std::cout << "total wall time " << std::setprecision(1)
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                  << " s" << std::endl;
    }
    catch (const DnnSurgeryInterrupted& e)
    {
        std::cerr << "interrupted: " << e.what() << "; runs already complete are kept in " << db
                  << std::endl;
        return 128 + e.GetSignal();
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
