/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "surgery-stream-sender.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SurgeryStreamSender");

void
SurgeryStreamSender::SetSocket(Ptr<Socket> socket)
{
    m_socket = socket;
    Clear();
}

void
SurgeryStreamSender::Send(Ptr<Packet> packet)
{
    m_queuedBytes += packet->GetSize();
    m_queue.push_back(packet);
    Drain();
}

void
SurgeryStreamSender::Drain()
{
    while (m_socket && !m_queue.empty())
    {
        uint32_t avail = m_socket->GetTxAvailable();
        if (avail == 0)
        {
            return;
        }
        Ptr<Packet> front = m_queue.front();
        Ptr<Packet> piece = front;
        if (front->GetSize() > avail)
        {
            piece = front->CreateFragment(0, avail);
        }
        int sent = m_socket->Send(piece);
        if (sent <= 0)
        {
            NS_LOG_LOGIC("socket refused " << piece->GetSize() << " bytes");
            return;
        }
        m_queuedBytes -= static_cast<uint32_t>(sent);
        if (static_cast<uint32_t>(sent) >= front->GetSize())
        {
            m_queue.pop_front();
        }
        else
        {
            m_queue.front() = front->CreateFragment(sent, front->GetSize() - sent);
        }
    }
}

uint64_t
SurgeryStreamSender::GetQueuedBytes() const
{
    return m_queuedBytes;
}

void
SurgeryStreamSender::Clear()
{
    m_queue.clear();
    m_queuedBytes = 0;
}

} // namespace ns3
