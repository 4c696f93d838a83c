/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "wifi-link-monitor.h"

#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/wifi-net-device.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WifiLinkMonitor");

NS_OBJECT_ENSURE_REGISTERED(WifiLinkMonitor);

TypeId
WifiLinkMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WifiLinkMonitor")
                            .SetParent<AccessLinkMonitor>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<WifiLinkMonitor>();
    return tid;
}

WifiLinkMonitor::WifiLinkMonitor() = default;

WifiLinkMonitor::~WifiLinkMonitor() = default;

void
WifiLinkMonitor::DoDispose()
{
    if (m_mac)
    {
        m_mac->TraceDisconnectWithoutContext("Assoc", MakeCallback(&WifiLinkMonitor::Assoc, this));
        m_mac->TraceDisconnectWithoutContext("DeAssoc",
                                             MakeCallback(&WifiLinkMonitor::DeAssoc, this));
    }
    m_mac = nullptr;
    AccessLinkMonitor::DoDispose();
}

void
WifiLinkMonitor::Attach(Ptr<StaWifiMac> mac,
                        const std::map<Mac48Address, uint32_t>& apIndex,
                        bool roaming)
{
    NS_LOG_FUNCTION(this << mac << roaming);
    m_mac = mac;
    m_apIndex = apIndex;
    m_roaming = roaming;
    mac->TraceConnectWithoutContext("Assoc", MakeCallback(&WifiLinkMonitor::Assoc, this));
    mac->TraceConnectWithoutContext("DeAssoc", MakeCallback(&WifiLinkMonitor::DeAssoc, this));
}

std::string
WifiLinkMonitor::GetHandoverKind() const
{
    return "wifi-reassoc";
}

std::string
WifiLinkMonitor::GetTechnology() const
{
    return "wifi";
}

void
WifiLinkMonitor::SendLayer2Update()
{
    // The IEEE 802.11F "Layer 2 Update" frame that an AP sends on behalf of a station that
    // (re)associated: a broadcast with the station as source, so that the learning bridges of
    // the distribution system learn its new port at once (without it the old AP's bridge keeps
    // sending the station's frames to the old AP until the station's next uplink frame, which
    // TCP backoff may delay by seconds). Sent by the station here (same effect on the bridges);
    // its EtherType has no handler in the IP stacks, which drop it.
    Ptr<NetDevice> dev = m_mac->GetDevice(); // a WifiNetDevice (ns-3.35 returns it as NetDevice)
    if (dev)
    {
        dev->Send(Create<Packet>(LAYER2_UPDATE_BYTES),
                  dev->GetBroadcast(),
                  LAYER2_UPDATE_ETHERTYPE);
    }
}

uint32_t
WifiLinkMonitor::IndexOf(Mac48Address ap) const
{
    auto it = m_apIndex.find(ap);
    return it == m_apIndex.end() ? NO_CELL : it->second;
}

void
WifiLinkMonitor::Assoc(Mac48Address ap)
{
    NS_LOG_FUNCTION(this << ap);
    if (InHandover())
    {
        if (m_roaming)
        {
            SendLayer2Update();
        }
        ReportHandoverEnd(IndexOf(ap), true);
    }
    else
    {
        ReportLinkUp(IndexOf(ap));
    }
}

void
WifiLinkMonitor::DeAssoc(Mac48Address ap)
{
    NS_LOG_FUNCTION(this << ap);
    if (m_roaming && IsUp())
    {
        ReportHandoverStart(NO_CELL);
    }
    else if (IsUp())
    {
        ReportLinkDown();
    }
}

} // namespace ns3
