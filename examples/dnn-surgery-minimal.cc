/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Minimal example: prints the module and ns-3 versions and runs an empty simulation.
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.Parse(argc, argv);
    std::cout << "dnn-surgery " << GetDnnSurgeryVersion() << " on ns-3 "
              << GetDnnSurgeryNs3Version() << std::endl;
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    Simulator::Destroy();
    return 0;
}
