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
 * --fields lists them all, and so does --PrintHelp (with this scenario's values as defaults).
 *
 * Sweeps on several processes or machines (Slurm job arrays, GNU parallel, SEM):
 *
 *   ./build/bin/dnn-surgery-compare --scenario=... --list-tasks     # index<TAB>command per task
 *   ./build/bin/dnn-surgery-compare --scenario=... --task=42        # -> results/task-00042.db
 *   ./build/bin/dnn-surgery-merge --db=merged.db --plots=plots results/task-*.db
 */

#include "ns3/command-line.h"
#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/simulation-interrupt.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \brief Quote an argument for a POSIX shell (unchanged when it needs no quoting).
 * \param arg the argument
 * \return the quoted argument
 */
std::string
ShellQuote(const std::string& arg)
{
    const std::string safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                             "_@%+=:,./-";
    if (!arg.empty() && arg.find_first_not_of(safe) == std::string::npos)
    {
        return arg;
    }
    std::string out = "'";
    for (char c : arg)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/**
 * \brief An absolute form of a path (made absolute against the current directory, not
 * resolved, so that a path that does not exist yet works too).
 * \param path a path
 * \return the absolute path
 */
std::string
Absolute(const std::string& path)
{
    return std::filesystem::absolute(path).lexically_normal().string();
}

/**
 * \brief The result file of a task.
 * \param dir task directory
 * \param task task index
 * \return `<dir>/task-<5 digits>.db`
 */
std::string
TaskDb(const std::string& dir, uint32_t task)
{
    char name[32];
    std::snprintf(name, sizeof(name), "task-%05u.db", task);
    return (std::filesystem::path(dir) / name).string();
}

/**
 * \brief The value of --name=value in argv, if given.
 * \param argc argument count
 * \param argv arguments
 * \param name option name
 * \param value set to the value when found
 */
void
PeekOption(int argc, char* argv[], const std::string& name, std::string& value)
{
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        for (const std::string& prefix : {"--" + name + "=", "-" + name + "="})
        {
            if (a.rfind(prefix, 0) == 0)
            {
                value = a.substr(prefix.size());
            }
        }
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenarioName = "default";
    std::string db;
    std::string plots;
    bool fields = false;
    bool quiet = false;
    bool listTasks = false;
    int64_t task = -1;
    std::string taskDir = "results";

    // scenario overrides (--devices.count=5) are taken out before ns-3's parser sees argv
    std::vector<std::string> overrides;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (ScenarioReader::IsOverride(a))
        {
            overrides.emplace_back(a);
        }
        else if (a == "--db=" || a == "--plots=" || a == "--taskDir=" || a == "--scenario=")
        {
            // an empty string option keeps its default (ns-3's parser rejects an empty value,
            // and tools such as SEM pass every option of --PrintHelp, empty defaults included)
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
    cmd.AddValue("db",
                 "result database (created if needed; runs are appended). Empty: results.db in "
                 "the current directory, or <taskDir>/task-<task>.db with --task",
                 db);
    cmd.AddValue("plots", "directory for the plots (empty = no plots)", plots);
    cmd.AddValue("fields", "list the scenario fields and exit", fields);
    cmd.AddValue("quiet", "do not print one line per run", quiet);
    cmd.AddValue("list-tasks",
                 "print the sweep plan, one line per task (index, tab, exact command line), "
                 "and exit",
                 listTasks);
    cmd.AddValue("task", "run only this task of the sweep plan (-1 = every task)", task);
    cmd.AddValue("taskDir", "directory of the task result files (task-<5 digits>.db)", taskDir);

    // Every scenario field is listed by --PrintHelp with the value this scenario gives it (SEM
    // reads the parameters and defaults from there). The overrides themselves are applied by
    // the ScenarioReader, which names the field of a bad value; these entries only document.
    std::deque<std::string> fieldValues;
    {
        std::string peek = scenarioName;
        PeekOption(argc, argv, "scenario", peek);
        std::vector<ScenarioFieldValue> values;
        try
        {
            values = ScenarioReader::GetFieldValues(
                ScenarioReader::ReadFile(ScenarioReader::FindScenario(peek)));
        }
        catch (const DnnSurgeryError&)
        {
            // an unreadable scenario is reported below, where it is read for the run
        }
        for (const auto& f : values)
        {
            fieldValues.push_back(f.value);
            // brackets only around the default, where tools that read --PrintHelp look for it
            std::string help = f.help;
            std::replace(help.begin(), help.end(), '[', '(');
            std::replace(help.begin(), help.end(), ']', ')');
            cmd.AddValue(f.path, "scenario field: " + help, fieldValues.back());
        }
    }
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
        std::string scenarioPath = ScenarioReader::FindScenario(scenarioName);
        Scenario scenario = ScenarioReader::ReadFile(scenarioPath, overrides);
        if (listTasks)
        {
            // one self-contained command per task: absolute paths, the overrides as given
            std::string self = Absolute(argv[0]);
            std::error_code ec;
            auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
            if (!ec)
            {
                self = exe.string();
            }
            std::string common =
                ShellQuote(self) + " " + ShellQuote("--scenario=" + Absolute(scenarioPath));
            for (const auto& o : overrides)
            {
                common += " " + ShellQuote(o);
            }
            if (quiet)
            {
                common += " --quiet";
            }
            for (const auto& t : DnnSurgeryComparison::ListTasks(scenario))
            {
                std::cout << t.index << "\t" << common << " --task=" << t.index << " "
                          << ShellQuote("--db=" + Absolute(TaskDb(taskDir, t.index))) << "\n";
            }
            std::cout << std::flush;
            return 0;
        }
        // a task that does not exist is refused before any file is created
        auto tasks = static_cast<int64_t>(DnnSurgeryComparison::ListTasks(scenario).size());
        if (task < -1 || task >= tasks)
        {
            throw DnnSurgeryError("command line: --task=" + std::to_string(task) + ": scenario '" +
                                  scenario.name + "' has " + std::to_string(tasks) +
                                  " task(s), 0.." + std::to_string(tasks - 1) +
                                  " (-1 = every task; see --list-tasks)");
        }
        if (db.empty())
        {
            db = task >= 0 ? TaskDb(taskDir, static_cast<uint32_t>(task)) : "results.db";
        }
        auto parent = std::filesystem::path(db).parent_path();
        if (task >= 0 && !parent.empty())
        {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);
            if (ec)
            {
                throw DnnSurgeryError(db + ": cannot create directory " + parent.string() + ": " +
                                      ec.message());
            }
        }
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
            if (task >= 0)
            {
                runs.push_back(DnnSurgeryComparison::RunTask(scenario,
                                                             static_cast<uint32_t>(task),
                                                             store,
                                                             commit));
                if (!quiet)
                {
                    const ComparisonRun& r = runs.back();
                    std::cout << "task " << task << ": run " << r.runId << ": " << scenario.name
                              << (r.sweepValue.empty()
                                      ? ""
                                      : " " + scenario.sweep.parameter + "=" + r.sweepValue)
                              << " seed " << r.seed << " run " << r.runNumber << " " << r.policy
                              << " (" << std::fixed << std::setprecision(1) << r.wallSeconds
                              << " s)" << std::endl;
                }
            }
            else
            {
                runs = DnnSurgeryComparison::RunAll(scenario,
                                                    store,
                                                    commit,
                                                    quiet ? nullptr : &std::cout);
            }
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
