/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Protocol messages: every header round-trips through a packet; the stream reassembler
 * recovers the same messages whatever the segment boundaries; the rate estimator matches the
 * closed form of its definition.
 */

#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rate-estimator.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/surgery-header.h"
#include "ns3/surgery-stream-reassembler.h"
#include "ns3/test.h"

#include <sstream>

using namespace ns3;

namespace
{

/**
 * \brief Serialize a header into a packet and read it back.
 * \tparam H header type
 * \param in the header
 * \return the header read back
 */
template <typename H>
H
RoundTrip(const H& in)
{
    Ptr<Packet> p = Create<Packet>(7); // trailing bytes must not disturb the header
    p->AddHeader(in);
    H out;
    uint32_t n = p->RemoveHeader(out);
    NS_ASSERT(n == in.GetSerializedSize());
    NS_ASSERT(p->GetSize() == 7);
    return out;
}

/// Every message header round-trips with all its fields.
class SurgeryHeaderRoundTripTestCase : public TestCase
{
  public:
    SurgeryHeaderRoundTripTestCase()
        : TestCase("every message header round-trips through a packet")
    {
    }

  private:
    void DoRun() override
    {
        SurgeryHeader c(SurgeryHeader::TENSOR, 42, 123456);
        SurgeryHeader c2 = RoundTrip(c);
        NS_TEST_ASSERT_MSG_EQ(c2.IsValid(), true, "magic");
        NS_TEST_ASSERT_MSG_EQ(c2.GetMessageType(), SurgeryHeader::TENSOR, "type");
        NS_TEST_ASSERT_MSG_EQ(c2.GetDeviceId(), 42, "device id");
        NS_TEST_ASSERT_MSG_EQ(c2.GetBodyLength(), 123456, "body length");
        NS_TEST_ASSERT_MSG_EQ(c.GetSerializedSize(), SurgeryHeader::SIZE, "size");

        SurgeryJoinHeader j;
        j.m_lambda = 0.125;
        j.m_reentry = true;
        SurgeryJoinHeader j2 = RoundTrip(j);
        NS_TEST_ASSERT_MSG_EQ(j2.m_lambda, 0.125, "lambda");
        NS_TEST_ASSERT_MSG_EQ(j2.m_reentry, true, "reentry");

        SurgeryLeaveHeader l;
        l.m_reason = 1;
        NS_TEST_ASSERT_MSG_EQ(RoundTrip(l).m_reason, 1, "leave reason");

        SurgeryProbeHeader pr;
        pr.m_seq = 9;
        pr.m_replyBytes = 65536;
        pr.m_deviceSendTime = NanoSeconds(1234567891);
        pr.m_serverRecvTime = NanoSeconds(2234567891);
        pr.m_serverSendTime = NanoSeconds(3234567891);
        SurgeryProbeHeader pr2 = RoundTrip(pr);
        NS_TEST_ASSERT_MSG_EQ(pr2.m_seq, 9, "seq");
        NS_TEST_ASSERT_MSG_EQ(pr2.m_replyBytes, 65536, "reply bytes");
        NS_TEST_ASSERT_MSG_EQ(pr2.m_deviceSendTime, pr.m_deviceSendTime, "device send");
        NS_TEST_ASSERT_MSG_EQ(pr2.m_serverRecvTime, pr.m_serverRecvTime, "server recv");
        NS_TEST_ASSERT_MSG_EQ(pr2.m_serverSendTime, pr.m_serverSendTime, "server send");

        SurgeryStateHeader s;
        s.m_epoch = 3;
        s.m_step = 17;
        s.m_round = 2;
        s.m_turn = 5;
        s.m_nDevices = 6;
        s.m_policy = 4;
        s.m_final = true;
        s.m_aggregate = 1.5e12;
        s.m_p0 = 1e-12;
        s.m_kappa = 3e-25;
        s.m_capacity = 4e12;
        s.m_epsilon = 1e8;
        s.m_yourShare = 7.25e11;
        SurgeryStateHeader s2 = RoundTrip(s);
        NS_TEST_ASSERT_MSG_EQ(s2.m_epoch, 3, "epoch");
        NS_TEST_ASSERT_MSG_EQ(s2.m_step, 17, "step");
        NS_TEST_ASSERT_MSG_EQ(s2.m_round, 2, "round");
        NS_TEST_ASSERT_MSG_EQ(s2.m_turn, 5, "turn");
        NS_TEST_ASSERT_MSG_EQ(s2.m_nDevices, 6, "N");
        NS_TEST_ASSERT_MSG_EQ(s2.m_policy, 4, "policy");
        NS_TEST_ASSERT_MSG_EQ(s2.m_final, true, "final");
        NS_TEST_ASSERT_MSG_EQ(s2.m_aggregate, 1.5e12, "S");
        NS_TEST_ASSERT_MSG_EQ(s2.m_p0, 1e-12, "p0");
        NS_TEST_ASSERT_MSG_EQ(s2.m_kappa, 3e-25, "kappa");
        NS_TEST_ASSERT_MSG_EQ(s2.m_capacity, 4e12, "F");
        NS_TEST_ASSERT_MSG_EQ(s2.m_epsilon, 1e8, "epsilon");
        NS_TEST_ASSERT_MSG_EQ(s2.m_yourShare, 7.25e11, "f_i");

        SurgeryDemandHeader d;
        d.m_epoch = 3;
        d.m_step = 18;
        d.m_demand = 3.3e11;
        d.m_curve = -1;
        d.m_changed = true;
        SurgeryDemandHeader d2 = RoundTrip(d);
        NS_TEST_ASSERT_MSG_EQ(d2.m_epoch, 3, "epoch");
        NS_TEST_ASSERT_MSG_EQ(d2.m_step, 18, "step");
        NS_TEST_ASSERT_MSG_EQ(d2.m_demand, 3.3e11, "demand");
        NS_TEST_ASSERT_MSG_EQ(d2.m_curve, -1, "negative curve index survives");
        NS_TEST_ASSERT_MSG_EQ(d2.m_changed, true, "changed");

        SurgeryGrantHeader g;
        g.m_epoch = 4;
        g.m_share = 2.5e11;
        g.m_aggregate = 3e12;
        g.m_trimmed = true;
        SurgeryGrantHeader g2 = RoundTrip(g);
        NS_TEST_ASSERT_MSG_EQ(g2.m_epoch, 4, "epoch");
        NS_TEST_ASSERT_MSG_EQ(g2.m_share, 2.5e11, "share");
        NS_TEST_ASSERT_MSG_EQ(g2.m_aggregate, 3e12, "S");
        NS_TEST_ASSERT_MSG_EQ(g2.m_trimmed, true, "trimmed");

        SurgeryEnvelopeHeader e;
        e.m_lambda = 2.0;
        e.m_localLatency = 0.75;
        e.m_curves = {{0.1, 1e9}, {0.05, 2e9}, {0.02, 3.5e9}};
        SurgeryEnvelopeHeader e2 = RoundTrip(e);
        NS_TEST_ASSERT_MSG_EQ(e2.GetSerializedSize(), 8 + 8 + 4 + 3 * 16, "variable size");
        NS_TEST_ASSERT_MSG_EQ(e2.m_lambda, 2.0, "lambda");
        NS_TEST_ASSERT_MSG_EQ(e2.m_localLatency, 0.75, "local latency");
        NS_TEST_ASSERT_MSG_EQ(e2.m_curves.size(), 3, "curve count");
        for (std::size_t k = 0; k < 3; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(e2.m_curves[k].first, e.m_curves[k].first, "A of curve " << k);
            NS_TEST_ASSERT_MSG_EQ(e2.m_curves[k].second, e.m_curves[k].second, "B of curve " << k);
        }

        SurgeryTensorHeader t;
        t.m_requestId = 77;
        t.m_tensorBytes = 602112;
        t.m_resultBytes = 4000;
        t.m_serverWork = 3.6e9;
        t.m_deviceSendTime = MicroSeconds(123456);
        SurgeryTensorHeader t2 = RoundTrip(t);
        NS_TEST_ASSERT_MSG_EQ(t2.m_requestId, 77, "request id");
        NS_TEST_ASSERT_MSG_EQ(t2.m_tensorBytes, 602112, "tensor bytes");
        NS_TEST_ASSERT_MSG_EQ(t2.m_resultBytes, 4000, "result bytes");
        NS_TEST_ASSERT_MSG_EQ(t2.m_serverWork, 3.6e9, "work");
        NS_TEST_ASSERT_MSG_EQ(t2.m_deviceSendTime, t.m_deviceSendTime, "send time");

        SurgeryResultHeader r;
        r.m_requestId = 77;
        r.m_status = SurgeryResultHeader::REJECTED;
        r.m_resultBytes = 4000;
        r.m_deviceSendTime = MicroSeconds(1);
        r.m_serverRecvTime = MicroSeconds(2);
        r.m_computeStart = MicroSeconds(3);
        r.m_computeEnd = MicroSeconds(4);
        r.m_serverSendTime = MicroSeconds(5);
        SurgeryResultHeader r2 = RoundTrip(r);
        NS_TEST_ASSERT_MSG_EQ(r2.m_requestId, 77, "request id");
        NS_TEST_ASSERT_MSG_EQ(r2.m_status, SurgeryResultHeader::REJECTED, "status");
        NS_TEST_ASSERT_MSG_EQ(r2.m_resultBytes, 4000, "bytes");
        NS_TEST_ASSERT_MSG_EQ(r2.m_deviceSendTime, MicroSeconds(1), "t1");
        NS_TEST_ASSERT_MSG_EQ(r2.m_serverRecvTime, MicroSeconds(2), "t2");
        NS_TEST_ASSERT_MSG_EQ(r2.m_computeStart, MicroSeconds(3), "t3");
        NS_TEST_ASSERT_MSG_EQ(r2.m_computeEnd, MicroSeconds(4), "t4");
        NS_TEST_ASSERT_MSG_EQ(r2.m_serverSendTime, MicroSeconds(5), "t5");

        // Print works and names the type.
        std::ostringstream oss;
        c.Print(oss);
        NS_TEST_ASSERT_MSG_NE(oss.str().find("TENSOR"), std::string::npos, "print names type");
    }
};

/// The reassembler recovers the messages of a stream cut at random boundaries.
class SurgeryReassemblyTestCase : public TestCase
{
  public:
    SurgeryReassemblyTestCase()
        : TestCase("messages are reassembled across arbitrary segment boundaries")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(11);

        // A stream of messages: tensors of random size interleaved with small control messages.
        Ptr<Packet> stream = Create<Packet>();
        std::vector<uint32_t> tensorBytes;
        const uint32_t n = 40;
        for (uint32_t k = 0; k < n; ++k)
        {
            SurgeryTensorHeader t;
            t.m_requestId = k;
            t.m_tensorBytes = u->GetInteger(0, 20000);
            tensorBytes.push_back(t.m_tensorBytes);
            stream->AddAtEnd(
                SurgeryStreamReassembler::Frame(SurgeryHeader::TENSOR, 5, t, t.m_tensorBytes));
            SurgeryEnvelopeHeader e;
            e.m_lambda = k;
            e.m_curves.assign(k % 4, {1.0 * k, 2.0 * k});
            stream->AddAtEnd(SurgeryStreamReassembler::Frame(SurgeryHeader::ENVELOPE, 5, e, 0));
        }
        for (uint32_t maxChunk : {1U, 7U, 536U, 1448U, 65535U})
        {
            SurgeryStreamReassembler r;
            uint32_t offset = 0;
            uint32_t tensors = 0;
            uint32_t envelopes = 0;
            while (offset < stream->GetSize())
            {
                uint32_t len =
                    std::min<uint32_t>(stream->GetSize() - offset, u->GetInteger(1, maxChunk));
                r.Add(stream->CreateFragment(offset, len));
                offset += len;
                SurgeryMessage m;
                while (r.Next(m))
                {
                    if (m.common.GetMessageType() == SurgeryHeader::TENSOR)
                    {
                        SurgeryTensorHeader t;
                        m.head->RemoveHeader(t);
                        NS_TEST_ASSERT_MSG_EQ(t.m_requestId, tensors, "tensor order");
                        NS_TEST_ASSERT_MSG_EQ(m.payloadBytes, tensorBytes[tensors], "payload");
                        NS_TEST_ASSERT_MSG_EQ(t.m_tensorBytes, tensorBytes[tensors], "field");
                        NS_TEST_ASSERT_MSG_EQ(tensors, envelopes, "interleaving");
                        ++tensors;
                    }
                    else
                    {
                        NS_TEST_ASSERT_MSG_EQ(m.common.GetMessageType(),
                                              SurgeryHeader::ENVELOPE,
                                              "type");
                        SurgeryEnvelopeHeader e;
                        m.head->RemoveHeader(e);
                        NS_TEST_ASSERT_MSG_EQ(e.m_lambda, envelopes, "envelope order");
                        NS_TEST_ASSERT_MSG_EQ(e.m_curves.size(), envelopes % 4, "curves");
                        ++envelopes;
                    }
                }
            }
            NS_TEST_ASSERT_MSG_EQ(tensors, n, "all tensors (chunk " << maxChunk << ")");
            NS_TEST_ASSERT_MSG_EQ(envelopes, n, "all envelopes (chunk " << maxChunk << ")");
            NS_TEST_ASSERT_MSG_EQ(r.GetBufferedBytes(), 0, "nothing left over");
        }

        // A desynchronised stream is an error, not a crash.
        SurgeryStreamReassembler bad;
        bad.Add(Create<Packet>(40));
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
        NS_TEST_ASSERT_MSG_EQ(threw, true, "bad magic throws DnnSurgeryError");
    }
};

/// The rate estimator follows its definition (closed form).
class RateEstimatorTestCase : public TestCase
{
  public:
    RateEstimatorTestCase()
        : TestCase("rate estimator: transfer time without propagation, EWMA, queueing")
    {
    }

  private:
    void DoRun() override
    {
        RateEstimator e(0.5, 1000);
        NS_TEST_ASSERT_MSG_EQ(e.HasEstimate(), false, "no estimate before samples");
        e.AddRttSample(0.010);
        // 100 kB sent at t=1, received at 1 + 0.005 (one way) + 0.08: 10 Mbit/s.
        NS_TEST_ASSERT_MSG_EQ(e.AddUplinkTransfer(100000, 1.0, 1.085), true, "sample used");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetUplinkBps(), 1e7, 1, "first sample replaces");
        // Second message queued behind the first: charged from the first one's delivery.
        NS_TEST_ASSERT_MSG_EQ(e.AddUplinkTransfer(100000, 1.01, 1.085 + 0.04), true, "used");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetUplinkBps(), 0.5 * 1e7 + 0.5 * 2e7, 1, "EWMA");
        NS_TEST_ASSERT_MSG_EQ(e.AddUplinkTransfer(500, 2.0, 2.1), false, "small ignored");
        NS_TEST_ASSERT_MSG_EQ(e.AddDownlinkTransfer(50000, 3.0, 3.045), true, "down");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetDownlinkBps(), 1e7, 1, "down rate");
        NS_TEST_ASSERT_MSG_EQ(e.HasEstimate(), true, "complete");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.RelativeChange(1.5e7, 1e7), 0.0, 1e-12, "no change");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.RelativeChange(1e7, 1e7), 0.5, 1e-12, "50% up");
        bool threw = false;
        try
        {
            e.SetAlpha(0);
        }
        catch (const DnnSurgeryError&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "alpha 0 rejected");
    }
};

/// Small transfers are aggregated into one sample; SetRates replaces the estimate.
class RateAggregateTestCase : public TestCase
{
  public:
    RateAggregateTestCase()
        : TestCase("rate estimator: small transfers aggregate, sum of bytes over sum of times")
    {
    }

  private:
    void DoRun() override
    {
        RateEstimator e(0.5, 4096, 16000);
        e.AddRttSample(0.010);
        // Four 4000-byte results, 1 s apart, whose times beyond RTT/2 are 1.5, 1.2, -0.2 and
        // 1.5 ms (the third one-way trip was shorter than RTT/2): one sample of
        // 8 x 16000 B / 4 ms = 32 Mbit/s, the short one counted as measured.
        const double beyond[] = {0.0015, 0.0012, -0.0002, 0.0015};
        for (int k = 0; k < 4; ++k)
        {
            double start = 1.0 + k;
            bool used = e.AddDownlinkTransfer(4000, start, start + 0.005 + beyond[k]);
            NS_TEST_ASSERT_MSG_EQ(used, (k == 3), "the fourth completes the aggregate");
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetDownlinkBps(), 3.2e7, 1, "aggregated sample");
        // A large transfer alone is still one sample (EWMA with the aggregate).
        NS_TEST_ASSERT_MSG_EQ(e.AddDownlinkTransfer(50000, 10.0, 10.005 + 0.01), true, "large");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetDownlinkBps(), 0.5 * 3.2e7 + 0.5 * 4e7, 1, "EWMA");
        // A partial aggregate is dropped by SetRates (the warm-up's last round), which
        // replaces both rates instead of averaging.
        NS_TEST_ASSERT_MSG_EQ(e.AddDownlinkTransfer(4000, 20.0, 20.006), false, "partial");
        // One probe alone: 100 kB in 0.1 s beyond RTTmin/2 = 8 Mbit/s, not a sample.
        NS_TEST_ASSERT_MSG_EQ_TOL(e.TransferRate(100000, 30.0, 30.105), 8e6, 1, "probe rate");
        // A probe faster than RTTmin/2 (4 ms against 5 ms) is charged half its own time as
        // delay: twice its end-to-end rate, 8 x 100 kB / 2 ms, not a division by a negative time.
        NS_TEST_ASSERT_MSG_EQ_TOL(e.TransferRate(100000, 30.0, 30.004), 4e8, 1, "capped delay");
        NS_TEST_ASSERT_MSG_EQ(e.TransferRate(100000, 30.0, 30.0), 0.0, "no time: 0");
        NS_TEST_ASSERT_MSG_EQ(e.TransferRate(100000, 30.0, 29.9), 0.0, "negative time: 0");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetDownlinkBps(), 3.6e7, 1, "TransferRate takes no sample");
        e.SetRates(8e6, 9e6);
        NS_TEST_ASSERT_MSG_EQ(e.GetUplinkBps(), 8e6, "replaced, not averaged");
        NS_TEST_ASSERT_MSG_EQ(e.GetDownlinkBps(), 9e6, "replaced, not averaged");
        for (int k = 0; k < 3; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(e.AddDownlinkTransfer(4000, 40.0 + k, 40.006 + k),
                                  false,
                                  "12000 B after SetRates: not yet a sample");
        }
        // A queued echo: samples remove half the RTT average (20 ms), the probe rate half the
        // smallest RTT (10 ms).
        e.AddRttSample(0.030);
        NS_TEST_ASSERT_MSG_EQ(e.GetMinRtt(), 0.010, "RTTmin");
        NS_TEST_ASSERT_MSG_EQ(e.AddUplinkTransfer(50000, 50.0, 50.015), true, "used");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.GetUplinkBps(), 0.5 * 8e6 + 0.5 * 8e7, 1, "RTT/2 removed");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.TransferRate(100000, 60.0, 60.105), 8e6, 1, "RTTmin/2");
    }
};

/// Suite of the protocol messages.
class SurgeryHeaderTestSuite : public TestSuite
{
  public:
    SurgeryHeaderTestSuite()
        : TestSuite("dnn-surgery-protocol", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new SurgeryHeaderRoundTripTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new SurgeryReassemblyTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new RateEstimatorTestCase, dnnsurgerycompat::QUICK);
        AddTestCase(new RateAggregateTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance registering the suite.
SurgeryHeaderTestSuite g_surgeryHeaderTestSuite;

} // namespace
