/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of RequestTracker without a network (suite dnn-surgery-request-tracker): the life
 * cycle of requests, the accounting issued = completed + fallback + failed + in flight at
 * every step, the records reported, the timeouts cancelled.
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/request-tracker.h"
#include "ns3/test.h"

#include <vector>

using namespace ns3;

namespace
{

/// The life cycle and the accounting.
class RequestTrackerTestCase : public TestCase
{
  public:
    RequestTrackerTestCase()
        : TestCase("requests from issue to resolution; the accounting closes at every step")
    {
    }

  private:
    std::vector<DnnSurgeryRequestRecord> m_records; //!< reported records
    uint32_t m_timeouts{0};                         //!< timeout events that fired

    /**
     * \brief Record sink.
     * \param r the record
     */
    void OnResolved(const DnnSurgeryRequestRecord& r)
    {
        m_records.push_back(r);
    }

    /// A timeout event fired.
    void OnTimeout()
    {
        ++m_timeouts;
    }

    /**
     * \brief Check the accounting identity.
     * \param t the tracker
     * \param step what was just done
     */
    void CheckIdentity(const RequestTracker& t, const std::string& step)
    {
        NS_TEST_EXPECT_MSG_EQ(t.GetIssued(),
                              t.GetCompleted() + t.GetFallback() + t.GetFailed() + t.GetInFlight(),
                              "issued = completed + fallback + failed + in flight after " << step);
    }

    void DoRun() override
    {
        RequestTracker t;
        t.SetResolvedCallback(MakeCallback(&RequestTrackerTestCase::OnResolved, this));
        DnnSurgeryPlan local;
        local.deviceTime = 0.5;
        local.localDeviceTime = 0.5;
        local.predictedLatency = 0.5;
        DnnSurgeryPlan cut;
        cut.offloads = true;
        cut.deviceTime = 0.1;
        cut.localDeviceTime = 0.5;
        cut.bytesUp = 1000;
        cut.bytesDown = 10;
        cut.serverWork = 1e9;
        cut.share = 2e11;
        cut.predictedLatency = 0.2;

        // Request 0: local, completes.
        RequestTracker::Request& r0 = t.Issue(7, "test", Seconds(1), 3, local);
        NS_TEST_EXPECT_MSG_EQ(r0.record.requestId, 0u, "first id");
        NS_TEST_EXPECT_MSG_EQ(r0.record.deviceId, 7u, "device");
        NS_TEST_EXPECT_MSG_EQ(r0.record.epoch, 3u, "epoch");
        CheckIdentity(t, "issue 0");
        // Request 1: offloaded, its result arrives.
        RequestTracker::Request& r1 = t.Issue(7, "test", Seconds(1.1), 3, cut);
        NS_TEST_EXPECT_MSG_EQ(r1.record.requestId, 1u, "second id");
        NS_TEST_EXPECT_MSG_EQ(r1.record.share, 2e11, "share of the plan");
        NS_TEST_EXPECT_MSG_EQ(r1.record.serverWork, 1e9, "work of the plan");
        // Request 2: offloaded, times out and falls back.
        t.Issue(7, "test", Seconds(1.2), 3, cut);
        // Request 3: left unresolved, fails at the end.
        t.Issue(7, "test", Seconds(1.3), 3, cut);
        NS_TEST_EXPECT_MSG_EQ(t.GetIssued(), 4u, "four issued");
        NS_TEST_EXPECT_MSG_EQ(t.GetInFlight(), 4u, "four in flight");
        CheckIdentity(t, "issue 3");

        t.Resolve(0, DnnSurgeryRequestRecord::COMPLETED, "", Seconds(1.5));
        NS_TEST_EXPECT_MSG_EQ(t.Find(0), nullptr, "a resolved request is forgotten");
        CheckIdentity(t, "resolve 0");

        t.Find(1)->record.deviceEnd = Seconds(1.2);
        t.MarkSent(1, Seconds(1.2), 1000);
        t.Find(2)->record.deviceEnd = Seconds(1.3);
        t.MarkSent(2, Seconds(1.3), 1000);
        EventId timeout2 =
            Simulator::Schedule(Seconds(10), &RequestTrackerTestCase::OnTimeout, this);
        t.SetTimeout(2, timeout2);
        EventId timeout1 =
            Simulator::Schedule(Seconds(10), &RequestTrackerTestCase::OnTimeout, this);
        t.SetTimeout(1, timeout1);
        NS_TEST_EXPECT_MSG_EQ(t.GetUploadsInFlight(), 2u, "two tensors in flight");
        NS_TEST_EXPECT_MSG_EQ(t.IsAwaitingResult(1), true, "1 awaits its result");
        NS_TEST_EXPECT_MSG_EQ(t.IsAwaitingResult(3), false, "3 was not sent");
        NS_TEST_EXPECT_MSG_EQ(t.GetAwaitingResult().size(), 2u, "1 and 2 await results");

        t.CompleteWithResult(1, Seconds(1.4), 10);
        NS_TEST_EXPECT_MSG_EQ(t.GetUploadsInFlight(), 1u, "one tensor in flight");
        CheckIdentity(t, "result 1");

        double seconds = -1;
        NS_TEST_EXPECT_MSG_EQ(t.StartFallback(2, "timeout", Seconds(2), seconds),
                              true,
                              "2 falls back");
        NS_TEST_EXPECT_MSG_EQ_TOL(seconds, 0.4, 1e-12, "the rest of the layers: 0.5 - 0.1 s");
        NS_TEST_EXPECT_MSG_EQ(t.GetUploadsInFlight(), 0u, "no tensor awaited");
        NS_TEST_EXPECT_MSG_EQ(t.IsAwaitingResult(2), false, "a falling back request awaits none");
        NS_TEST_EXPECT_MSG_EQ(t.StartFallback(2, "again", Seconds(2), seconds),
                              false,
                              "a request falls back once");
        // The reason passed is a field of the record the tracker erases.
        t.Resolve(2, DnnSurgeryRequestRecord::FALLBACK, t.Find(2)->record.reason, Seconds(2.4));
        CheckIdentity(t, "fallback 2");

        double localSeconds = -1;
        NS_TEST_EXPECT_MSG_EQ(t.StartFallback(3, "link-down", Seconds(2.5), localSeconds),
                              true,
                              "3 falls back before its device part ran");
        NS_TEST_EXPECT_MSG_EQ_TOL(localSeconds, 0.5, 1e-12, "all layers run locally");
        for (uint32_t id : t.GetUnresolved())
        {
            t.Resolve(id, DnnSurgeryRequestRecord::FAILED, "simulation-end", Seconds(3));
        }
        t.Resolve(99, DnnSurgeryRequestRecord::FAILED, "unknown", Seconds(3));
        CheckIdentity(t, "end");
        NS_TEST_EXPECT_MSG_EQ(t.GetCompleted(), 2u, "two completed");
        NS_TEST_EXPECT_MSG_EQ(t.GetFallback(), 1u, "one fallback");
        NS_TEST_EXPECT_MSG_EQ(t.GetFailed(), 1u, "one failed");
        NS_TEST_EXPECT_MSG_EQ(t.GetInFlight(), 0u, "none in flight");

        NS_TEST_ASSERT_MSG_EQ(m_records.size(), 4u, "one record per issued request");
        NS_TEST_EXPECT_MSG_EQ(m_records[0].requestId, 0u, "resolution order");
        NS_TEST_EXPECT_MSG_EQ(m_records[0].outcome, DnnSurgeryRequestRecord::COMPLETED, "0");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_records[0].GetLatency().GetSeconds(), 0.5, 1e-9, "latency 0");
        NS_TEST_EXPECT_MSG_EQ(m_records[1].requestId, 1u, "then 1");
        NS_TEST_EXPECT_MSG_EQ(m_records[1].outcome, DnnSurgeryRequestRecord::COMPLETED, "1");
        NS_TEST_EXPECT_MSG_EQ(m_records[1].bytesUp, 1000, "bytes up");
        NS_TEST_EXPECT_MSG_EQ(m_records[1].bytesDown, 10, "bytes down");
        NS_TEST_EXPECT_MSG_EQ(m_records[1].resultReceived, Seconds(1.4), "result time");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_records[1].GetLatency().GetSeconds(), 0.3, 1e-9, "latency 1");
        NS_TEST_EXPECT_MSG_EQ(m_records[2].outcome, DnnSurgeryRequestRecord::FALLBACK, "2");
        NS_TEST_EXPECT_MSG_EQ(m_records[2].reason, "timeout", "the reason survives the erase");
        NS_TEST_EXPECT_MSG_EQ(m_records[2].fallbackStart, Seconds(2), "fallback start");
        NS_TEST_EXPECT_MSG_EQ(m_records[3].outcome, DnnSurgeryRequestRecord::FAILED, "3");
        NS_TEST_EXPECT_MSG_EQ(m_records[3].reason, "simulation-end", "reason of 3");

        // Deadlines: met when not failed and latency <= deadline; none without a deadline.
        DnnSurgeryRequestRecord d = m_records[1]; // completed in 0.3 s
        NS_TEST_EXPECT_MSG_EQ(d.MetDeadline(), false, "no deadline, nothing met");
        d.deadline = 0.3;
        NS_TEST_EXPECT_MSG_EQ(d.MetDeadline(), true, "latency 0.3 s meets 0.3 s");
        d.deadline = 0.29;
        NS_TEST_EXPECT_MSG_EQ(d.MetDeadline(), false, "latency 0.3 s misses 0.29 s");
        d.deadline = 10;
        d.outcome = DnnSurgeryRequestRecord::FAILED;
        NS_TEST_EXPECT_MSG_EQ(d.MetDeadline(), false, "a failed request misses its deadline");

        // The timeouts were cancelled when their requests resolved or fell back.
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(m_timeouts, 0u, "no timeout fires after resolution");
        Simulator::Destroy();
    }
};

/// Suite: the request tracker.
class RequestTrackerTestSuite : public TestSuite
{
  public:
    RequestTrackerTestSuite()
        : TestSuite("dnn-surgery-request-tracker", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new RequestTrackerTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
RequestTrackerTestSuite g_requestTrackerTestSuite;

} // namespace
