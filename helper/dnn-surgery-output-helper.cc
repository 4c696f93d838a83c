/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-output-helper.h"

#include "ns3/animation-interface.h"
#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/wifi-net-device.h"
#include "ns3/yans-wifi-helper.h"

namespace ns3
{

DnnSurgeryOutputHelper::DnnSurgeryOutputHelper() = default;

DnnSurgeryOutputHelper::~DnnSurgeryOutputHelper() = default;

std::string
DnnSurgeryOutputHelper::FileSafe(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
    {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        c = ok ? c : '_';
    }
    return out;
}

uint32_t
DnnSurgeryOutputHelper::EnablePcap(const std::string& prefix, NodeContainer nodes)
{
    PointToPointHelper p2p;
    CsmaHelper csma;
    YansWifiPhyHelper wifi;
    wifi.SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
    uint32_t traced = 0;
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        Ptr<Node> node = nodes.Get(n);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> dev = node->GetDevice(d);
            if (DynamicCast<PointToPointNetDevice>(dev))
            {
                p2p.EnablePcap(prefix, dev);
            }
            else if (DynamicCast<CsmaNetDevice>(dev))
            {
                csma.EnablePcap(prefix, dev);
            }
            else if (DynamicCast<WifiNetDevice>(dev))
            {
                wifi.EnablePcap(prefix, dev);
            }
            else
            {
                continue; // loopback and the like
            }
            ++traced;
        }
    }
    return traced;
}

void
DnnSurgeryOutputHelper::EnableFlowMonitor(const std::string& xmlPath,
                                          NodeContainer nodes,
                                          uint16_t serverPort)
{
    m_flowXml = xmlPath;
    m_serverPort = serverPort;
    m_monitor = m_flowHelper.Install(nodes);
}

void
DnnSurgeryOutputHelper::EnableNetAnim(const std::string& xmlPath)
{
    m_anim = std::make_unique<AnimationInterface>(xmlPath);
    m_anim->EnablePacketMetadata(false);
    m_anim->SetMaxPktsPerTraceFile(10000000);
}

void
DnnSurgeryOutputHelper::Finish()
{
    if (m_monitor)
    {
        m_monitor->CheckForLostPackets();
        m_monitor->SerializeToXmlFile(m_flowXml, true, true);
        Ptr<Ipv4FlowClassifier> classifier =
            DynamicCast<Ipv4FlowClassifier>(m_flowHelper.GetClassifier());
        m_summary.clear();
        for (const auto& [id, st] : m_monitor->GetFlowStats())
        {
            Ipv4FlowClassifier::FiveTuple t = classifier->FindFlow(id);
            std::string kind = t.protocol == 6 && t.destinationPort == m_serverPort ? "uplink"
                               : t.protocol == 6 && t.sourcePort == m_serverPort    ? "downlink"
                                                                                    : "other";
            DnnSurgeryFlowSummary& s = m_summary[kind];
            s.flows++;
            s.txBytes += st.txBytes;
            s.rxBytes += st.rxBytes;
            s.txPackets += st.txPackets;
            s.rxPackets += st.rxPackets;
            s.lostPackets += st.lostPackets;
            s.delaySum += st.delaySum.GetSeconds();
        }
        m_monitor = nullptr;
    }
    m_anim.reset();
}

const std::map<std::string, DnnSurgeryFlowSummary>&
DnnSurgeryOutputHelper::GetFlowSummary() const
{
    return m_summary;
}

} // namespace ns3
