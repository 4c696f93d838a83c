/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SURGERY_STREAM_REASSEMBLER_H
#define SURGERY_STREAM_REASSEMBLER_H

#include "surgery-header.h"

#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * Framing of DDS protocol messages over a byte stream (TCP).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * One protocol message taken off a stream: its framing header, the message header (kept as a
 * packet to deserialize) and the number of payload bytes that followed it.
 */
struct SurgeryMessage
{
    SurgeryHeader common;     //!< framing header (type, device id, body length)
    Ptr<Packet> head;         //!< the message header bytes (payload bytes already consumed)
    uint32_t payloadBytes{0}; //!< payload bytes that followed the message header
};

/**
 * \ingroup dnn-surgery
 * Reassembles protocol messages from the segments a TCP socket delivers: bytes are buffered
 * until a whole message (framing header, message header and all its payload) has arrived,
 * whatever the segment boundaries. Payload bytes are counted, not kept, so a large tensor costs
 * no copying.
 */
class SurgeryStreamReassembler
{
  public:
    SurgeryStreamReassembler();

    /**
     * \brief Append bytes received from the stream.
     * \param packet the bytes, in stream order
     */
    void Add(Ptr<const Packet> packet);

    /**
     * \brief Take the next complete message, if any.
     * \param[out] message the message
     * \return true if a complete message was available
     *
     * Throws DnnSurgeryError if the stream is desynchronised (bad magic or type).
     */
    bool Next(SurgeryMessage& message);

    /**
     * \brief Bytes received and not yet returned as (part of) a message.
     * \return buffered bytes, plus payload bytes still expected by a pending message
     */
    uint32_t GetBufferedBytes() const;

    /// Forget everything buffered (the connection was reset).
    void Clear();

    /**
     * \brief Build one framed message.
     * \param type the message type
     * \param deviceId the device id
     * \param header the message header
     * \param payloadBytes bytes of payload after the header (zero-filled, real on the wire)
     * \return the packet to send on the stream
     */
    static Ptr<Packet> Frame(SurgeryHeader::MessageType type,
                             uint32_t deviceId,
                             const Header& header,
                             uint32_t payloadBytes);

    /**
     * \brief Size of the message header of a type, when it is fixed.
     * \param type the type
     * \return the size, or 0 if the whole body must be buffered (variable-size headers)
     */
    static uint32_t FixedHeaderSize(SurgeryHeader::MessageType type);

    /// Largest body of a control message (all but PROBE, PROBE_ECHO, TENSOR, RESULT): an
    /// envelope of 65,535 curves.
    static constexpr uint32_t MAX_VARIABLE_BODY = 20 + 16 * 65535;

  private:
    /**
     * \brief Throw the DnnSurgeryError of a malformed message.
     * \param common its framing header
     * \param problem what is wrong, naming the field
     */
    [[noreturn]] static void Malformed(const SurgeryHeader& common, const std::string& problem);
    /**
     * \brief Check that a control message's body is exactly its header (before any
     * application deserializes it): a lying length or curve count is a DnnSurgeryError.
     * \param common its framing header
     * \param head its body
     */
    static void CheckControlHead(const SurgeryHeader& common, Ptr<const Packet> head);

    Ptr<Packet> m_buffer;      //!< bytes not yet parsed
    bool m_havePending{false}; //!< a message header has been parsed
    SurgeryMessage m_pending;  //!< the message being completed
    uint32_t m_pendingSkip{0}; //!< payload bytes of m_pending still to arrive
};

} // namespace ns3

#endif /* SURGERY_STREAM_REASSEMBLER_H */
