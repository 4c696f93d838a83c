/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SURGERY_CONNECTION_H
#define SURGERY_CONNECTION_H

#include "surgery-header.h"
#include "surgery-stream-reassembler.h"
#include "surgery-stream-sender.h"

#include "ns3/callback.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>

/**
 * \file
 * \ingroup dnn-surgery
 * One TCP connection of the protocol with its framing, used by both the devices and the
 * server.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * One protocol connection: a connected TCP socket, the send queue that writes framed messages
 * as the socket accepts them (SurgeryStreamSender) and the reassembly of the received bytes
 * into messages (SurgeryStreamReassembler).
 *
 * The owner creates the socket and routes its callbacks: the receive callback to ReadSocket
 * and Next, the send callback to OnSendSpace. Close removes the callbacks and closes the
 * socket.
 */
class SurgeryConnection
{
  public:
    SurgeryConnection();

    /**
     * \brief Frame messages on a socket (connecting or connected): forget anything queued or
     * buffered for a previous one.
     * \param socket the socket
     */
    void Open(Ptr<Socket> socket);

    /// Remove the socket's callbacks, close it, and forget it and the queued bytes.
    void Close();

    /// Forget the socket (already closed or failed) and the queued bytes, without closing.
    void Forget();

    /**
     * \brief The socket.
     * \return the socket, or nullptr when closed
     */
    Ptr<Socket> GetSocket() const;

    /**
     * \brief Called with every framed message before it is queued (the owner's Tx trace).
     * \param cb the callback
     */
    void SetTxCallback(Callback<void, Ptr<const Packet>> cb);

    /**
     * \brief Frame and send a message.
     * \param type the message type
     * \param deviceId the device id of the framing header
     * \param header the message header
     * \param payload payload bytes after the header
     * \return bytes queued, framing included
     */
    uint32_t Send(SurgeryHeader::MessageType type,
                  uint32_t deviceId,
                  const Header& header,
                  uint32_t payload);

    /// The socket has send space again: write what is queued.
    void OnSendSpace();

    /**
     * \brief Bytes queued and not yet accepted by the socket.
     * \return the count
     */
    uint64_t GetQueuedBytes() const;

    /// Move every byte the socket has received into the reassembly buffer.
    void ReadSocket();

    /**
     * \brief Append received bytes (ReadSocket does this for the socket's bytes).
     * \param packet bytes in stream order
     */
    void Add(Ptr<const Packet> packet);

    /**
     * \brief The next complete message.
     * \param[out] message the message
     * \return true if one was available; throws DnnSurgeryError on a corrupt stream
     */
    bool Next(SurgeryMessage& message);

  private:
    Ptr<Socket> m_socket;                           //!< the socket
    SurgeryStreamSender m_tx;                       //!< send queue
    SurgeryStreamReassembler m_rx;                  //!< receive framing
    Callback<void, Ptr<const Packet>> m_txCallback; //!< Tx trace
};

} // namespace ns3

#endif /* SURGERY_CONNECTION_H */
