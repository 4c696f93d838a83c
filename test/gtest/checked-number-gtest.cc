/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the checked number parser: integer widths never wrap, non-finite and
 * non-numeric values are refused, range ends are honoured, and the messages say what was
 * expected and what was given. Cross-checked against exact integer arithmetic on a sweep of
 * values around every bound.
 */

#include "ns3/checked-number.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

using namespace ns3;
using Json = nlohmann::json;

TEST(CheckedNumber, IntegersAreCheckedExactlyAndNeverWrap)
{
    const NumberRange r = NumberRange::Integer(1, 1000);
    int64_t x = -1;
    EXPECT_EQ(CheckedNumber::CheckInteger(Json(1), r, x), "");
    EXPECT_EQ(x, 1);
    EXPECT_EQ(CheckedNumber::CheckInteger(Json(1000), r, x), "");
    EXPECT_EQ(x, 1000);
    // 2^32 + 1 wraps to 1 as a uint32_t: it must be refused, not read as 1
    EXPECT_EQ(CheckedNumber::CheckInteger(Json(4294967297ULL), r, x),
              "must be an integer in [1, 1000] (got 4294967297)");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(std::numeric_limits<uint64_t>::max()), r, x), "");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(0), r, x), "");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(1001), r, x), "");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(-1), r, x), "");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(4.0), r, x), "") << "a float is not an integer";
    EXPECT_NE(CheckedNumber::CheckInteger(Json("4"), r, x), "");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(true), r, x), "");
    EXPECT_NE(CheckedNumber::CheckInteger(Json(nullptr), r, x), "");
    // an integer beyond uint64 is parsed by the JSON library as a float: refused
    EXPECT_NE(CheckedNumber::CheckInteger(Json::parse("18446744073709551616"), r, x), "");
}

TEST(CheckedNumber, SweepAroundEveryBoundAgreesWithIntegerArithmetic)
{
    const int64_t bounds[][2] = {{0, 4294967295LL}, {1, 1000}, {-5, 5}, {1, 1}};
    for (const auto& b : bounds)
    {
        const NumberRange r = NumberRange::Integer(b[0], b[1]);
        for (int64_t base : {b[0], b[1], int64_t{0}, int64_t{4294967296LL}})
        {
            for (int64_t d = -3; d <= 3; ++d)
            {
                const int64_t v = base + d;
                int64_t x = 0;
                const bool ok = CheckedNumber::CheckInteger(Json(v), r, x).empty();
                EXPECT_EQ(ok, v >= b[0] && v <= b[1])
                    << v << " in [" << b[0] << ", " << b[1] << "]";
                if (ok)
                {
                    EXPECT_EQ(x, v);
                }
            }
        }
    }
}

TEST(CheckedNumber, RealsMustBeFiniteAndInRange)
{
    const NumberRange r = NumberRange::Positive(0, 86400);
    double x = 0;
    EXPECT_EQ(CheckedNumber::Check(Json(20.0), r, x), "");
    EXPECT_DOUBLE_EQ(x, 20.0);
    EXPECT_EQ(CheckedNumber::Check(Json(3), r, x), "") << "an integer is a number";
    EXPECT_DOUBLE_EQ(x, 3.0);
    EXPECT_EQ(CheckedNumber::Check(Json(86400), r, x), "");
    EXPECT_EQ(CheckedNumber::Check(Json(0.0), r, x), "must be a number in (0, 86400] (got 0.0)");
    EXPECT_NE(CheckedNumber::Check(Json(86400.0001), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json(1e300), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json(std::numeric_limits<double>::infinity()), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json(std::numeric_limits<double>::quiet_NaN()), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json(nullptr), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json("20"), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json(false), r, x), "");
    EXPECT_NE(CheckedNumber::Check(Json::array({1}), r, x), "");
    // an ordered_json goes through the same code
    double y = 0;
    EXPECT_EQ(CheckedNumber::Check(nlohmann::ordered_json(5.5), r, y), "");
    EXPECT_DOUBLE_EQ(y, 5.5);
}

TEST(CheckedNumber, TextMustBeOneWholeNumber)
{
    const NumberRange r = NumberRange::Real(0, 1e12);
    double x = 0;
    EXPECT_EQ(CheckedNumber::Parse("1e9", r, x), "");
    EXPECT_DOUBLE_EQ(x, 1e9);
    for (const char* bad : {"", "abc", "1e9x", "nan", "inf", "-inf", "0x10", "1,5", "--1", "1e400"})
    {
        EXPECT_NE(CheckedNumber::Parse(bad, r, x), "") << "'" << bad << "'";
    }
    EXPECT_EQ(CheckedNumber::Parse("abc", r, x), "must be a number in [0, 1e+12] (got 'abc')");
    EXPECT_NE(CheckedNumber::Parse("-1", r, x), "");
}

TEST(CheckedNumber, RangesDescribeThemselves)
{
    EXPECT_EQ(NumberRange::Integer(1, 1000).Describe(), "an integer in [1, 1000]");
    EXPECT_EQ(NumberRange::Integer(0, 4294967295LL).Describe(), "an integer in [0, 4294967295]");
    EXPECT_EQ(NumberRange::Positive(0, 3600).Describe(), "a number in (0, 3600]");
    NumberRange open = NumberRange::Real(0, std::numeric_limits<double>::infinity());
    EXPECT_EQ(open.Describe(), "a number >= 0");
    open.minOpen = true;
    EXPECT_EQ(open.Describe(), "a number > 0");
}
