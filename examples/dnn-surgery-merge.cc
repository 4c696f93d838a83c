/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Merges the result databases of a sweep's tasks (dnn-surgery-compare --task=K, one file per
 * task) into one database, with the run ids remapped, then prints the comparison table from
 * the merged file and draws the plots, as dnn-surgery-compare does for a single-process run.
 *
 *   ./build/bin/dnn-surgery-merge --db=merged.db --plots=plots results/task-*.db
 *   ./build/bin/dnn-surgery-merge --digest=merged.db     # per-table row counts and hashes
 *
 * Rerunning it is safe (a run already in the target is left out). A run that is not
 * 'complete' is reported and left out; the exit status is then 2.
 */

#include "ns3/command-line.h"
#include "ns3/dnn-surgery-comparison.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/result-merger.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string db = "merged.db";
    std::string plots;
    std::string digest;
    bool table = true;
    bool quiet = false;

    // the source files are the arguments that are not options
    std::vector<std::string> sources;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.rfind("-", 0) == 0)
        {
            rest.push_back(argv[i]);
        }
        else
        {
            sources.push_back(a);
        }
    }
    CommandLine cmd(__FILE__);
    cmd.Usage("Merges result databases (one per task of a sweep) into one, with run ids "
              "remapped; only complete runs are merged, the others are reported (exit status "
              "2). Then prints the comparison table from the merged database and draws the "
              "plots. Usage: dnn-surgery-merge [--db=merged.db] [--plots=dir] source.db...");
    cmd.AddValue("db", "target database (created if needed; an existing one must be ours)", db);
    cmd.AddValue("plots", "directory for the plots (empty = no plots)", plots);
    cmd.AddValue("table", "print the comparison table of the merged database", table);
    cmd.AddValue("quiet", "print only the problems and the totals, not one line per run", quiet);
    cmd.AddValue("digest",
                 "print a digest of this database (per table: rows and a hash of the ordered "
                 "rows of its complete runs, independent of run ids) and exit",
                 digest);
    cmd.Parse(static_cast<int>(rest.size()), rest.data());

    try
    {
        if (!digest.empty())
        {
            for (const auto& line : ResultMerger::Digest(digest))
            {
                std::cout << line << "\n";
            }
            return 0;
        }
        if (sources.empty())
        {
            std::cerr << "error: no source database given (dnn-surgery-merge --db=merged.db "
                         "results/task-*.db)"
                      << std::endl;
            return 1;
        }
        uint64_t merged = 0;
        uint64_t duplicate = 0;
        uint64_t incomplete = 0;
        {
            ResultMerger merger(db);
            for (const auto& source : sources)
            {
                for (const auto& e : merger.Merge(source))
                {
                    merged += e.action == MergeEntry::MERGED;
                    duplicate += e.action == MergeEntry::DUPLICATE;
                    incomplete += e.action == MergeEntry::INCOMPLETE;
                    if (e.action == MergeEntry::INCOMPLETE)
                    {
                        std::cerr << "warning: " << e.Describe() << std::endl;
                    }
                    else if (!quiet)
                    {
                        std::cout << e.Describe() << std::endl;
                    }
                }
            }
            std::cout << "merged " << merged << " run(s) from " << sources.size()
                      << " file(s) into " << db << ", " << duplicate << " already there, "
                      << incomplete << " not complete (left out)" << std::endl;
            if (table)
            {
                std::vector<int64_t> ids = merger.GetCompleteRunIds();
                if (!ids.empty())
                {
                    DnnSurgeryComparison::PrintTable(db, ids, std::cout);
                }
            }
        }
        if (!plots.empty())
        {
            std::string script = GetDnnSurgerySourceDir() + "/utils/plot-results.py";
            std::string command =
                "python3 '" + script + "' --db '" + db + "' --out '" + plots + "'";
            if (std::system(command.c_str()) != 0)
            {
                std::cerr << "error: plotting failed: " << command << std::endl;
                return 1;
            }
        }
        if (incomplete > 0)
        {
            std::cerr << "error: " << incomplete
                      << " run(s) were not complete and were left out of " << db << std::endl;
            return 2;
        }
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
