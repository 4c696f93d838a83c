/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of SurgeryConnection (suite dnn-surgery-connection) on one node's loopback interface
 * (no links, no topology): framed messages of every size, a tensor larger than the send
 * buffer, arrive whole, in order, with their payload counted; the Tx callback sees each
 * message once; a corrupt stream throws; Close stops the callbacks.
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/node.h"
#include "ns3/surgery-connection.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"

#include <vector>

using namespace ns3;

namespace
{

/// Messages across one loopback TCP connection.
class SurgeryConnectionTestCase : public TestCase
{
  public:
    SurgeryConnectionTestCase()
        : TestCase("a connection frames, queues and reassembles messages in order, both ways")
    {
    }

  private:
    SurgeryConnection m_client;             //!< the device side
    SurgeryConnection m_server;             //!< the server side
    Ptr<Socket> m_listen;                   //!< listening socket
    std::vector<SurgeryMessage> m_atServer; //!< messages received by the server
    std::vector<SurgeryMessage> m_atClient; //!< messages received by the client
    uint32_t m_txSeen{0};                   //!< Tx callbacks
    uint64_t m_txBytes{0};                  //!< bytes they saw

    /**
     * \brief Tx callback.
     * \param p the framed message
     */
    void OnTx(Ptr<const Packet> p)
    {
        ++m_txSeen;
        m_txBytes += p->GetSize();
    }

    /**
     * \brief Accept a connection.
     * \param s the new socket
     * \param from the peer
     */
    void Accept(Ptr<Socket> s, const Address& from)
    {
        m_server.Open(s);
        s->SetRecvCallback(MakeCallback(&SurgeryConnectionTestCase::ServerRead, this));
        s->SetSendCallback(MakeCallback(&SurgeryConnectionTestCase::ServerSend, this));
    }

    /**
     * \brief Server receive callback: take every complete message; answer the tensor.
     * \param s the socket
     */
    void ServerRead(Ptr<Socket> s)
    {
        m_server.ReadSocket();
        SurgeryMessage m;
        while (m_server.Next(m))
        {
            m_atServer.push_back(m);
            if (m.common.GetMessageType() == SurgeryHeader::TENSOR)
            {
                SurgeryResultHeader r;
                r.m_requestId = 7;
                m_server.Send(SurgeryHeader::RESULT, 3, r, 1000);
            }
        }
    }

    /**
     * \brief Server send callback.
     * \param s the socket
     * \param available bytes
     */
    void ServerSend(Ptr<Socket> s, uint32_t available)
    {
        m_server.OnSendSpace();
    }

    /**
     * \brief Client receive callback.
     * \param s the socket
     */
    void ClientRead(Ptr<Socket> s)
    {
        m_client.ReadSocket();
        SurgeryMessage m;
        while (m_client.Next(m))
        {
            m_atClient.push_back(m);
        }
    }

    /**
     * \brief Client send callback.
     * \param s the socket
     * \param available bytes
     */
    void ClientSend(Ptr<Socket> s, uint32_t available)
    {
        m_client.OnSendSpace();
    }

    /**
     * \brief Connected: send a probe, a join and a tensor larger than the send buffer.
     * \param s the socket
     */
    void Connected(Ptr<Socket> s)
    {
        SurgeryProbeHeader probe;
        probe.m_seq = 1;
        m_client.Send(SurgeryHeader::PROBE, 3, probe, 0);
        SurgeryJoinHeader join;
        join.m_lambda = 2.5;
        m_client.Send(SurgeryHeader::JOIN, 3, join, 0);
        SurgeryTensorHeader tensor;
        tensor.m_requestId = 7;
        tensor.m_tensorBytes = 300000;
        m_client.Send(SurgeryHeader::TENSOR, 3, tensor, tensor.m_tensorBytes);
        NS_TEST_EXPECT_MSG_GT(m_client.GetQueuedBytes(), 0u, "the tensor waits for send space");
    }

    /**
     * \brief Connection failed (must not happen).
     * \param s the socket
     */
    void Failed(Ptr<Socket> s)
    {
        NS_TEST_EXPECT_MSG_EQ(true, false, "the loopback connection fails");
    }

    void DoRun() override
    {
        Ptr<Node> node = CreateObject<Node>();
        InternetStackHelper stack;
        stack.Install(node);
        m_listen = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listen->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        m_listen->Listen();
        m_listen->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&SurgeryConnectionTestCase::Accept, this));
        Ptr<Socket> c = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        c->SetAttribute("SndBufSize", UintegerValue(65536));
        c->Bind();
        c->SetConnectCallback(MakeCallback(&SurgeryConnectionTestCase::Connected, this),
                              MakeCallback(&SurgeryConnectionTestCase::Failed, this));
        c->SetRecvCallback(MakeCallback(&SurgeryConnectionTestCase::ClientRead, this));
        c->SetSendCallback(MakeCallback(&SurgeryConnectionTestCase::ClientSend, this));
        m_client.Open(c);
        m_client.SetTxCallback(MakeCallback(&SurgeryConnectionTestCase::OnTx, this));
        c->Connect(InetSocketAddress(Ipv4Address::GetLoopback(), 9000));
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(m_atServer.size(), 3u, "three messages at the server");
        NS_TEST_EXPECT_MSG_EQ(m_atServer[0].common.GetMessageType(), SurgeryHeader::PROBE, "1st");
        NS_TEST_EXPECT_MSG_EQ(m_atServer[1].common.GetMessageType(), SurgeryHeader::JOIN, "2nd");
        NS_TEST_EXPECT_MSG_EQ(m_atServer[2].common.GetMessageType(), SurgeryHeader::TENSOR, "3rd");
        NS_TEST_EXPECT_MSG_EQ(m_atServer[2].common.GetDeviceId(), 3u, "device id framed");
        NS_TEST_EXPECT_MSG_EQ(m_atServer[2].payloadBytes, 300000u, "the whole tensor arrived");
        SurgeryJoinHeader join;
        m_atServer[1].head->RemoveHeader(join);
        NS_TEST_EXPECT_MSG_EQ(join.m_lambda, 2.5, "header content survives");
        SurgeryTensorHeader tensor;
        m_atServer[2].head->RemoveHeader(tensor);
        NS_TEST_EXPECT_MSG_EQ(tensor.m_requestId, 7u, "tensor header content");
        NS_TEST_ASSERT_MSG_EQ(m_atClient.size(), 1u, "the result came back");
        NS_TEST_EXPECT_MSG_EQ(m_atClient[0].common.GetMessageType(), SurgeryHeader::RESULT, "");
        NS_TEST_EXPECT_MSG_EQ(m_atClient[0].payloadBytes, 1000u, "result payload");
        NS_TEST_EXPECT_MSG_EQ(m_client.GetQueuedBytes(), 0u, "everything written");
        NS_TEST_EXPECT_MSG_EQ(m_txSeen, 3u, "the Tx callback sees each message once");
        NS_TEST_EXPECT_MSG_GT(m_txBytes, 300000u, "with its framing and payload");

        // Close: no more callbacks, the socket is forgotten.
        m_server.Close();
        m_client.Close();
        NS_TEST_EXPECT_MSG_EQ(m_client.GetSocket(), nullptr, "closed");
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        Simulator::Destroy();

        // A corrupt stream is refused.
        SurgeryConnection bad;
        Ptr<Packet> junk = Create<Packet>(64);
        bad.Add(junk);
        SurgeryMessage m;
        bool threw = false;
        try
        {
            bad.Next(m);
        }
        catch (const DnnSurgeryError&)
        {
            threw = true;
        }
        NS_TEST_EXPECT_MSG_EQ(threw, true, "a desynchronised stream throws DnnSurgeryError");
    }
};

/// Suite: the connection.
class SurgeryConnectionTestSuite : public TestSuite
{
  public:
    SurgeryConnectionTestSuite()
        : TestSuite("dnn-surgery-connection", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new SurgeryConnectionTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
SurgeryConnectionTestSuite g_surgeryConnectionTestSuite;

} // namespace
