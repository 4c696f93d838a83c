/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lte-link-monitor.h"

#include "ns3/log.h"
#include "ns3/lte-ue-rrc.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LteLinkMonitor");

NS_OBJECT_ENSURE_REGISTERED(LteLinkMonitor);

TypeId
LteLinkMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LteLinkMonitor")
                            .SetParent<AccessLinkMonitor>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<LteLinkMonitor>();
    return tid;
}

LteLinkMonitor::LteLinkMonitor() = default;

LteLinkMonitor::~LteLinkMonitor() = default;

void
LteLinkMonitor::DoDispose()
{
    m_rrc = nullptr;
    AccessLinkMonitor::DoDispose();
}

void
LteLinkMonitor::Attach(Ptr<LteUeRrc> rrc)
{
    NS_LOG_FUNCTION(this << rrc);
    m_rrc = rrc;
    rrc->TraceConnectWithoutContext("ConnectionEstablished",
                                    MakeCallback(&LteLinkMonitor::ConnectionEstablished, this));
    rrc->TraceConnectWithoutContext("HandoverStart",
                                    MakeCallback(&LteLinkMonitor::HandoverStart, this));
    rrc->TraceConnectWithoutContext("HandoverEndOk",
                                    MakeCallback(&LteLinkMonitor::HandoverEndOk, this));
    rrc->TraceConnectWithoutContext("HandoverEndError",
                                    MakeCallback(&LteLinkMonitor::ConnectionLost, this));
    rrc->TraceConnectWithoutContext("RadioLinkFailure",
                                    MakeCallback(&LteLinkMonitor::ConnectionLost, this));
}

std::string
LteLinkMonitor::GetHandoverKind() const
{
    return "x2";
}

std::string
LteLinkMonitor::GetTechnology() const
{
    return "lte";
}

void
LteLinkMonitor::ConnectionEstablished(uint64_t imsi, uint16_t cellId, uint16_t rnti)
{
    NS_LOG_FUNCTION(this << imsi << cellId << rnti);
    if (!IsUp())
    {
        ReportLinkUp(cellId);
    }
}

void
LteLinkMonitor::HandoverStart(uint64_t imsi, uint16_t cellId, uint16_t rnti, uint16_t targetCellId)
{
    NS_LOG_FUNCTION(this << imsi << cellId << rnti << targetCellId);
    ReportHandoverStart(targetCellId);
}

void
LteLinkMonitor::HandoverEndOk(uint64_t imsi, uint16_t cellId, uint16_t rnti)
{
    NS_LOG_FUNCTION(this << imsi << cellId << rnti);
    ReportHandoverEnd(cellId, true);
}

void
LteLinkMonitor::ConnectionLost(uint64_t imsi, uint16_t cellId, uint16_t rnti)
{
    NS_LOG_FUNCTION(this << imsi << cellId << rnti);
    if (IsUp())
    {
        ReportLinkDown();
    }
}

} // namespace ns3
