/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DEVICE_PROCESSOR_H
#define DEVICE_PROCESSOR_H

#include "ns3/callback.h"
#include "ns3/event-id.h"

#include <cstdint>
#include <deque>

/**
 * \file
 * \ingroup dnn-surgery
 * The mobile device's processor: one FIFO queue of compute jobs.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The device's processor: jobs (the device-side layers of a request, or the rest of a request
 * that falls back) run one at a time in arrival order, each for its service time t^dev.
 *
 * Before a job starts, the start callback may refuse it (its request was resolved meanwhile):
 * it is dropped and the next one starts. When a job finishes, the processor is idle while the
 * done callback runs; jobs the callback enqueues wait behind those already queued, and the
 * next job starts once the callback returns.
 */
class DeviceProcessor
{
  public:
    /// A job.
    struct Job
    {
        uint32_t requestId{0}; //!< request
        double seconds{0};     //!< service time (s)
        bool fallback{false};  //!< it is a fallback run
    };

    DeviceProcessor();
    ~DeviceProcessor();

    /**
     * \brief Called when a job is about to start.
     * \param cb returns false to drop the job (e.g. its request is gone)
     */
    void SetStartCallback(Callback<bool, const Job&> cb);
    /**
     * \brief Called when a job finishes.
     * \param cb the callback
     */
    void SetDoneCallback(Callback<void, const Job&> cb);

    /**
     * \brief Queue a job (it starts now if the processor is idle).
     * \param job the job
     */
    void Enqueue(const Job& job);

    /// Drop the queue and the job in service (its done callback is not called).
    void Clear();

    /**
     * \brief Whether a job is in service.
     * \return true if busy
     */
    bool IsBusy() const;

    /**
     * \brief Jobs waiting (not counting the one in service).
     * \return the queue length
     */
    std::size_t GetQueueLength() const;

  private:
    /// Start the next job that the start callback accepts.
    void StartNext();
    /// The job in service finished.
    void Done();

    std::deque<Job> m_queue;            //!< waiting jobs
    bool m_busy{false};                 //!< a job is in service
    bool m_inDone{false};               //!< the done callback is running
    Job m_current;                      //!< job in service
    EventId m_event;                    //!< its completion
    Callback<bool, const Job&> m_start; //!< start callback
    Callback<void, const Job&> m_done;  //!< done callback
};

} // namespace ns3

#endif /* DEVICE_PROCESSOR_H */
