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
#include "ns3/result-merger.h"
#include "ns3/result-store.h"
#include "ns3/scenario-reader.h"
#include "ns3/simulation-interrupt.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

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

/**
 * \brief The path of the running executable.
 * \param argv0 argv[0], used when /proc/self/exe cannot be read
 * \return an absolute path
 */
std::string
SelfExe(const char* argv0)
{
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? Absolute(argv0) : exe.string();
}

/// One task run in a child process by RunParallel.
struct Child
{
    uint32_t task{0};                            //!< task index
    pid_t pid{-1};                               //!< process
    std::string db;                              //!< its database
    std::string log;                             //!< its stdout and stderr
    std::chrono::steady_clock::time_point start; //!< when it started
};

/// Environment variable through which RunParallel gives its pid to a task process.
constexpr const char* kParentPidVariable = "DNN_SURGERY_PARENT_PID";

/**
 * \brief In a task process started by RunParallel: stop (SIGTERM, so the run is marked
 * 'interrupted') when the parent dies, and stop now if it is already gone. Linux only
 * (prctl PR_SET_PDEATHSIG); elsewhere a task outlives a parent killed with SIGKILL.
 */
void
StopWithParent()
{
    const char* value = std::getenv(kParentPidVariable);
    if (value == nullptr)
    {
        return;
    }
    const long parent = std::strtol(value, nullptr, 10);
    unsetenv(kParentPidVariable); // not for the processes this one starts
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (parent > 0 && getppid() != static_cast<pid_t>(parent))
    {
        raise(SIGTERM); // the parent died before the request above took effect
    }
}

/**
 * \brief Run every task of the plan in child processes, at most jobs at a time, each into its
 * own database (this program with --task), then merge them into db in task order, so that the
 * rows are those of a single process (dnn-surgery-merge --digest compares them).
 * \param self this executable
 * \param scenarioPath the scenario file
 * \param overrides the scenario overrides and the --ns3:: attribute defaults, as given
 * \param scenario the scenario read
 * \param db the target database
 * \param jobs processes at once
 * \param quiet no line per run
 * \param rows set to the rows merged
 * \return the target's run ids of the tasks, in task order
 */
std::vector<int64_t>
RunParallel(const std::string& self,
            const std::string& scenarioPath,
            const std::vector<std::string>& overrides,
            const Scenario& scenario,
            const std::string& db,
            uint32_t jobs,
            bool quiet,
            uint64_t& rows)
{
    const auto tasks = DnnSurgeryComparison::ListTasks(scenario);
    const std::string dir = db + ".jobs-" + std::to_string(getpid());
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        throw DnnSurgeryError(db + ": cannot create the task directory " + dir + ": " +
                              ec.message());
    }
    // the children's environment: this one, plus the parent's pid, so that a child stops when
    // the parent dies without passing a signal on (kill -9)
    std::vector<std::string> env{std::string(kParentPidVariable) + "=" + std::to_string(getpid())};
    for (char** e = environ; *e != nullptr; ++e)
    {
        if (std::strncmp(*e, kParentPidVariable, std::strlen(kParentPidVariable)) != 0)
        {
            env.emplace_back(*e);
        }
    }
    std::vector<char*> envp;
    for (auto& e : env)
    {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    std::vector<Child> running;
    std::vector<std::string> done(tasks.size());
    std::string failure;
    uint32_t next = 0;
    auto start = [&](uint32_t t) {
        Child c;
        c.task = t;
        c.db = TaskDb(dir, t);
        c.log = c.db + ".log";
        std::vector<std::string> args = {self,
                                         "--scenario=" + scenarioPath,
                                         "--quiet",
                                         "--plots=none",
                                         "--task=" + std::to_string(t),
                                         "--db=" + c.db};
        args.insert(args.begin() + 2, overrides.begin(), overrides.end());
        std::vector<char*> argv;
        for (auto& a : args)
        {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, c.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        int rc = posix_spawn(&c.pid, self.c_str(), &fa, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0)
        {
            throw DnnSurgeryError(self + ": cannot start task " + std::to_string(t) + ": " +
                                  std::strerror(rc));
        }
        c.start = std::chrono::steady_clock::now();
        running.push_back(c);
    };
    auto tail = [](const std::string& path) {
        std::ifstream in(path);
        std::string line;
        std::string last;
        while (std::getline(in, line))
        {
            if (!line.empty())
            {
                last = line;
            }
        }
        return last;
    };
    bool stopping = false;
    while (!running.empty() || (next < tasks.size() && failure.empty() && !stopping))
    {
        while (running.size() < jobs && next < tasks.size() && failure.empty() && !stopping)
        {
            start(next++);
        }
        if (SimulationInterrupt::IsRequested() && !stopping)
        {
            // the children got the terminal's signal too; pass a kill(1)'s on
            stopping = true;
            for (const auto& c : running)
            {
                kill(c.pid, SIGTERM);
            }
        }
        int status = 0;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        auto it = std::find_if(running.begin(), running.end(), [pid](const Child& c) {
            return c.pid == pid;
        });
        if (it == running.end())
        {
            continue;
        }
        Child c = *it;
        running.erase(it);
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - c.start).count();
        const auto& t = tasks[c.task];
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        {
            done[c.task] = c.db;
            if (!quiet)
            {
                std::cout << "task " << c.task + 1 << "/" << tasks.size() << ": " << scenario.name
                          << (t.sweepValue.empty()
                                  ? ""
                                  : " " + scenario.sweep.parameter + "=" + t.sweepValue)
                          << " seed " << t.seed << " run " << t.runNumber << " " << t.policy << " ("
                          << std::fixed << std::setprecision(1) << secs << " s)" << std::endl;
            }
        }
        else if (!stopping && failure.empty())
        {
            failure = "task " + std::to_string(c.task) + " (" + t.policy + " seed " +
                      std::to_string(t.seed) + " run " + std::to_string(t.runNumber) +
                      (WIFEXITED(status) ? ", exit status " + std::to_string(WEXITSTATUS(status))
                                         : ", signal " + std::to_string(WTERMSIG(status))) +
                      "): " + tail(c.log) + " (log kept in " + c.log + ")";
            for (const auto& o : running)
            {
                kill(o.pid, SIGTERM);
            }
        }
    }
    // merge what completed, in task order (also when interrupted: complete runs are kept)
    std::vector<int64_t> ids;
    rows = 0;
    {
        ResultMerger merger(db);
        for (uint32_t t = 0; t < tasks.size(); ++t)
        {
            if (done[t].empty())
            {
                continue;
            }
            for (const auto& e : merger.Merge(done[t]))
            {
                if (e.action == MergeEntry::MERGED)
                {
                    ids.push_back(e.targetRunId);
                    rows += e.rows;
                }
                else if (e.action == MergeEntry::DUPLICATE)
                {
                    // a complete run of the same task is already in the target: kept, not twice
                    ids.push_back(e.targetRunId);
                    std::cout << "note: " << e.Describe() << std::endl;
                }
            }
        }
    }
    if (!failure.empty())
    {
        throw DnnSurgeryError(failure);
    }
    if (stopping)
    {
        throw DnnSurgeryInterrupted(SimulationInterrupt::GetSignal(),
                                    std::to_string(ids.size()) + " of " +
                                        std::to_string(tasks.size()) +
                                        " task(s) had finished and were merged");
    }
    std::filesystem::remove_all(dir, ec);
    return ids;
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
    uint32_t jobs = 0;

    // scenario overrides (--devices.count=5) are taken out before ns-3's parser sees argv
    std::vector<std::string> overrides;
    std::vector<std::string> attributes; // --ns3::Type::Attribute=value
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
            if (a.rfind("--ns3::", 0) == 0)
            {
                // an attribute default set here must reach the tasks' processes too
                attributes.emplace_back(a);
            }
            rest.push_back(argv[i]);
        }
    }
    // what a task's process is given besides its own options: the overrides, then the
    // attribute defaults, both as given
    std::vector<std::string> forwarded = overrides;
    forwarded.insert(forwarded.end(), attributes.begin(), attributes.end());
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs every policy of a scenario on identical traffic into an SQLite database, "
              "prints the comparison table from it and draws plots. Scenario fields can be "
              "overridden as --<field>=<value> (see --fields).");
    cmd.AddValue("scenario", "scenario file, or a bundled scenario name", scenarioName);
    cmd.AddValue("db",
                 "result database (created if needed; runs are appended). Empty: results.db in "
                 "the current directory, or <taskDir>/task-<task>.db with --task",
                 db);
    cmd.AddValue("plots",
                 "directory for the plots (default: plots/ beside the database; none = no "
                 "plots; a --task run draws none unless given one)",
                 plots);
    cmd.AddValue("jobs",
                 "processes running the (policy, run) tasks at once, each into its own file "
                 "merged into --db in task order (0 = the number of cores; 1 = this process)",
                 jobs);
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
    StopWithParent();
    try
    {
        auto t0 = std::chrono::steady_clock::now();
        // the whole scenario, sweep values included, is validated before the database opens
        std::string scenarioPath = ScenarioReader::FindScenario(scenarioName);
        Scenario scenario = ScenarioReader::ReadFile(scenarioPath, overrides);
        for (const auto& w : DnnSurgeryComparison::VersionWarnings(scenario))
        {
            std::cerr << w << std::endl;
        }
        if (listTasks)
        {
            // one self-contained command per task: absolute paths, the overrides and attributes as
            // given
            std::string self = SelfExe(argv[0]);
            std::string common =
                ShellQuote(self) + " " + ShellQuote("--scenario=" + Absolute(scenarioPath));
            for (const auto& o : forwarded)
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

        if (jobs == 0)
        {
            jobs = std::max(1u, std::thread::hardware_concurrency());
        }
        if (plots.empty() && task < 0)
        {
            plots = (std::filesystem::path(db).parent_path() / "plots").string();
        }
        if (plots == "none")
        {
            plots.clear();
        }
        std::vector<ComparisonRun> runs;
        std::vector<int64_t> ids;
        uint64_t rows = 0;
        if (task < 0 && jobs > 1 && tasks > 1)
        {
            {
                ResultStore store(db); // the target's checks (identity, schema) before any task
            }
            ids = RunParallel(SelfExe(argv[0]),
                              Absolute(scenarioPath),
                              forwarded,
                              scenario,
                              db,
                              std::min<uint32_t>(jobs, static_cast<uint32_t>(tasks)),
                              quiet,
                              rows);
        }
        else
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
        double wall = 0;
        double write = 0;
        for (const auto& r : runs)
        {
            ids.push_back(r.runId);
            wall += r.wallSeconds;
            write += r.writeSeconds;
        }
        DnnSurgeryComparison::PrintTable(db, ids, std::cout);
        if (runs.empty())
        {
            std::cout << "result store: " << rows << " rows merged into " << db << " from "
                      << ids.size() << " task file(s) run by " << jobs << " processes" << std::endl;
        }
        else
        {
            std::cout << "result store: " << rows << " rows in " << db << ", " << std::fixed
                      << std::setprecision(3) << write << " s of " << wall
                      << " s of runs spent writing (" << std::setprecision(2)
                      << (wall > 0 ? 100 * write / wall : 0) << "%)" << std::endl;
        }

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
