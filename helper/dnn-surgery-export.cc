/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-export.h"

#include "ns3/dnn-surgery-error.h"

#include <cstdio>
#include <sqlite3.h>
#include <utility>

namespace ns3
{

namespace
{

/// One exported column: its CSV name and the SQL expression that gives it.
using Column = std::pair<const char*, const char*>;

/**
 * \brief The columns of a table.
 * \param table the table
 * \return (name, SQL) pairs, empty if unknown
 */
std::vector<Column>
Columns(const std::string& table)
{
    if (table == "requests")
    {
        return {{"run_id", "q.run_id"},
                {"scenario", "r.scenario"},
                {"policy", "r.policy"},
                {"seed", "r.seed"},
                {"run_number", "r.run_number"},
                {"sweep_parameter", "r.sweep_parameter"},
                {"sweep_value", "r.sweep_value"},
                {"device", "q.device"},
                {"model", "d.model"},
                {"request", "q.request"},
                {"outcome", "q.outcome"},
                {"issued_s", "q.issued"},
                {"device_start_s", "q.device_start"},
                {"device_end_s", "q.device_end"},
                {"upload_start_s", "q.upload_start"},
                {"upload_end_s", "q.upload_end"},
                {"server_queued_s", "q.server_queued"},
                {"server_start_s", "q.server_start"},
                {"server_end_s", "q.server_end"},
                {"download_end_s", "q.download_end"},
                {"completed_s", "q.completed"},
                {"latency_s", "q.latency"},
                {"bytes_up_bytes", "q.bytes_up"},
                {"bytes_down_bytes", "q.bytes_down"},
                {"share_flops", "q.share"},
                {"layers_on_server", "q.layers_on_server"},
                {"deadline_s", "q.deadline"},
                {"deadline_met", "q.deadline_met"}};
    }
    if (table == "summary")
    {
        return {{"run_id", "run_id"},
                {"scenario", "scenario"},
                {"policy", "policy"},
                {"seed", "seed"},
                {"run_number", "run_number"},
                {"sweep_parameter", "sweep_parameter"},
                {"sweep_value", "sweep_value"},
                {"issued", "issued"},
                {"completed", "completed"},
                {"fallback", "fallback"},
                {"failed", "failed"},
                {"mean_latency_s", "mean_latency"},
                {"p50_latency_s", "p50_latency"},
                {"p95_latency_s", "p95_latency"},
                {"p99_latency_s", "p99_latency"},
                {"deadline_met_ratio", "deadline_met_ratio"},
                {"payment", "payment"},
                {"rounds", "rounds"},
                {"messages", "messages"},
                {"control_bytes", "control_bytes"},
                {"wall_s", "wall_seconds"}};
    }
    return {};
}

} // namespace

std::vector<std::string>
DnnSurgeryExport::GetTables()
{
    return {"requests", "summary"};
}

std::vector<std::string>
DnnSurgeryExport::GetColumns(const std::string& table)
{
    std::vector<std::string> out;
    for (const auto& c : Columns(table))
    {
        out.emplace_back(c.first);
    }
    return out;
}

std::string
DnnSurgeryExport::Quote(const std::string& field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos)
    {
        return field;
    }
    std::string q = "\"";
    for (char c : field)
    {
        q += c == '"' ? "\"\"" : std::string(1, c);
    }
    return q + "\"";
}

uint64_t
DnnSurgeryExport::WriteCsv(const std::string& dbPath, const std::string& table, std::ostream& out)
{
    std::vector<Column> cols = Columns(table);
    if (cols.empty())
    {
        throw DnnSurgeryError("export: field 'table': must be requests or summary (got '" + table +
                              "')");
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw DnnSurgeryError(dbPath + ": cannot open the result database: " + msg);
    }
    std::string sql = "SELECT ";
    for (std::size_t k = 0; k < cols.size(); ++k)
    {
        sql += (k ? ", " : "") + std::string(cols[k].second);
    }
    sql += table == "requests"
               ? " FROM requests q JOIN runs r ON r.id = q.run_id LEFT JOIN devices d ON "
                 "d.run_id = q.run_id AND d.device = q.device WHERE r.status = 'complete' "
                 "ORDER BY q.run_id, q.device, q.request"
               : " FROM policy_summary WHERE status = 'complete' ORDER BY run_id";
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    {
        std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw DnnSurgeryError(dbPath + ": not a dnn-surgery result database of this version (" +
                              msg + ")");
    }
    for (std::size_t k = 0; k < cols.size(); ++k)
    {
        out << (k ? "," : "") << cols[k].first;
    }
    out << "\n";
    uint64_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    {
        for (int k = 0; k < static_cast<int>(cols.size()); ++k)
        {
            out << (k ? "," : "");
            switch (sqlite3_column_type(s, k))
            {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER:
                out << sqlite3_column_int64(s, k);
                break;
            case SQLITE_FLOAT: {
                char buf[32];
                std::snprintf(buf, sizeof(buf), "%.17g", sqlite3_column_double(s, k));
                out << buf;
                break;
            }
            default: {
                const unsigned char* t = sqlite3_column_text(s, k);
                out << Quote(t ? reinterpret_cast<const char*>(t) : "");
            }
            }
        }
        out << "\n";
        ++rows;
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (rc != SQLITE_DONE)
    {
        throw DnnSurgeryError(dbPath + ": reading the " + table + " failed");
    }
    return rows;
}

} // namespace ns3
