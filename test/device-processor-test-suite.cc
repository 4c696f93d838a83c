/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Tests of DeviceProcessor without a network (suite dnn-surgery-device-processor): FIFO
 * service, one job at a time, refused jobs dropped, jobs enqueued by a completion wait their
 * turn, Clear.
 */

#include "ns3/core-module.h"
#include "ns3/device-processor.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/test.h"

#include <set>
#include <vector>

using namespace ns3;

namespace
{

/// FIFO service of the device processor.
class DeviceProcessorTestCase : public TestCase
{
  public:
    DeviceProcessorTestCase()
        : TestCase("device processor: FIFO, one job at a time, refused jobs dropped")
    {
    }

  private:
    DeviceProcessor m_cpu;            //!< under test
    std::vector<uint32_t> m_started;  //!< request ids in start order
    std::vector<double> m_startTimes; //!< their start times (s)
    std::vector<uint32_t> m_done;     //!< request ids in completion order
    std::vector<double> m_doneTimes;  //!< their completion times (s)
    std::set<uint32_t> m_refused;     //!< ids the start callback refuses
    int m_active{0};                  //!< jobs in service
    int m_maxActive{0};               //!< most jobs in service at once
    bool m_enqueueOnDone{true};       //!< the first completion enqueues a job

    /**
     * \brief Start callback.
     * \param job the job
     * \return false for refused ids
     */
    bool OnStart(const DeviceProcessor::Job& job)
    {
        if (m_refused.count(job.requestId))
        {
            return false;
        }
        m_started.push_back(job.requestId);
        m_startTimes.push_back(Simulator::Now().GetSeconds());
        m_maxActive = std::max(m_maxActive, ++m_active);
        return true;
    }

    /**
     * \brief Done callback; the first completion queues a fallback job (id 100).
     * \param job the job
     */
    void OnDone(const DeviceProcessor::Job& job)
    {
        --m_active;
        m_done.push_back(job.requestId);
        m_doneTimes.push_back(Simulator::Now().GetSeconds());
        NS_TEST_EXPECT_MSG_EQ(m_cpu.IsBusy(), false, "idle while the done callback runs");
        if (m_enqueueOnDone)
        {
            m_enqueueOnDone = false;
            m_cpu.Enqueue({100, 0.25, true});
            NS_TEST_EXPECT_MSG_EQ(m_cpu.IsBusy(), false, "it does not start inside the callback");
        }
    }

    void DoRun() override
    {
        m_cpu.SetStartCallback(MakeCallback(&DeviceProcessorTestCase::OnStart, this));
        m_cpu.SetDoneCallback(MakeCallback(&DeviceProcessorTestCase::OnDone, this));
        m_refused.insert(2);
        m_cpu.Enqueue({1, 1.0, false});
        NS_TEST_EXPECT_MSG_EQ(m_cpu.IsBusy(), true, "an idle processor starts at once");
        m_cpu.Enqueue({2, 5.0, false}); // refused when its turn comes
        m_cpu.Enqueue({3, 2.0, false});
        m_cpu.Enqueue({4, 0.5, false});
        NS_TEST_EXPECT_MSG_EQ(m_cpu.GetQueueLength(), 3u, "three waiting");
        Simulator::Run();

        // 1 [0,1]; 2 refused; 3 [1,3]; 4 [3,3.5]; the fallback 100 queued at 1 s runs last.
        const std::vector<uint32_t> order = {1, 3, 4, 100};
        const std::vector<double> starts = {0, 1, 3, 3.5};
        const std::vector<double> ends = {1, 3, 3.5, 3.75};
        NS_TEST_ASSERT_MSG_EQ(m_started.size(), order.size(), "four jobs started");
        NS_TEST_ASSERT_MSG_EQ(m_done.size(), order.size(), "four jobs done");
        for (std::size_t k = 0; k < order.size(); ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(m_started[k], order[k], "start order " << k);
            NS_TEST_EXPECT_MSG_EQ(m_done[k], order[k], "completion order " << k);
            NS_TEST_EXPECT_MSG_EQ_TOL(m_startTimes[k], starts[k], 1e-9, "start " << k);
            NS_TEST_EXPECT_MSG_EQ_TOL(m_doneTimes[k], ends[k], 1e-9, "end " << k);
        }
        NS_TEST_EXPECT_MSG_EQ(m_maxActive, 1, "never two jobs at once");
        NS_TEST_EXPECT_MSG_EQ(m_cpu.IsBusy(), false, "idle at the end");

        // Clear drops the job in service and the queue: no completion is reported.
        m_cpu.Enqueue({5, 1.0, false});
        m_cpu.Enqueue({6, 1.0, false});
        m_cpu.Clear();
        NS_TEST_EXPECT_MSG_EQ(m_cpu.IsBusy(), false, "idle after Clear");
        NS_TEST_EXPECT_MSG_EQ(m_cpu.GetQueueLength(), 0u, "empty after Clear");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(m_done.size(), order.size(), "nothing completes after Clear");
        Simulator::Destroy();
    }
};

/// Suite: the device processor.
class DeviceProcessorTestSuite : public TestSuite
{
  public:
    DeviceProcessorTestSuite()
        : TestSuite("dnn-surgery-device-processor", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new DeviceProcessorTestCase, dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
DeviceProcessorTestSuite g_deviceProcessorTestSuite;

} // namespace
