/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * Packet-level queueing validation (suite dnn-surgery-queue): one device with Poisson requests,
 * policy full-offload (all the work on the server, deterministic service B / f with f = F) on
 * an ideal point-to-point link. The mean end-to-end latency of several runs (RngRun 1..k) is
 * compared with the M/D/1 prediction: the Pollaczek-Khinchine sojourn time of the server stage,
 * s + mu s^2 / (2 (1 - mu s)) with s = B / F, plus the deterministic device part, transfers and
 * RTT (and the M/D/1 waiting of the upload stage, which is tiny on a fast link); the prediction
 * must lie inside the 95% confidence interval (Student t over the run means), at server
 * utilisation rho = mu B / F of 0.5 and 0.8.
 */

#include "ns3/compute-profile.h"
#include "ns3/core-module.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-helper.h"
#include "ns3/dnn-surgery-planner.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/min-cut-partitioner.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \brief Two-sided 95% quantile of Student's t.
 * \param df degrees of freedom (1 or more)
 * \return t_{0.975, df}
 */
double
StudentT95(uint32_t df)
{
    static const double table[] = {12.706, 4.303, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
                                   2.228,  2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110,
                                   2.101,  2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
                                   2.056,  2.052, 2.048, 2.045, 2.042, 2.042};
    return df <= 30 ? table[df - 1] : 1.96;
}

/// The requests of one run.
struct RequestSink
{
    std::vector<DnnSurgeryRequestRecord> requests; //!< resolved requests

    /**
     * \brief Request sink.
     * \param r the record
     */
    void OnRequest(const DnnSurgeryRequestRecord& r)
    {
        requests.push_back(r);
    }
};

/// M/D/1 at the server, end to end at packet level.
class Md1TestCase : public TestCase
{
  public:
    /**
     * \brief Constructor.
     * \param rho server utilisation mu B / F
     */
    Md1TestCase(double rho)
        : TestCase("M-D-1: mean latency of full-offload with Poisson requests equals "
                   "Pollaczek-Khinchine within the 95% CI, rho = " +
                   std::to_string(rho).substr(0, 3)),
          m_rho(rho)
    {
    }

  private:
    /// Per-run means of the stages.
    struct RunMeans
    {
        double latency{0}; //!< end to end
        double device{0};  //!< issued -> tensor handed to the socket
        double up{0};      //!< sent -> whole tensor at the server
        double server{0};  //!< tensor at the server -> computed (waiting + service)
        double down{0};    //!< computed -> result at the device
        uint32_t n{0};     //!< requests counted
    };

    /**
     * \brief One run.
     * \param run RngRun
     * \param capacity F
     * \return the means over the requests issued in the window
     */
    RunMeans RunOnce(uint32_t run, double capacity)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(run);
        DnnSurgeryTopologyHelper topo;
        DnnSurgeryTopology t =
            topo.BuildPointToPoint(1,
                                   std::to_string(static_cast<uint64_t>(m_linkBps)) + "bps",
                                   m_delay);
        DnnSurgeryHelper h;
        h.SetPolicy("full-offload");
        h.SetServerAttribute("Capacity", DoubleValue(capacity));
        h.SetServerAttribute("ComputeMode", StringValue("reserved"));
        h.SetDeviceAttribute("Model", StringValue(m_model));
        h.SetDeviceAttribute("DeviceProfile", StringValue("rpi4"));
        h.SetDeviceAttribute("ServerProfile", StringValue("edge-gpu"));
        h.SetDeviceAttribute("Arrival", StringValue("poisson"));
        h.SetDeviceAttribute("FrameRate", DoubleValue(m_mu));
        h.SetDeviceAttribute("RequestStart", TimeValue(Seconds(1))); // after the join
        h.SetDeviceAttribute("RequestTimeout", TimeValue(Seconds(10)));
        ApplicationContainer apps = h.Install(t);
        // fixed stream indices: a run's randomness does not depend on the cases run before
        topo.AssignStreams(1);
        h.AssignStreams(t.devices, 1000);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(m_duration));
        RequestSink sink;
        h.TraceRequests(MakeCallback(&RequestSink::OnRequest, &sink));
        Simulator::Stop(Seconds(m_duration + 0.1));
        Simulator::Run();
        Simulator::Destroy();

        RunMeans m;
        for (const auto& r : sink.requests)
        {
            double issued = r.issued.GetSeconds();
            if (issued < m_warmup || issued > m_duration - m_tail)
            {
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ(r.outcome, DnnSurgeryRequestRecord::COMPLETED, "completed");
            NS_TEST_EXPECT_MSG_EQ(r.plan.offloads, true, "offloaded");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.share, capacity, 1e-6 * capacity, "f = F");
            m.latency += r.GetLatency().GetSeconds();
            m.device += (r.sent - r.issued).GetSeconds();
            m.up += (r.serverReceived - r.sent).GetSeconds();
            m.server += (r.computeEnd - r.serverReceived).GetSeconds();
            m.down += (r.finished - r.computeEnd).GetSeconds();
            ++m.n;
        }
        NS_TEST_EXPECT_MSG_GT(m.n, 0u, "requests in the window");
        m.n = std::max(m.n, 1u);
        m.latency /= m.n;
        m.device /= m.n;
        m.up /= m.n;
        m.server /= m.n;
        m.down /= m.n;
        return m;
    }

    void DoRun() override
    {
        // B of the full offload and the deterministic stages, evaluated independently with the
        // link's payload goodput (as the fidelity suite does).
        DnnSurgeryPlanner planner(m_model, "rpi4", "edge-gpu");
        const double goodput = m_linkBps * 1448 / (1448 + 20 + 12 + 20 + 2);
        const double rtt = 2 * m_delay.GetSeconds();
        planner.Update(goodput, goodput, rtt, 1e12);
        DnnSurgeryPlan plan = planner.Choose("full-offload", 1e12);
        NS_TEST_ASSERT_MSG_EQ(plan.offloads, true, "full-offload offloads");
        const double work = plan.serverWork;
        const double capacity = m_mu * work / m_rho;
        const double s = work / capacity; // = rho / mu

        DnnGraph g = DnnGraphReader::ReadFile(DnnGraphReader::FindModel(m_model));
        MinCutPartitioner part(g,
                               ComputeProfile::Get("rpi4"),
                               ComputeProfile::Get("edge-gpu"),
                               LinkRates{goodput, goodput, rtt});
        Placement p;
        p.onServer = plan.onServer;
        PartitionCost cost = part.Evaluate(p);
        NS_TEST_ASSERT_MSG_EQ_TOL(cost.serverWork, work, 1e-9 * work, "same B");
        // the upload stage is an M/D/1 queue of its own (service d / r)
        const double u = cost.uploadTime;
        const double upWait = m_mu * u * u / (2 * (1 - m_mu * u));
        const double serverSojourn = s + m_mu * s * s / (2 * (1 - m_rho));
        const double predicted = cost.A() + upWait + serverSojourn;

        std::vector<RunMeans> runs;
        for (uint32_t run = 1; run <= m_runs; ++run)
        {
            runs.push_back(RunOnce(run, capacity));
        }
        auto meanOf = [&runs](double RunMeans::*field) {
            double sum = 0;
            for (const auto& r : runs)
            {
                sum += r.*field;
            }
            return sum / runs.size();
        };
        double mean = meanOf(&RunMeans::latency);
        double var = 0;
        uint32_t total = 0;
        for (const auto& r : runs)
        {
            var += (r.latency - mean) * (r.latency - mean);
            total += r.n;
        }
        var /= (runs.size() - 1);
        double half = StudentT95(runs.size() - 1) * std::sqrt(var / runs.size());
        std::ostringstream info;
        info << "rho " << m_rho << ", mu " << m_mu << "/s, s = B/F " << s * 1e3 << " ms, " << m_runs
             << " runs x " << m_duration << " s, " << total << " requests: predicted "
             << predicted * 1e3 << " ms (A " << cost.A() * 1e3 << " ms, upload wait "
             << upWait * 1e3 << " ms, server sojourn " << serverSojourn * 1e3
             << " ms), simulated mean " << mean * 1e3 << " ms +- " << half * 1e3
             << " ms (95% CI); stages: device " << meanOf(&RunMeans::device) * 1e3 << " ms, up "
             << meanOf(&RunMeans::up) * 1e3 << " ms (d/r + delay "
             << (u + m_delay.GetSeconds()) * 1e3 << "), server " << meanOf(&RunMeans::server) * 1e3
             << " ms (PK " << serverSojourn * 1e3 << "), down " << meanOf(&RunMeans::down) * 1e3
             << " ms";
        std::cout << "  M/D/1 " << info.str() << std::endl;
        NS_TEST_EXPECT_MSG_GT(half, 0.0, "the runs differ");
        NS_TEST_EXPECT_MSG_EQ_TOL(mean, predicted, half, info.str());
    }

    double m_rho;                                 //!< mu B / F
    double m_mu{20};                              //!< requests/s
    double m_linkBps{1e9};                        //!< link rate
    Time m_delay{MicroSeconds(500)};              //!< one-way delay
    std::string m_model{"task_sensor_analytics"}; //!< 16 KiB in, 0.4 GFLOP, 256 B out
    uint32_t m_runs{10};                          //!< RngRun 1..m_runs
    double m_duration{50};                        //!< simulated seconds per run
    double m_warmup{5};                           //!< requests issued before are not counted
    double m_tail{2};                             //!< nor those issued this close to the end
};

/// Suite: queueing validation.
class QueueTestSuite : public TestSuite
{
  public:
    QueueTestSuite()
        : TestSuite("dnn-surgery-queue", dnnsurgerycompat::SYSTEM)
    {
        AddTestCase(new Md1TestCase(0.5), dnnsurgerycompat::QUICK);
        AddTestCase(new Md1TestCase(0.8), dnnsurgerycompat::QUICK);
    }
};

/// The suite instance.
QueueTestSuite g_queueTestSuite;

} // namespace
