/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Test runner for the standalone build: the same command-line interface as ns-3's test-runner
 * (--suite=NAME, --list, --verbose ...), running the module's ns-3 TestSuites.
 */

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
