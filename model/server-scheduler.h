/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SERVER_SCHEDULER_H
#define SERVER_SCHEDULER_H

#include "offloading-policy.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <deque>
#include <map>

/**
 * \file
 * \ingroup dnn-surgery
 * How the MEC server serves the devices' work at their shares.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The server's compute: one FIFO queue of jobs per device, served at the device's share.
 *
 * Reserved service: the head job of device i runs at rate f_i (its share), whatever the
 * others do; an idle share stays idle. GPS (SetWeightedSharing, or a policy whose
 * SharesCapacity is true): work-conserving generalised processor sharing of the whole
 * capacity F among the devices that have work, with the policy's weights w_i
 * (GetServiceWeight, f_i by default), recomputed at every arrival and departure: a busy
 * device runs at F w_i / (sum of the busy devices' weights), so with w = f and sum f <= F it
 * gets at least f_i, and no capacity idles while any device has work. A busy device of weight
 * 0 gets nothing while a device of positive weight has work; when only weight-0 devices have
 * work they share F equally (the limit of GPS as their weights go to 0).
 *
 * A job that reaches the head of a device's queue while the device has no share (f_i <= 0) is
 * rejected in both modes: a device without a share was granted nothing. Finished and rejected
 * jobs go to the finished callback.
 *
 * Accounting (between Start and Stop): the work done, the busy time (some job in service at a
 * positive rate) and the integral over time of the idle reserved capacity,
 * max(0, min(sum_i f_i, F) - sum_i rate_i): the reserved capacity not serving work (under
 * reserved service with sum f <= F, the sum of the shares of the devices without work; under
 * GPS, min(sum f, F) while no device has work and 0 otherwise).
 *
 * The caller brackets every change of a share with Update() calls (so that the work done so
 * far is accounted at the old rates); AddJob and RemoveDevice do it themselves.
 */
class ServerScheduler
{
  public:
    /// One request's server-side work.
    struct Job
    {
        uint32_t requestId{0};   //!< request
        double work{0};          //!< B_P (FLOP)
        double remaining{0};     //!< FLOP left
        uint32_t resultBytes{0}; //!< d_out
        Time deviceSend;         //!< when the device sent the tensor (echoed)
        Time serverRecv;         //!< tensor fully received
        Time computeStart{-1};   //!< service started
    };

    ServerScheduler();
    ~ServerScheduler();

    /**
     * \brief Where finished jobs go.
     * \param cb (device, job, true if served / false if rejected)
     */
    void SetFinishedCallback(Callback<void, uint32_t, const Job&, bool> cb);
    /**
     * \brief The capacity shared under GPS (and the cap of the reserved capacity).
     * \param capacity F (FLOP/s)
     */
    void SetCapacity(double capacity);
    /**
     * \brief Serve by GPS (work-conserving weighted sharing) instead of reserved shares.
     * \param weighted true for GPS
     */
    void SetWeightedSharing(bool weighted);
    /**
     * \brief The policy whose SharesCapacity and GetServiceWeight apply (null: reserved or
     * GPS weighted by f_i as SetWeightedSharing says).
     * \param policy the policy
     */
    void SetPolicy(Ptr<OffloadingPolicy> policy);

    /// Start (or resume) accounting work from now.
    void Start();
    /// Account up to now, stop accounting and cancel the next completion (the queues stay).
    void Stop();
    /// Forget every device and job, and reset the accounting.
    void Clear();

    /**
     * \brief Set a device's share (call Update before and after).
     * \param deviceId the device
     * \param share f_i
     */
    void SetShare(uint32_t deviceId, double share);
    /**
     * \brief Queue a job of a device (its tensor arrived); updates before and after.
     * \param deviceId the device
     * \param job the job (remaining = work, computeStart negative)
     */
    void AddJob(uint32_t deviceId, const Job& job);
    /**
     * \brief Drop a device's jobs without serving or reporting them (its connection was
     * replaced).
     * \param deviceId the device
     */
    void ClearJobs(uint32_t deviceId);
    /**
     * \brief Remove a device and its jobs; updates before.
     * \param deviceId the device
     */
    void RemoveDevice(uint32_t deviceId);

    /// Advance every head job to now, finish or reject heads, recompute the rates, schedule
    /// the next completion.
    void Update();

    /**
     * \brief Jobs queued for a device (the one in service included).
     * \param deviceId the device
     * \return the count
     */
    std::size_t GetQueueLength(uint32_t deviceId) const;
    /**
     * \brief The current service rate of a device's head job.
     * \param deviceId the device
     * \return FLOP/s (0 if idle)
     */
    double GetRate(uint32_t deviceId) const;

    /**
     * \brief Work done while accounting, up to now (jobs in service included).
     * \return FLOP
     */
    double GetWorkDone() const;
    /**
     * \brief Integral over the accounted time of the idle reserved capacity,
     * max(0, min(sum f_i, F) - sum of the service rates), up to now.
     * \return FLOP (FLOP/s x s)
     */
    double GetIdleReservedIntegral() const;
    /**
     * \brief Accounted time during which some job was in service at a positive rate, up to
     * now.
     * \return seconds
     */
    double GetBusyTime() const;
    /**
     * \brief Time accounted (between Start and Stop), up to now.
     * \return seconds
     */
    double GetAccountedTime() const;

  private:
    /// Accounting totals.
    struct Usage
    {
        double work{0};         //!< FLOP done
        double idleReserved{0}; //!< integral of the idle reserved capacity (FLOP)
        double busy{0};         //!< busy time (s)
        double time{0};         //!< accounted time (s)
    };

    /**
     * \brief What the current rates add to the accounting over an interval.
     * \param dt the interval (s)
     * \return the increments
     */
    Usage Increment(double dt) const;

    /// One device's queue.
    struct Queue
    {
        double share{0};      //!< f_i
        double rate{0};       //!< current service rate of the head job
        std::deque<Job> jobs; //!< FIFO
    };

    /**
     * \brief Service weight of a share.
     * \param share f_i
     * \return the policy's weight
     */
    double Weight(double share) const;

    std::map<uint32_t, Queue> m_queues;                    //!< by device id
    double m_capacity{0};                                  //!< F
    bool m_weighted{false};                                //!< weighted sharing configured
    Ptr<OffloadingPolicy> m_policy;                        //!< weights
    EventId m_event;                                       //!< next completion
    Time m_last;                                           //!< last advance
    Callback<void, uint32_t, const Job&, bool> m_finished; //!< finished sink
    bool m_accounting{false};                              //!< between Start and Stop
    Usage m_usage;                                         //!< totals up to m_last
};

} // namespace ns3

#endif /* SERVER_SCHEDULER_H */
