/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_EXPORT_H
#define DNN_SURGERY_EXPORT_H

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Tidy CSV export of a result database (for pandas, R, spreadsheets).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Writes a result database as tidy CSV: a header row, then one row per request ("requests")
 * or per complete run ("summary"), units in the column names (_s seconds, _bytes bytes,
 * _flops FLOP/s), the run's identity (run_id, scenario, policy, seed, run_number, sweep) on
 * every row, empty fields for NULL, numbers with 17 significant digits (they read back
 * exactly). Fields with commas, quotes or line breaks are quoted (RFC 4180).
 */
class DnnSurgeryExport
{
  public:
    /**
     * \brief The tables that can be exported.
     * \return "requests", "summary"
     */
    static std::vector<std::string> GetTables();

    /**
     * \brief The columns of a table, in order.
     * \param table "requests" or "summary"
     * \return the header row's names
     */
    static std::vector<std::string> GetColumns(const std::string& table);

    /**
     * \brief Write a table as CSV.
     * \param dbPath the result database (opened read-only)
     * \param table "requests" or "summary"
     * \param out where to write
     * \return data rows written; throws DnnSurgeryError for an unknown table or a database
     *         that cannot be read
     */
    static uint64_t WriteCsv(const std::string& dbPath,
                             const std::string& table,
                             std::ostream& out);

    /**
     * \brief Quote a CSV field if it needs it.
     * \param field the text
     * \return the field as written
     */
    static std::string Quote(const std::string& field);
};

} // namespace ns3

#endif /* DNN_SURGERY_EXPORT_H */
