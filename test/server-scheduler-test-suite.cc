/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of ServerScheduler without a network (suite dnn-surgery-server-scheduler): reserved
 * service at f_i, weighted sharing of F, the equal weights of dads-greedy, per-device FIFO,
 * rejection without a share, share changes during a job, removal; GPS in closed form (a lone
 * busy device gets F, two busy devices share F by weight, the guarantee f_i among many, weight
 * 0); the accounting of work, busy time and idle reserved capacity under GPS and reserved.
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

/// The scheduler's accounting, sampled at one time.
struct Sample
{
    double work{0};         //!< GetWorkDone (FLOP)
    double idleReserved{0}; //!< GetIdleReservedIntegral (FLOP)
    double busy{0};         //!< GetBusyTime (s)
    double time{0};         //!< GetAccountedTime (s)
};

/// GPS in closed form, and the accounting of both modes.
class GpsAccountingTestCase : public TestCase
{
  public:
    GpsAccountingTestCase()
        : TestCase("server scheduler: GPS (lone device gets F, weights, guarantee f_i, weight "
                   "0), accounting of work, busy time and idle reserved capacity")
    {
    }

  private:
    ServerScheduler m_s;                           //!< under test
    std::map<uint32_t, Finished> m_end;            //!< reports by request
    std::map<double, Sample> m_samples;            //!< accounting by time
    std::map<double, std::vector<double>> m_rates; //!< rates of devices 0..n-1 by time

    /**
     * \brief Finished sink.
     * \param device the device
     * \param job the job
     * \param served served or rejected
     */
    void OnFinished(uint32_t device, const ServerScheduler::Job& job, bool served)
    {
        m_end[job.requestId] = {device,
                                job.requestId,
                                served,
                                job.computeStart.GetSeconds(),
                                Simulator::Now().GetSeconds()};
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
     * \brief Record the accounting now.
     * \param at the key (the time it was scheduled for, s)
     */
    void TakeSample(double at)
    {
        m_samples[at] = {m_s.GetWorkDone(),
                         m_s.GetIdleReservedIntegral(),
                         m_s.GetBusyTime(),
                         m_s.GetAccountedTime()};
    }

    /**
     * \brief Record the rates of devices 0..n-1 now.
     * \param at the key (the time it was scheduled for, s)
     * \param n devices
     */
    void TakeRates(double at, uint32_t n)
    {
        std::vector<double> r;
        for (uint32_t i = 0; i < n; ++i)
        {
            r.push_back(m_s.GetRate(i));
        }
        m_rates[at] = r;
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
     * \brief Configure the scheduler at F = 4e12 and start it at time 0.
     * \param gps GPS (else reserved)
     * \param shares f_i of devices 0, 1, ...
     */
    void Setup(bool gps, const std::vector<double>& shares)
    {
        m_end.clear();
        m_samples.clear();
        m_rates.clear();
        m_s.SetFinishedCallback(MakeCallback(&GpsAccountingTestCase::OnFinished, this));
        m_s.SetCapacity(4e12);
        m_s.SetWeightedSharing(gps);
        m_s.SetPolicy(nullptr);
        for (uint32_t i = 0; i < shares.size(); ++i)
        {
            m_s.SetShare(i, shares[i]);
        }
        m_s.Start();
    }

    /**
     * \brief Sample the accounting at a time.
     * \param at time (s)
     */
    void SampleAt(double at)
    {
        Simulator::Schedule(Seconds(at), &GpsAccountingTestCase::TakeSample, this, at);
    }

    /**
     * \brief Record the rates of devices 0..n-1 at a time.
     * \param at time (s)
     * \param n devices
     */
    void RatesAt(double at, uint32_t n)
    {
        Simulator::Schedule(Seconds(at), &GpsAccountingTestCase::TakeRates, this, at, n);
    }

    /// Run what is scheduled, then forget the scheduler's state.
    void Run()
    {
        Simulator::Run();
        Simulator::Destroy();
        m_s.Clear();
    }

    void DoRun() override
    {
        const double F = 4e12;
        const double tol = 1e-9;
        const double flopTol = 1e-9 * F;

        // (a) GPS, a lone busy device gets all of F: W / F, although its share is F / 4.
        Setup(true, {1e12, 1e12});
        AddAt(0, 0, 1, 2e12);
        RatesAt(0.1, 2);
        SampleAt(1);
        Run();
        NS_TEST_ASSERT_MSG_EQ(m_end.count(1), 1u, "served");
        NS_TEST_EXPECT_MSG_EQ(m_end[1].served, true, "served");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[1].end, 2e12 / F, tol, "alone: W / F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.1][0], F, 1e-6, "rate F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.1][1], 0.0, 1e-6, "idle device: no rate");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[1].work, 2e12, flopTol, "work = W");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[1].busy, 0.5, tol, "busy for W / F");
        // idle reserved: 0 while busy (GPS uses the idle share), sum f = 2e12 afterwards
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[1].idleReserved, 2e12 * 0.5, flopTol, "idle rsv.");

        // (b) GPS, two busy devices with shares 0.5e12 and 1.5e12 (sum F / 2): rates 1e12 and
        // 3e12 (weights 1 : 3, all of F). Job 1 (1e12) ends at 1; job 2 (6e12) has 3e12 left
        // and runs at F from then: ends at 1.75.
        Setup(true, {0.5e12, 1.5e12});
        AddAt(0, 0, 1, 1e12);
        AddAt(0, 1, 2, 6e12);
        RatesAt(0.5, 2);
        RatesAt(1.5, 2);
        // Then job 3 (device 1, 4e12) at 2 runs alone at F: 3e12 left at 2.25, when job 4
        // (device 0, 0.5e12) arrives: rates 1e12 and 3e12 again; job 4 ends at 2.75, job 3 has
        // 1.5e12 left and runs at F: ends at 3.125.
        AddAt(2, 1, 3, 4e12);
        AddAt(2.25, 0, 4, 0.5e12);
        SampleAt(4);
        Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.5][0], 1e12, 1e-3, "F w_0 / (w_0 + w_1)");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.5][1], 3e12, 1e-3, "F w_1 / (w_0 + w_1)");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[1.5][1], F, 1e-3, "alone again: F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[1].end, 1.0, tol, "1e12 at 1e12");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[2].end, 1.75, tol, "3e12 at 3e12, 3e12 at F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[4].end, 2.75, tol, "0.5e12 at 1e12");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[3].end, 3.125, tol, "1e12 at F, 1.5e12 at 3e12, F");
        // (c) no capacity idles while any device has work: work = the jobs' work, done at F
        // during the busy time [0, 1.75] and [2, 3.125].
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].work, 11.5e12, flopTol, "sum of the works");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].busy, 2.875, tol, "busy time");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].work, F * m_samples[4].busy, flopTol, "at F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].time, 4.0, tol, "accounted from Start");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].idleReserved,
                                  2e12 * (4 - 2.875),
                                  flopTol,
                                  "idle reserved only while nothing is served");

        // (d) the guarantee: device 0 (f = 1e12) among six busy devices of 0.5e12 (sum f = F)
        // gets exactly f_0; with two of them idle, more.
        Setup(true, {1e12, 0.5e12, 0.5e12, 0.5e12, 0.5e12, 0.5e12, 0.5e12});
        AddAt(0, 0, 1, 1e12);
        for (uint32_t i = 1; i <= 6; ++i)
        {
            AddAt(0, i, 10 + i, i <= 4 ? 10e12 : 0.25e12);
        }
        RatesAt(0.1, 7);
        RatesAt(0.75, 7);
        Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.1][0], 1e12, 1e-3, "all busy: exactly f_0");
        for (uint32_t i = 1; i <= 6; ++i)
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(m_rates[0.1][i], 0.5e12 - 1e-3, "at least f_i");
        }
        // devices 5 and 6 finish at 0.5 (0.25e12 at 0.5e12): device 0 then gets 4e12 x 1 / 3
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.75][0], F / 3, 1e-3, "idle shares shared");
        NS_TEST_EXPECT_MSG_GT(m_rates[0.75][0], 1e12, "more than f_0");
        // 0.5e12 done by 0.5, the other 0.5e12 at F / 3: ends at 0.875, before W / f_0 = 1
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[1].end, 0.875, tol, "no later than reserved");

        // (e) weight 0 under GPS: a job reaching the head without a share is rejected (no
        // grant); a device whose share drops to 0 mid-job gets nothing while a device of
        // positive weight has work, and F once it is alone (work conservation).
        Setup(true, {1e12, 1e12, 0});
        AddAt(0, 0, 1, 2e12);
        AddAt(0, 1, 2, 4e12);
        AddAt(0.1, 2, 3, 1e12);
        Simulator::Schedule(Seconds(0.5), &GpsAccountingTestCase::ChangeShare, this, 1, 0.0);
        RatesAt(0.6, 2);
        SampleAt(2);
        Run();
        NS_TEST_EXPECT_MSG_EQ(m_end[3].served, false, "no share: rejected");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[3].end, 0.1, tol, "at once");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.6][0], F, 1e-3, "the positive weight gets F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_rates[0.6][1], 0.0, 1e-3, "weight 0 gets nothing");
        // 1e12 each by 0.5; device 0's last 1e12 at F: 0.75; device 1's 3e12 at F: 1.5
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[1].end, 0.75, tol, "alone with a weight-0 device");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[2].end, 1.5, tol, "weight 0, alone: F");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[2].work, 6e12, flopTol, "rejected work not done");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[2].busy, 1.5, tol, "busy without a gap");

        // Reserved accounting: F = 4e12, shares 1e12 and 2e12 (reserved 3e12). Jobs: device
        // 0 1e12 at 0 -> [0, 1]; device 1 2e12 at 0.5 -> [0.5, 1.5]; device 0 0.5e12 at 2 ->
        // [2, 2.5]. Idle reserved = 3e12 - the rates served: 2e12 x 0.5 + 0 + 1e12 x 0.5 +
        // 3e12 x 0.5 + 2e12 x 0.5 + 3e12 x 0.5 = 5.5e12 by 3; Stop at 3 freezes it.
        Setup(false, {1e12, 2e12});
        AddAt(0, 0, 1, 1e12);
        AddAt(0.5, 1, 2, 2e12);
        AddAt(2, 0, 3, 0.5e12);
        SampleAt(1.25);
        SampleAt(3);
        Simulator::Schedule(Seconds(3), &ServerScheduler::Stop, &m_s);
        SampleAt(4);
        Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[1].end, 1.0, tol, "B / f_0");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[2].end, 1.5, tol, "B / f_1");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_end[3].end, 2.5, tol, "B / f_0");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[1.25].work, 1e12 + 1.5e12, flopTol, "mid-job work");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[1.25].idleReserved,
                                  1e12 + 1e12 * 0.25,
                                  flopTol,
                                  "mid-job idle reserved");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[3].work, 3.5e12, flopTol, "sum of the works");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[3].busy, 2.0, tol, "busy [0, 1.5] and [2, 2.5]");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[3].idleReserved, 5.5e12, flopTol, "closed form");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[3].time, 3.0, tol, "accounted time");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].idleReserved, 5.5e12, flopTol, "frozen by Stop");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[4].time, 3.0, tol, "frozen by Stop");

        // Reserved with sum f > F (4e12): the reserved capacity is capped at F.
        Setup(false, {3e12, 3e12});
        AddAt(0, 0, 1, 3e12);
        SampleAt(2);
        Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(m_samples[2].idleReserved,
                                  1e12 * 1 + 4e12 * 1,
                                  flopTol,
                                  "min(sum f, F) - rate");
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
        AddTestCase(new GpsAccountingTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
ServerSchedulerTestSuite g_serverSchedulerTestSuite;

} // namespace
