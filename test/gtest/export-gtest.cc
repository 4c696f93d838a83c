/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * DnnSurgeryExport without a database: quoting (RFC 4180), the column lists, refusals. The
 * round trip through a real database and Python's csv module is utils/check-export.py (ctest
 * example/check-export).
 */

#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-export.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

TEST(Export, QuotesOnlyFieldsThatNeedIt)
{
    EXPECT_EQ(DnnSurgeryExport::Quote("dds"), "dds");
    EXPECT_EQ(DnnSurgeryExport::Quote("deadline-threshold[Margin=0.8|PreferLocal=false]"),
              "deadline-threshold[Margin=0.8|PreferLocal=false]");
    EXPECT_EQ(DnnSurgeryExport::Quote("a,b"), "\"a,b\"");
    EXPECT_EQ(DnnSurgeryExport::Quote("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(DnnSurgeryExport::Quote("two\nlines"), "\"two\nlines\"");
}

TEST(Export, ColumnsCarryUnits)
{
    auto req = DnnSurgeryExport::GetColumns("requests");
    ASSERT_FALSE(req.empty());
    EXPECT_EQ(req.front(), "run_id");
    for (const char* c : {"policy", "latency_s", "bytes_up_bytes", "share_flops", "deadline_met"})
    {
        EXPECT_NE(std::find(req.begin(), req.end(), c), req.end()) << c;
    }
    auto sum = DnnSurgeryExport::GetColumns("summary");
    EXPECT_NE(std::find(sum.begin(), sum.end(), "mean_latency_s"), sum.end());
    EXPECT_TRUE(DnnSurgeryExport::GetColumns("nope").empty());
    std::ostringstream out;
    EXPECT_THROW(DnnSurgeryExport::WriteCsv("/nonexistent/x.db", "requests", out), DnnSurgeryError);
    EXPECT_THROW(DnnSurgeryExport::WriteCsv("/nonexistent/x.db", "nope", out), DnnSurgeryError);
}
