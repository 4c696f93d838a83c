/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Tidy CSV export of a result database: one row per request, or one per run, with a header
 * row and units in the column names (what pandas, R and spreadsheets load).
 *
 *   ./build/bin/dnn-surgery-export --db=results.db --table=requests --format=csv > requests.csv
 *   ./build/bin/dnn-surgery-export --db=results.db --table=summary --out=summary.csv
 */

#include "ns3/dnn-surgery-export.h"

#include "ns3/command-line.h"
#include "ns3/dnn-surgery-error.h"

#include <fstream>
#include <iostream>
#include <string>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string db = "results.db";
    std::string table = "requests";
    std::string format = "csv";
    std::string out;
    CommandLine cmd(__FILE__);
    cmd.Usage("Writes a table of a dnn-surgery result database as tidy CSV (complete runs only).");
    cmd.AddValue("db", "result database", db);
    cmd.AddValue("table", "requests (one row per request) or summary (one row per run)", table);
    cmd.AddValue("format", "output format: csv", format);
    cmd.AddValue("out", "output file (empty = standard output)", out);
    cmd.Parse(argc, argv);
    try
    {
        if (format != "csv")
        {
            throw DnnSurgeryError("command line: --format: must be csv (got '" + format + "')");
        }
        uint64_t rows = 0;
        if (out.empty())
        {
            rows = DnnSurgeryExport::WriteCsv(db, table, std::cout);
        }
        else
        {
            std::ofstream f(out);
            if (!f)
            {
                throw DnnSurgeryError(out + ": cannot write");
            }
            rows = DnnSurgeryExport::WriteCsv(db, table, f);
            f.close();
            if (!f)
            {
                throw DnnSurgeryError(out + ": write failed");
            }
            std::cerr << rows << " " << table << " rows written to " << out << std::endl;
        }
    }
    catch (const DnnSurgeryError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
