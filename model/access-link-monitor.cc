/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "access-link-monitor.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AccessLinkMonitor");

NS_OBJECT_ENSURE_REGISTERED(AccessLinkMonitor);

TypeId
AccessLinkMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::AccessLinkMonitor").SetParent<Object>().SetGroupName("DnnSurgery");
    return tid;
}

AccessLinkMonitor::AccessLinkMonitor() = default;

AccessLinkMonitor::~AccessLinkMonitor() = default;

void
AccessLinkMonitor::DoDispose()
{
    m_linkUp = MakeNullCallback<void, uint32_t>();
    m_linkDown = MakeNullCallback<void, uint32_t>();
    m_handoverStart = MakeNullCallback<void, uint32_t, uint32_t>();
    m_handoverEnd = MakeNullCallback<void, uint32_t, bool>();
    Object::DoDispose();
}

void
AccessLinkMonitor::SetListener(Callback<void, uint32_t> linkUp,
                               Callback<void, uint32_t> linkDown,
                               Callback<void, uint32_t, uint32_t> handoverStart,
                               Callback<void, uint32_t, bool> handoverEnd)
{
    m_linkUp = linkUp;
    m_linkDown = linkDown;
    m_handoverStart = handoverStart;
    m_handoverEnd = handoverEnd;
}

uint32_t
AccessLinkMonitor::GetServingCell() const
{
    return m_cell;
}

bool
AccessLinkMonitor::IsUp() const
{
    return m_up;
}

bool
AccessLinkMonitor::InHandover() const
{
    return m_inHandover;
}

void
AccessLinkMonitor::ReportLinkUp(uint32_t cell)
{
    NS_LOG_FUNCTION(this << cell);
    m_cell = cell;
    m_up = true;
    m_inHandover = false;
    if (!m_linkUp.IsNull())
    {
        m_linkUp(cell);
    }
}

void
AccessLinkMonitor::ReportLinkDown()
{
    NS_LOG_FUNCTION(this << m_cell);
    uint32_t cell = m_cell;
    m_up = false;
    m_inHandover = false;
    m_cell = NO_CELL;
    if (!m_linkDown.IsNull())
    {
        m_linkDown(cell);
    }
}

void
AccessLinkMonitor::ReportHandoverStart(uint32_t target)
{
    NS_LOG_FUNCTION(this << m_cell << target);
    m_inHandover = true;
    if (!m_handoverStart.IsNull())
    {
        m_handoverStart(m_cell, target);
    }
}

void
AccessLinkMonitor::ReportHandoverEnd(uint32_t cell, bool ok)
{
    NS_LOG_FUNCTION(this << cell << ok);
    m_inHandover = false;
    m_cell = cell;
    m_up = true;
    if (!m_handoverEnd.IsNull())
    {
        m_handoverEnd(cell, ok);
    }
}

} // namespace ns3
