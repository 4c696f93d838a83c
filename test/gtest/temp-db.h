/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_TEMP_DB_H
#define DNN_SURGERY_TEMP_DB_H

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

/**
 * \file
 * A fresh database path for the GoogleTests of the result store.
 */

/// A fresh database path in the temp dir, removed (with its -wal/-shm/-journal) on destruction.
class TempDb
{
  public:
    /// \param tag part of the file name
    explicit TempDb(const std::string& tag)
    {
        m_path = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : "/tmp") +
                 "/dnn-surgery-gtest-" + tag + "-" + std::to_string(getpid()) + ".db";
        Remove();
    }

    ~TempDb()
    {
        Remove();
    }

    TempDb(const TempDb&) = delete;
    TempDb& operator=(const TempDb&) = delete;

    /// \return the path
    const std::string& Path() const
    {
        return m_path;
    }

  private:
    /// delete the files
    void Remove()
    {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        {
            std::remove((m_path + suffix).c_str());
        }
    }

    std::string m_path; //!< the file
};

#endif /* DNN_SURGERY_TEMP_DB_H */
