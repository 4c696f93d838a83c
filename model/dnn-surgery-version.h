/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_VERSION_H
#define DNN_SURGERY_VERSION_H

#include <string>

/**
 * \defgroup dnn-surgery Decentralized DNN Surgery
 * Devices split their DNN's layer graph with the MEC server by a min-cut and negotiate server
 * shares in a resource allocation game over packet-level ns-3 links (doc/dnn-surgery.rst).
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Version information of the module and of the ns-3 it was built against (recorded with every
 * run in the result store).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * \return the dnn-surgery module version, e.g. "0.1.0"
 */
std::string GetDnnSurgeryVersion();

/**
 * \ingroup dnn-surgery
 * \return the ns-3 version the module was compiled against, e.g. "3.37"
 */
std::string GetDnnSurgeryNs3Version();

/**
 * \ingroup dnn-surgery
 * \return the directory holding the module's sources (for scenarios/ and scenarios/models/)
 */
std::string GetDnnSurgerySourceDir();

} // namespace ns3

#endif /* DNN_SURGERY_VERSION_H */
