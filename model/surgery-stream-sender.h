/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SURGERY_STREAM_SENDER_H
#define SURGERY_STREAM_SENDER_H

#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>
#include <deque>

/**
 * \file
 * \ingroup dnn-surgery
 * Writes framed protocol messages to a stream socket as its send buffer frees up.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * A FIFO of bytes to write on a stream socket. A message larger than the socket's free send
 * buffer is written in pieces, the rest when the socket's send callback reports free space
 * (as BulkSendApplication does). Messages are never reordered or interleaved.
 */
class SurgeryStreamSender
{
  public:
    /**
     * \brief Set the socket to write to (and forget what was queued for a previous one).
     * \param socket the connected stream socket, or nullptr
     */
    void SetSocket(Ptr<Socket> socket);

    /**
     * \brief Queue a message and write as much as possible now.
     * \param packet the framed message
     */
    void Send(Ptr<Packet> packet);

    /**
     * \brief Write queued bytes while the socket accepts them (call from its send callback).
     */
    void Drain();

    /**
     * \brief Bytes queued and not yet accepted by the socket.
     * \return the byte count
     */
    uint64_t GetQueuedBytes() const;

    /// Drop everything queued.
    void Clear();

  private:
    Ptr<Socket> m_socket;            //!< the socket
    std::deque<Ptr<Packet>> m_queue; //!< pending bytes, in order
    uint64_t m_queuedBytes{0};       //!< bytes in m_queue
};

} // namespace ns3

#endif /* SURGERY_STREAM_SENDER_H */
