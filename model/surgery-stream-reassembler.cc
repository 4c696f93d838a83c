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
        if (fixed > 0 && common.GetBodyLength() < fixed)
        {
            Malformed(common,
                      "field 'body length': " + std::to_string(common.GetBodyLength()) +
                          " bytes, shorter than its " + std::to_string(fixed) +
                          "-byte message header");
        }
        if (fixed == 0 && common.GetBodyLength() > MAX_VARIABLE_BODY)
        {
            Malformed(common,
                      "field 'body length': " + std::to_string(common.GetBodyLength()) +
                          " bytes, more than the " + std::to_string(MAX_VARIABLE_BODY) +
                          " a control message may have");
        }
        uint32_t headLen = fixed == 0 ? common.GetBodyLength() : fixed;
        if (m_buffer->GetSize() < SurgeryHeader::SIZE + headLen)
        {
            return false;
        }
        m_buffer->RemoveAtStart(SurgeryHeader::SIZE);
        m_pending.common = common;
        m_pending.head = m_buffer->CreateFragment(0, headLen);
        if (fixed == 0)
        {
            CheckControlHead(common, m_pending.head);
        }
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

void
SurgeryStreamReassembler::Malformed(const SurgeryHeader& common, const std::string& problem)
{
    std::ostringstream oss;
    oss << "surgery stream: " << SurgeryHeader::TypeName(common.GetMessageType())
        << " message from device " << common.GetDeviceId() << ": " << problem;
    throw DnnSurgeryError(oss.str());
}

void
SurgeryStreamReassembler::CheckControlHead(const SurgeryHeader& common, Ptr<const Packet> head)
{
    // The body of a control message is its header alone, so its size must be exactly what
    // that header serializes to; an envelope states its curve count, which must match.
    uint64_t expected = 0;
    switch (common.GetMessageType())
    {
    case SurgeryHeader::JOIN:
        expected = SurgeryJoinHeader().GetSerializedSize();
        break;
    case SurgeryHeader::LEAVE:
        expected = SurgeryLeaveHeader().GetSerializedSize();
        break;
    case SurgeryHeader::STATE:
        expected = SurgeryStateHeader().GetSerializedSize();
        break;
    case SurgeryHeader::DEMAND:
        expected = SurgeryDemandHeader().GetSerializedSize();
        break;
    case SurgeryHeader::GRANT:
        expected = SurgeryGrantHeader().GetSerializedSize();
        break;
    case SurgeryHeader::ENVELOPE: {
        const uint32_t fixedPart = SurgeryEnvelopeHeader().GetSerializedSize(); // no curves
        if (head->GetSize() < fixedPart)
        {
            Malformed(common,
                      "field 'body length': " + std::to_string(head->GetSize()) +
                          " bytes, shorter than an envelope without curves (" +
                          std::to_string(fixedPart) + ")");
        }
        uint8_t count[4];
        // the curve count closes the fixed part
        head->CreateFragment(fixedPart - 4, 4)->CopyData(count, 4);
        const uint64_t n = (uint64_t{count[0]} << 24) | (uint64_t{count[1]} << 16) |
                           (uint64_t{count[2]} << 8) | uint64_t{count[3]};
        expected = fixedPart + 16 * n;
        if (expected != head->GetSize())
        {
            Malformed(common,
                      "field 'curves': " + std::to_string(n) + " curves declared in a body of " +
                          std::to_string(head->GetSize()) + " bytes");
        }
        return;
    }
    default:
        Malformed(common, "field 'type': not a control message");
    }
    if (head->GetSize() != expected)
    {
        Malformed(common,
                  "field 'body length': " + std::to_string(head->GetSize()) +
                      " bytes, but its header is " + std::to_string(expected) + " bytes");
    }
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
