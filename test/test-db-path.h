/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_TEST_DB_PATH_H
#define DNN_SURGERY_TEST_DB_PATH_H

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

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

} // namespace testdb
} // namespace ns3

#endif /* DNN_SURGERY_TEST_DB_PATH_H */
