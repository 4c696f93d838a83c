/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "surgery-stream-reassembler.h"

#include "dnn-surgery-error.h"

#include "ns3/log.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SurgeryStreamReassembler");

SurgeryStreamReassembler::SurgeryStreamReassembler()
    : m_buffer(Create<Packet>())
{
}

uint32_t
SurgeryStreamReassembler::FixedHeaderSize(SurgeryHeader::MessageType type)
{
    switch (type)
    {
    case SurgeryHeader::PROBE:
    case SurgeryHeader::PROBE_ECHO:
        return SurgeryProbeHeader().GetSerializedSize();
    case SurgeryHeader::TENSOR:
        return SurgeryTensorHeader().GetSerializedSize();
    case SurgeryHeader::RESULT:
        return SurgeryResultHeader().GetSerializedSize();
    default:
        return 0;
    }
}

void
SurgeryStreamReassembler::Add(Ptr<const Packet> packet)
{
    NS_LOG_FUNCTION(this << packet->GetSize());
    uint32_t offset = 0;
    if (m_havePending && m_pendingSkip > 0 && m_buffer->GetSize() == 0)
    {
        offset = std::min(m_pendingSkip, packet->GetSize());
        m_pendingSkip -= offset;
    }
    if (offset < packet->GetSize())
    {
        m_buffer->AddAtEnd(packet->CreateFragment(offset, packet->GetSize() - offset));
    }
}

bool
SurgeryStreamReassembler::Next(SurgeryMessage& message)
{
    if (!m_havePending)
    {
        if (m_buffer->GetSize() < SurgeryHeader::SIZE)
        {
            return false;
        }
        SurgeryHeader common;
        m_buffer->PeekHeader(common);
        if (!common.IsValid())
        {
            std::ostringstream oss;
            oss << "surgery stream: message from device " << common.GetDeviceId()
                << ": field 'magic/type': desynchronised stream (not a DDS message header)";
            throw DnnSurgeryError(oss.str());
        }
        uint32_t fixed = FixedHeaderSize(common.GetMessageType());
        uint32_t headLen =
            fixed == 0 ? common.GetBodyLength() : std::min(fixed, common.GetBodyLength());
        if (m_buffer->GetSize() < SurgeryHeader::SIZE + headLen)
        {
            return false;
        }
        m_buffer->RemoveAtStart(SurgeryHeader::SIZE);
        m_pending.common = common;
        m_pending.head = m_buffer->CreateFragment(0, headLen);
        m_buffer->RemoveAtStart(headLen);
        m_pending.payloadBytes = common.GetBodyLength() - headLen;
        m_pendingSkip = m_pending.payloadBytes;
        uint32_t now = std::min(m_pendingSkip, m_buffer->GetSize());
        m_buffer->RemoveAtStart(now);
        m_pendingSkip -= now;
        m_havePending = true;
    }
    if (m_pendingSkip > 0)
    {
        return false;
    }
    message = m_pending;
    m_pending = SurgeryMessage();
    m_havePending = false;
    return true;
}

uint32_t
SurgeryStreamReassembler::GetBufferedBytes() const
{
    return m_buffer->GetSize() + (m_havePending ? m_pendingSkip : 0);
}

void
SurgeryStreamReassembler::Clear()
{
    m_buffer = Create<Packet>();
    m_havePending = false;
    m_pending = SurgeryMessage();
    m_pendingSkip = 0;
}

Ptr<Packet>
SurgeryStreamReassembler::Frame(SurgeryHeader::MessageType type,
                                uint32_t deviceId,
                                const Header& header,
                                uint32_t payloadBytes)
{
    Ptr<Packet> p = Create<Packet>(payloadBytes);
    p->AddHeader(header);
    p->AddHeader(SurgeryHeader(type, deviceId, header.GetSerializedSize() + payloadBytes));
    return p;
}

} // namespace ns3
