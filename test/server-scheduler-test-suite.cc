/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of ServerScheduler without a network (suite dnn-surgery-server-scheduler): reserved
 * service at f_i, weighted sharing of F, the equal weights of dads-greedy, per-device FIFO,
 * rejection without a share, share changes during a job, removal.
 */

#include "ns3/core-module.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/offloading-policy.h"
#include "ns3/server-scheduler.h"
#include "ns3/test.h"

#include <map>
#include <vector>

using namespace ns3;

namespace
{

/// One finished job as reported.
struct Finished
{
    uint32_t device;  //!< device
    uint32_t request; //!< request
    bool served;      //!< served (true) or rejected
    double start;     //!< compute start (s)
    double end;       //!< report time (s)
};

/// Reserved, weighted and greedy service.
class ServerSchedulerTestCase : public TestCase
{
  public:
    ServerSchedulerTestCase()
        : TestCase("server scheduler: reserved f_i, weighted sharing, equal weights, FIFO, "
                   "rejection, share changes")
    {
    }

  private:
    ServerScheduler m_s;          //!< under test
    std::vector<Finished> m_done; //!< reports

    /**
     * \brief Finished sink.
     * \param device the device
     * \param job the job
     * \param served served or rejected
     */
    void OnFinished(uint32_t device, const ServerScheduler::Job& job, bool served)
    {
        m_done.push_back({device,
                          job.requestId,
                          served,
                          job.computeStart.GetSeconds(),
                          Simulator::Now().GetSeconds()});
    }

    /**
     * \brief A job of some work, queued at a time.
     * \param at arrival time (s)
     * \param device the device
     * \param request request id
     * \param work FLOP
     */
    void AddAt(double at, uint32_t device, uint32_t request, double work)
    {
        ServerScheduler::Job j;
        j.requestId = request;
        j.work = work;
        j.remaining = work;
        Simulator::Schedule(Seconds(at), &ServerScheduler::AddJob, &m_s, device, j);
    }

    /**
     * \brief Change a share at a time, bracketed by updates.
     * \param device the device
     * \param share the new share
     */
    void ChangeShare(uint32_t device, double share)
    {
        m_s.Update();
        m_s.SetShare(device, share);
        m_s.Update();
    }

    /**
     * \brief Run the setup scheduled and return the reports by request id.
     * \return request id -> report
     */
    std::map<uint32_t, Finished> Run()
    {
        m_done.clear();
        Simulator::Run();
        Simulator::Destroy();
        std::map<uint32_t, Finished> out;
        for (const auto& f : m_done)
        {
            out[f.request] = f;
        }
        m_s.Clear();
        return out;
    }

    /**
     * \brief Configure the scheduler.
     * \param weighted weighted sharing
     * \param policy policy whose weights apply ("" = none)
     */
    void Setup(bool weighted, const std::string& policy)
    {
        m_s.SetFinishedCallback(MakeCallback(&ServerSchedulerTestCase::OnFinished, this));
        m_s.SetCapacity(4e12);
        m_s.SetWeightedSharing(weighted);
        m_s.SetPolicy(policy.empty() ? nullptr : OffloadingPolicy::Create(policy));
        m_s.Start();
    }

    void DoRun() override
    {
        const double tol = 1e-9;
        // Reserved: device 0 at 1e12, device 1 at 3e12, device 2 without a share.
        Setup(false, "");
        m_s.SetShare(0, 1e12);
        m_s.SetShare(1, 3e12);
        AddAt(0, 0, 1, 1e12);   // [0, 1]
        AddAt(0, 0, 2, 0.5e12); // FIFO behind 1: [1, 1.5]
        AddAt(0, 1, 3, 1e12);   // [0, 1/3]
        AddAt(0.2, 2, 4, 1e12); // rejected at once
        auto r = Run();
        NS_TEST_ASSERT_MSG_EQ(r.size(), 4u, "four reports");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[1].end, 1.0, tol, "B / f_i");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[2].start, 1.0, tol, "FIFO: starts when 1 ends");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[2].end, 1.5, tol, "then B / f_i");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[3].end, 1.0 / 3, tol, "reserved, whatever the others do");
        NS_TEST_EXPECT_MSG_EQ(r[4].served, false, "no share: rejected");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[4].end, 0.2, tol, "rejected on arrival");
        NS_TEST_EXPECT_MSG_EQ(r[1].served && r[2].served && r[3].served, true, "served");

        // Weighted sharing: shares 1e12 and 1e12 of F = 4e12: each runs at 2e12 while both
        // have work; once 5 is done, 6 gets all of F.
        Setup(true, "");
        m_s.SetShare(0, 1e12);
        m_s.SetShare(1, 1e12);
        AddAt(0, 0, 5, 1e12); // 2e12 for 0.5 s
        AddAt(0, 1, 6, 3e12); // 1e12 done at 0.5 s, then 2e12 at 4e12: 0.5 + 0.5
        r = Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(r[5].end, 0.5, tol, "F shared by weights f_i");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[6].end, 1.0, tol, "alone, the whole of F");

        // Weighted by f_i: shares 1e12 and 3e12 -> rates 1e12 and 3e12 while both work.
        Setup(true, "");
        m_s.SetShare(0, 1e12);
        m_s.SetShare(1, 3e12);
        AddAt(0, 0, 7, 1e12);
        AddAt(0, 1, 8, 3e12);
        r = Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(r[7].end, 1.0, tol, "weight 1 of 4");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[8].end, 1.0, tol, "weight 3 of 4");

        // dads-greedy: reserved configured, but the policy shares F with equal weights.
        Setup(false, "dads-greedy");
        m_s.SetShare(0, 4e12);
        m_s.SetShare(1, 4e12);
        AddAt(0, 0, 9, 2e12);
        AddAt(0, 1, 10, 2e12);
        r = Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(r[9].end, 1.0, tol, "F / 2 each");
        NS_TEST_EXPECT_MSG_EQ_TOL(r[10].end, 1.0, tol, "F / 2 each");

        // A share change during a job: 2e12 FLOP at 1e12, share doubled at 1 s: done at 1.5 s.
        // A removed device's jobs vanish without a report.
        Setup(false, "");
        m_s.SetShare(0, 1e12);
        m_s.SetShare(3, 1e12);
        AddAt(0, 0, 11, 2e12);
        AddAt(0, 3, 12, 2e12);
        Simulator::Schedule(Seconds(1), &ServerSchedulerTestCase::ChangeShare, this, 0, 2e12);
        Simulator::Schedule(Seconds(1), &ServerScheduler::RemoveDevice, &m_s, 3);
        r = Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(r[11].end, 1.5, tol, "1e12 done, 1e12 left at 2e12");
        NS_TEST_EXPECT_MSG_EQ(r.count(12), 0u, "removed with its device");
        NS_TEST_EXPECT_MSG_EQ(m_s.GetQueueLength(3), 0u, "no queue left");
    }
};

/// Suite: the server scheduler.
class ServerSchedulerTestSuite : public TestSuite
{
  public:
    ServerSchedulerTestSuite()
        : TestSuite("dnn-surgery-server-scheduler", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new ServerSchedulerTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
ServerSchedulerTestSuite g_serverSchedulerTestSuite;

} // namespace
