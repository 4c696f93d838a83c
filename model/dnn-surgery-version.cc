/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-version.h"

#include "dnn-surgery-compat.h"

namespace ns3
{

std::string
GetDnnSurgeryVersion()
{
    return "0.1.0";
}

std::string
GetDnnSurgeryNs3Version()
{
    return "3." + std::to_string(DNN_SURGERY_NS3_VERSION - 300);
}

std::string
GetDnnSurgerySourceDir()
{
#ifdef DNN_SURGERY_SOURCE_DIR
    return DNN_SURGERY_SOURCE_DIR;
#else
    return ".";
#endif
}

} // namespace ns3
