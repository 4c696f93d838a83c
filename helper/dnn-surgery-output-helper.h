/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_OUTPUT_HELPER_H
#define DNN_SURGERY_OUTPUT_HELPER_H

#include "ns3/flow-monitor-helper.h"
#include "ns3/node-container.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * The standard ns-3 outputs of a run: pcap traces, FlowMonitor statistics, a NetAnim trace.
 */

namespace ns3
{

class AnimationInterface;

/**
 * \ingroup dnn-surgery
 * FlowMonitor totals of one kind of flow.
 */
struct DnnSurgeryFlowSummary
{
    uint32_t flows{0};       //!< flows of this kind
    uint64_t txBytes{0};     //!< IP bytes sent (headers included)
    uint64_t rxBytes{0};     //!< IP bytes received
    uint64_t txPackets{0};   //!< packets sent
    uint64_t rxPackets{0};   //!< packets received
    uint64_t lostPackets{0}; //!< packets lost
    double delaySum{0};      //!< sum of the packets' one-way delays (s)
};

/**
 * \ingroup dnn-surgery
 * Switches on the outputs ns-3 users expect, for the nodes of one run:
 *
 * - pcap traces of every access (Wi-Fi, or the point-to-point device links) and backhaul
 *   (point-to-point or CSMA) device, as `<prefix>-<node>-<device>.pcap`;
 * - FlowMonitor on every node, written to an XML file after the run and summarised per kind of
 *   flow: the protocol runs one TCP connection per device, so a flow is "uplink" (device to
 *   server: tensors and the devices' control messages), "downlink" (server to device: results
 *   and the server's control messages) or "other";
 * - a NetAnim trace (node positions and packets) of the run.
 *
 * Call the Enable methods after the topology is built and before Simulator::Run, and Finish
 * after the run and before Simulator::Destroy.
 */
class DnnSurgeryOutputHelper
{
  public:
    DnnSurgeryOutputHelper();
    ~DnnSurgeryOutputHelper();

    /**
     * \brief Pcap traces on every point-to-point, CSMA and Wi-Fi device of the nodes.
     * \param prefix file name prefix
     * \param nodes the nodes
     * \return number of devices traced
     */
    uint32_t EnablePcap(const std::string& prefix, NodeContainer nodes);

    /**
     * \brief FlowMonitor on the nodes.
     * \param xmlPath the XML file written by Finish
     * \param nodes the nodes
     * \param serverPort the server's TCP port (classifies uplink and downlink flows)
     */
    void EnableFlowMonitor(const std::string& xmlPath, NodeContainer nodes, uint16_t serverPort);

    /**
     * \brief A NetAnim trace.
     * \param xmlPath the trace file
     */
    void EnableNetAnim(const std::string& xmlPath);

    /// Write the FlowMonitor XML and compute the summaries; close the NetAnim trace.
    void Finish();

    /**
     * \brief FlowMonitor totals per kind of flow, after Finish.
     * \return "uplink", "downlink", "other" -> totals (kinds without flows are absent)
     */
    const std::map<std::string, DnnSurgeryFlowSummary>& GetFlowSummary() const;

    /**
     * \brief A name usable in a file name: characters other than letters, digits, '.', '_'
     * and '-' become '_'.
     * \param text the text
     * \return the file-name-safe text
     */
    static std::string FileSafe(const std::string& text);

  private:
    FlowMonitorHelper m_flowHelper;                         //!< FlowMonitor installer
    Ptr<FlowMonitor> m_monitor;                             //!< the monitor, if enabled
    std::string m_flowXml;                                  //!< its XML file
    uint16_t m_serverPort{0};                               //!< classification port
    std::unique_ptr<AnimationInterface> m_anim;             //!< NetAnim trace, if enabled
    std::map<std::string, DnnSurgeryFlowSummary> m_summary; //!< per kind
};

} // namespace ns3

#endif /* DNN_SURGERY_OUTPUT_HELPER_H */
