/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "surgery-header.h"

#include "ns3/log.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SurgeryHeader");

namespace
{

/**
 * \brief Write a double as its IEEE-754 bit pattern in network order.
 * \param i the iterator
 * \param v the value
 */
void
WriteDouble(Buffer::Iterator& i, double v)
{
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    i.WriteHtonU64(bits);
}

/**
 * \brief Read a double written by WriteDouble.
 * \param i the iterator
 * \return the value
 */
double
ReadDouble(Buffer::Iterator& i)
{
    uint64_t bits = i.ReadNtohU64();
    double v;
    std::memcpy(&v, &bits, sizeof(v));
    return v;
}

/**
 * \brief Write a time as a signed count of time steps.
 * \param i the iterator
 * \param t the time
 */
void
WriteTime(Buffer::Iterator& i, Time t)
{
    i.WriteHtonU64(static_cast<uint64_t>(t.GetTimeStep()));
}

/**
 * \brief Read a time written by WriteTime.
 * \param i the iterator
 * \return the time
 */
Time
ReadTime(Buffer::Iterator& i)
{
    return TimeStep(static_cast<int64_t>(i.ReadNtohU64()));
}

} // namespace

// ---------------------------------------------------------------- SurgeryHeader

NS_OBJECT_ENSURE_REGISTERED(SurgeryHeader);

SurgeryHeader::SurgeryHeader() = default;

SurgeryHeader::SurgeryHeader(MessageType type, uint32_t deviceId, uint32_t bodyLength)
    : m_type(type),
      m_deviceId(deviceId),
      m_bodyLength(bodyLength)
{
}

TypeId
SurgeryHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryHeader>();
    return tid;
}

TypeId
SurgeryHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

const char*
SurgeryHeader::TypeName(MessageType type)
{
    switch (type)
    {
    case JOIN:
        return "JOIN";
    case LEAVE:
        return "LEAVE";
    case PROBE:
        return "PROBE";
    case PROBE_ECHO:
        return "PROBE_ECHO";
    case STATE:
        return "STATE";
    case DEMAND:
        return "DEMAND";
    case GRANT:
        return "GRANT";
    case ENVELOPE:
        return "ENVELOPE";
    case TENSOR:
        return "TENSOR";
    case RESULT:
        return "RESULT";
    }
    return "UNKNOWN";
}

void
SurgeryHeader::Print(std::ostream& os) const
{
    os << "(type=" << TypeName(m_type) << " device=" << m_deviceId << " body=" << m_bodyLength
       << ")";
}

uint32_t
SurgeryHeader::GetSerializedSize() const
{
    return SIZE;
}

void
SurgeryHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU16(MAGIC);
    i.WriteU8(m_type);
    i.WriteU8(0); // reserved
    i.WriteHtonU32(m_deviceId);
    i.WriteHtonU32(m_bodyLength);
}

uint32_t
SurgeryHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_magic = i.ReadNtohU16();
    m_type = static_cast<MessageType>(i.ReadU8());
    i.ReadU8();
    m_deviceId = i.ReadNtohU32();
    m_bodyLength = i.ReadNtohU32();
    return SIZE;
}

SurgeryHeader::MessageType
SurgeryHeader::GetMessageType() const
{
    return m_type;
}

void
SurgeryHeader::SetMessageType(MessageType type)
{
    m_type = type;
}

uint32_t
SurgeryHeader::GetDeviceId() const
{
    return m_deviceId;
}

void
SurgeryHeader::SetDeviceId(uint32_t id)
{
    m_deviceId = id;
}

uint32_t
SurgeryHeader::GetBodyLength() const
{
    return m_bodyLength;
}

void
SurgeryHeader::SetBodyLength(uint32_t length)
{
    m_bodyLength = length;
}

bool
SurgeryHeader::IsValid() const
{
    return m_magic == MAGIC && m_type >= JOIN && m_type <= RESULT;
}

// ---------------------------------------------------------------- JOIN

NS_OBJECT_ENSURE_REGISTERED(SurgeryJoinHeader);

TypeId
SurgeryJoinHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryJoinHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryJoinHeader>();
    return tid;
}

TypeId
SurgeryJoinHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryJoinHeader::Print(std::ostream& os) const
{
    os << "(lambda=" << m_lambda << " reentry=" << m_reentry << ")";
}

uint32_t
SurgeryJoinHeader::GetSerializedSize() const
{
    return 8 + 1;
}

void
SurgeryJoinHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    WriteDouble(i, m_lambda);
    i.WriteU8(m_reentry ? 1 : 0);
}

uint32_t
SurgeryJoinHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_lambda = ReadDouble(i);
    m_reentry = i.ReadU8() != 0;
    return GetSerializedSize();
}

// ---------------------------------------------------------------- LEAVE

NS_OBJECT_ENSURE_REGISTERED(SurgeryLeaveHeader);

TypeId
SurgeryLeaveHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryLeaveHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryLeaveHeader>();
    return tid;
}

TypeId
SurgeryLeaveHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryLeaveHeader::Print(std::ostream& os) const
{
    os << "(reason=" << static_cast<int>(m_reason) << ")";
}

uint32_t
SurgeryLeaveHeader::GetSerializedSize() const
{
    return 1;
}

void
SurgeryLeaveHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_reason);
}

uint32_t
SurgeryLeaveHeader::Deserialize(Buffer::Iterator start)
{
    m_reason = start.ReadU8();
    return 1;
}

// ---------------------------------------------------------------- PROBE

NS_OBJECT_ENSURE_REGISTERED(SurgeryProbeHeader);

TypeId
SurgeryProbeHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryProbeHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryProbeHeader>();
    return tid;
}

TypeId
SurgeryProbeHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryProbeHeader::Print(std::ostream& os) const
{
    os << "(seq=" << m_seq << " replyBytes=" << m_replyBytes
       << " deviceSend=" << m_deviceSendTime.As(Time::S)
       << " serverRecv=" << m_serverRecvTime.As(Time::S)
       << " serverSend=" << m_serverSendTime.As(Time::S) << ")";
}

uint32_t
SurgeryProbeHeader::GetSerializedSize() const
{
    return 4 + 4 + 3 * 8;
}

void
SurgeryProbeHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU32(m_seq);
    i.WriteHtonU32(m_replyBytes);
    WriteTime(i, m_deviceSendTime);
    WriteTime(i, m_serverRecvTime);
    WriteTime(i, m_serverSendTime);
}

uint32_t
SurgeryProbeHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_seq = i.ReadNtohU32();
    m_replyBytes = i.ReadNtohU32();
    m_deviceSendTime = ReadTime(i);
    m_serverRecvTime = ReadTime(i);
    m_serverSendTime = ReadTime(i);
    return GetSerializedSize();
}

// ---------------------------------------------------------------- STATE

NS_OBJECT_ENSURE_REGISTERED(SurgeryStateHeader);

TypeId
SurgeryStateHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryStateHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryStateHeader>();
    return tid;
}

TypeId
SurgeryStateHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryStateHeader::Print(std::ostream& os) const
{
    os << "(epoch=" << m_epoch << " step=" << m_step << " round=" << m_round << " turn=";
    if (m_turn == NO_TURN)
    {
        os << "none";
    }
    else
    {
        os << m_turn;
    }
    os << " N=" << m_nDevices << " policy=" << static_cast<int>(m_policy) << " final=" << m_final
       << " S=" << m_aggregate << " p0=" << m_p0 << " kappa=" << m_kappa << " F=" << m_capacity
       << " eps=" << m_epsilon << " f_i=" << m_yourShare << ")";
}

uint32_t
SurgeryStateHeader::GetSerializedSize() const
{
    return 5 * 4 + 2 + 6 * 8;
}

void
SurgeryStateHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU32(m_epoch);
    i.WriteHtonU32(m_step);
    i.WriteHtonU32(m_round);
    i.WriteHtonU32(m_turn);
    i.WriteHtonU32(m_nDevices);
    i.WriteU8(m_policy);
    i.WriteU8(m_final ? 1 : 0);
    WriteDouble(i, m_aggregate);
    WriteDouble(i, m_p0);
    WriteDouble(i, m_kappa);
    WriteDouble(i, m_capacity);
    WriteDouble(i, m_epsilon);
    WriteDouble(i, m_yourShare);
}

uint32_t
SurgeryStateHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_epoch = i.ReadNtohU32();
    m_step = i.ReadNtohU32();
    m_round = i.ReadNtohU32();
    m_turn = i.ReadNtohU32();
    m_nDevices = i.ReadNtohU32();
    m_policy = i.ReadU8();
    m_final = i.ReadU8() != 0;
    m_aggregate = ReadDouble(i);
    m_p0 = ReadDouble(i);
    m_kappa = ReadDouble(i);
    m_capacity = ReadDouble(i);
    m_epsilon = ReadDouble(i);
    m_yourShare = ReadDouble(i);
    return GetSerializedSize();
}

// ---------------------------------------------------------------- DEMAND

NS_OBJECT_ENSURE_REGISTERED(SurgeryDemandHeader);

TypeId
SurgeryDemandHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryDemandHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryDemandHeader>();
    return tid;
}

TypeId
SurgeryDemandHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryDemandHeader::Print(std::ostream& os) const
{
    os << "(epoch=" << m_epoch << " step=" << m_step << " f=" << m_demand << " curve=" << m_curve
       << " changed=" << m_changed << ")";
}

uint32_t
SurgeryDemandHeader::GetSerializedSize() const
{
    return 4 + 4 + 8 + 4 + 1;
}

void
SurgeryDemandHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU32(m_epoch);
    i.WriteHtonU32(m_step);
    WriteDouble(i, m_demand);
    i.WriteHtonU32(static_cast<uint32_t>(m_curve));
    i.WriteU8(m_changed ? 1 : 0);
}

uint32_t
SurgeryDemandHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_epoch = i.ReadNtohU32();
    m_step = i.ReadNtohU32();
    m_demand = ReadDouble(i);
    m_curve = static_cast<int32_t>(i.ReadNtohU32());
    m_changed = i.ReadU8() != 0;
    return GetSerializedSize();
}

// ---------------------------------------------------------------- GRANT

NS_OBJECT_ENSURE_REGISTERED(SurgeryGrantHeader);

TypeId
SurgeryGrantHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryGrantHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryGrantHeader>();
    return tid;
}

TypeId
SurgeryGrantHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryGrantHeader::Print(std::ostream& os) const
{
    os << "(epoch=" << m_epoch << " f=" << m_share << " S=" << m_aggregate
       << " trimmed=" << m_trimmed << ")";
}

uint32_t
SurgeryGrantHeader::GetSerializedSize() const
{
    return 4 + 8 + 8 + 1;
}

void
SurgeryGrantHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU32(m_epoch);
    WriteDouble(i, m_share);
    WriteDouble(i, m_aggregate);
    i.WriteU8(m_trimmed ? 1 : 0);
}

uint32_t
SurgeryGrantHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_epoch = i.ReadNtohU32();
    m_share = ReadDouble(i);
    m_aggregate = ReadDouble(i);
    m_trimmed = i.ReadU8() != 0;
    return GetSerializedSize();
}

// ---------------------------------------------------------------- ENVELOPE

NS_OBJECT_ENSURE_REGISTERED(SurgeryEnvelopeHeader);

TypeId
SurgeryEnvelopeHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryEnvelopeHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryEnvelopeHeader>();
    return tid;
}

TypeId
SurgeryEnvelopeHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryEnvelopeHeader::Print(std::ostream& os) const
{
    os << "(lambda=" << m_lambda << " local=" << m_localLatency << " curves=[";
    for (std::size_t k = 0; k < m_curves.size(); ++k)
    {
        os << (k ? " " : "") << "(" << m_curves[k].first << "," << m_curves[k].second << ")";
    }
    os << "])";
}

uint32_t
SurgeryEnvelopeHeader::GetSerializedSize() const
{
    return 8 + 8 + 4 + 16 * static_cast<uint32_t>(m_curves.size());
}

void
SurgeryEnvelopeHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    WriteDouble(i, m_lambda);
    WriteDouble(i, m_localLatency);
    i.WriteHtonU32(static_cast<uint32_t>(m_curves.size()));
    for (const auto& c : m_curves)
    {
        WriteDouble(i, c.first);
        WriteDouble(i, c.second);
    }
}

uint32_t
SurgeryEnvelopeHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_lambda = ReadDouble(i);
    m_localLatency = ReadDouble(i);
    uint32_t n = i.ReadNtohU32();
    m_curves.clear();
    for (uint32_t k = 0; k < n; ++k)
    {
        double a = ReadDouble(i);
        double b = ReadDouble(i);
        m_curves.emplace_back(a, b);
    }
    return GetSerializedSize();
}

// ---------------------------------------------------------------- TENSOR

NS_OBJECT_ENSURE_REGISTERED(SurgeryTensorHeader);

TypeId
SurgeryTensorHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryTensorHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryTensorHeader>();
    return tid;
}

TypeId
SurgeryTensorHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryTensorHeader::Print(std::ostream& os) const
{
    os << "(request=" << m_requestId << " bytes=" << m_tensorBytes
       << " resultBytes=" << m_resultBytes << " work=" << m_serverWork
       << " sent=" << m_deviceSendTime.As(Time::S) << ")";
}

uint32_t
SurgeryTensorHeader::GetSerializedSize() const
{
    return 3 * 4 + 8 + 8;
}

void
SurgeryTensorHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU32(m_requestId);
    i.WriteHtonU32(m_tensorBytes);
    i.WriteHtonU32(m_resultBytes);
    WriteDouble(i, m_serverWork);
    WriteTime(i, m_deviceSendTime);
}

uint32_t
SurgeryTensorHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_requestId = i.ReadNtohU32();
    m_tensorBytes = i.ReadNtohU32();
    m_resultBytes = i.ReadNtohU32();
    m_serverWork = ReadDouble(i);
    m_deviceSendTime = ReadTime(i);
    return GetSerializedSize();
}

// ---------------------------------------------------------------- RESULT

NS_OBJECT_ENSURE_REGISTERED(SurgeryResultHeader);

TypeId
SurgeryResultHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SurgeryResultHeader")
                            .SetParent<Header>()
                            .SetGroupName("DnnSurgery")
                            .AddConstructor<SurgeryResultHeader>();
    return tid;
}

TypeId
SurgeryResultHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SurgeryResultHeader::Print(std::ostream& os) const
{
    os << "(request=" << m_requestId << " status=" << static_cast<int>(m_status)
       << " bytes=" << m_resultBytes << " deviceSend=" << m_deviceSendTime.As(Time::S)
       << " serverRecv=" << m_serverRecvTime.As(Time::S)
       << " computeStart=" << m_computeStart.As(Time::S)
       << " computeEnd=" << m_computeEnd.As(Time::S)
       << " serverSend=" << m_serverSendTime.As(Time::S) << ")";
}

uint32_t
SurgeryResultHeader::GetSerializedSize() const
{
    return 4 + 1 + 4 + 5 * 8;
}

void
SurgeryResultHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU32(m_requestId);
    i.WriteU8(m_status);
    i.WriteHtonU32(m_resultBytes);
    WriteTime(i, m_deviceSendTime);
    WriteTime(i, m_serverRecvTime);
    WriteTime(i, m_computeStart);
    WriteTime(i, m_computeEnd);
    WriteTime(i, m_serverSendTime);
}

uint32_t
SurgeryResultHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_requestId = i.ReadNtohU32();
    m_status = i.ReadU8();
    m_resultBytes = i.ReadNtohU32();
    m_deviceSendTime = ReadTime(i);
    m_serverRecvTime = ReadTime(i);
    m_computeStart = ReadTime(i);
    m_computeEnd = ReadTime(i);
    m_serverSendTime = ReadTime(i);
    return GetSerializedSize();
}

} // namespace ns3
