/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the build configuration itself.
 */

#include "ns3/dnn-surgery-compat.h"

#include <gtest/gtest.h>

TEST(BuildConfiguration, Ns3VersionIsSupported)
{
    // 3.37 is the reference; the compat header must know the version it is compiled for.
    EXPECT_GE(DNN_SURGERY_NS3_VERSION, 337);
    EXPECT_LT(DNN_SURGERY_NS3_VERSION, 400);
}

#include "ns3/dnn-surgery-version.h"

TEST(BuildConfiguration, VersionStrings)
{
    EXPECT_EQ(ns3::GetDnnSurgeryNs3Version(), "3." + std::to_string(DNN_SURGERY_NS3_VERSION - 300));
    EXPECT_FALSE(ns3::GetDnnSurgeryVersion().empty());
}
