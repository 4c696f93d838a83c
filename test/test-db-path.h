/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_TEST_DB_PATH_H
#define DNN_SURGERY_TEST_DB_PATH_H

#include <cstdio>
#include <cstdlib>
#include <sqlite3.h>
#include <string>
#include <unistd.h>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Database paths for the module's tests (ns-3 suites and GoogleTests alike).
 */

namespace ns3
{
namespace testdb
{

/**
 * \brief Remove a database and the files SQLite keeps beside it.
 * \param path the database
 */
inline void
Remove(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    {
        std::remove((path + suffix).c_str());
    }
}

/**
 * \brief A fresh database path in the temp dir ($TMPDIR or /tmp), unique to this process.
 * \param prefix the test's name part
 * \param tag the case's name part
 * \return the path; nothing exists there
 */
inline std::string
Fresh(const std::string& prefix, const std::string& tag)
{
    const char* tmp = std::getenv("TMPDIR");
    std::string path = std::string(tmp ? tmp : "/tmp") + "/dnn-surgery-" + prefix + "-" + tag +
                       "-" + std::to_string(getpid()) + ".db";
    Remove(path);
    return path;
}

/**
 * \brief The rows of a query, each row its columns joined by '|' (NULL as "NULL").
 * \param path database (opened read-only)
 * \param sql the query
 * \return the rows (none if the database or the query cannot be opened)
 */
inline std::vector<std::string>
Rows(const std::string& path, const std::string& sql)
{
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    {
        sqlite3_close(db);
        return out;
    }
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
    {
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            std::string row;
            for (int c = 0; c < sqlite3_column_count(s); ++c)
            {
                const unsigned char* t = sqlite3_column_text(s, c);
                row += (c ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
            }
            out.push_back(row);
        }
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

} // namespace testdb
} // namespace ns3

#endif /* DNN_SURGERY_TEST_DB_PATH_H */
