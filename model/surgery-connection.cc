/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "surgery-connection.h"

namespace ns3
{

SurgeryConnection::SurgeryConnection()
{
}

void
SurgeryConnection::Open(Ptr<Socket> socket)
{
    m_socket = socket;
    m_rx.Clear();
    m_tx.SetSocket(socket);
}

void
SurgeryConnection::Close()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
    Forget();
}

void
SurgeryConnection::Forget()
{
    m_socket = nullptr;
    m_tx.SetSocket(nullptr);
    m_rx.Clear();
}

Ptr<Socket>
SurgeryConnection::GetSocket() const
{
    return m_socket;
}

void
SurgeryConnection::SetTxCallback(Callback<void, Ptr<const Packet>> cb)
{
    m_txCallback = cb;
}

uint32_t
SurgeryConnection::Send(SurgeryHeader::MessageType type,
                        uint32_t deviceId,
                        const Header& header,
                        uint32_t payload)
{
    Ptr<Packet> p = SurgeryStreamReassembler::Frame(type, deviceId, header, payload);
    if (!m_txCallback.IsNull())
    {
        m_txCallback(p);
    }
    uint32_t size = p->GetSize();
    m_tx.Send(p);
    return size;
}

void
SurgeryConnection::OnSendSpace()
{
    m_tx.Drain();
}

uint64_t
SurgeryConnection::GetQueuedBytes() const
{
    return m_tx.GetQueuedBytes();
}

void
SurgeryConnection::ReadSocket()
{
    Ptr<Packet> p;
    while (m_socket && (p = m_socket->Recv()))
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        m_rx.Add(p);
    }
}

void
SurgeryConnection::Add(Ptr<const Packet> packet)
{
    m_rx.Add(packet);
}

bool
SurgeryConnection::Next(SurgeryMessage& message)
{
    return m_rx.Next(message);
}

} // namespace ns3
