/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_TEMP_DB_H
#define DNN_SURGERY_TEMP_DB_H

#include "../test-db-path.h"

#include <string>

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
        m_path = ns3::testdb::Fresh("gtest", tag);
    }

    ~TempDb()
    {
        ns3::testdb::Remove(m_path);
    }

    TempDb(const TempDb&) = delete;
    TempDb& operator=(const TempDb&) = delete;

    /// \return the path
    const std::string& Path() const
    {
        return m_path;
    }

  private:
    std::string m_path; //!< the file
};

#endif /* DNN_SURGERY_TEMP_DB_H */
