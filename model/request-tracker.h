/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef REQUEST_TRACKER_H
#define REQUEST_TRACKER_H

#include "dnn-surgery-planner.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * A device's requests from issue to resolution, and their accounting.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Everything known about one inference request when it is resolved. Times are simulator
 * times; a stage that did not happen is Time(-1) ... i.e. negative.
 */
struct DnnSurgeryRequestRecord
{
    /// How a request ended (requests issued = completed + fallback + failed).
    enum Outcome
    {
        COMPLETED = 0,  //!< ran as planned (local plans included)
        FALLBACK = 1,   //!< planned to offload, ran locally after link loss / timeout / reject
        FAILED = 2,     //!< no result (e.g. rejected without a fallback, no share)
        UNFINISHED = 3, //!< still pending when the simulation ended (not a failure)
    };

    uint32_t deviceId{0};        //!< device i
    uint32_t requestId{0};       //!< request id within the device
    std::string policy;          //!< policy name
    Outcome outcome{FAILED};     //!< outcome
    std::string reason;          //!< why FALLBACK/FAILED ("timeout", "link-down", ...), else ""
    Time issued{-1};             //!< arrival of the request
    Time deviceStart{-1};        //!< device processor started its layers
    Time deviceEnd{-1};          //!< device processor finished its layers
    Time sent{-1};               //!< tensor handed to the socket
    Time serverReceived{-1};     //!< whole tensor at the server (echoed)
    Time computeStart{-1};       //!< server started the work (echoed)
    Time computeEnd{-1};         //!< server finished the work (echoed)
    Time serverSent{-1};         //!< result handed to the server's socket (echoed)
    Time resultReceived{-1};     //!< whole result at the device
    Time fallbackStart{-1};      //!< local fallback started
    Time finished{-1};           //!< request resolved
    double bytesUp{0};           //!< tensor payload bytes sent
    double bytesDown{0};         //!< result payload bytes received
    double serverWork{0};        //!< B_P (FLOP)
    double share{0};             //!< f_i the placement was chosen for
    double predictedLatency{0};  //!< T predicted from the device's estimates
    uint32_t epoch{0};           //!< game epoch the share came from
    uint32_t server{0};          //!< the server the device used (ServerId)
    uint32_t cell{0xffffffffu};  //!< serving cell at issue (0xffffffff: none)
    bool crossedHandover{false}; //!< a handover was in progress at issue or started before the end
    uint32_t handoverMark{0};    //!< the device's handover count at issue (internal)
    double deadline{0};          //!< relative deadline (s) the request is judged on, 0 = none
    DnnSurgeryPlan plan;         //!< the placement executed (before any fallback)

    /**
     * \brief End-to-end latency.
     * \return finished - issued
     */
    Time GetLatency() const
    {
        return finished - issued;
    }

    /**
     * \brief Whether the request met its deadline: it has one, it did not fail, and its
     * latency is at most the deadline.
     * \return true if met
     */
    bool MetDeadline() const
    {
        return deadline > 0 && outcome != FAILED && outcome != UNFINISHED &&
               GetLatency().GetSeconds() <= deadline;
    }

    /**
     * \brief Name of an outcome.
     * \param o the outcome
     * \return "completed", "fallback" or "failed"
     */
    static const char* OutcomeName(Outcome o);
};

/**
 * \ingroup dnn-surgery
 * The life cycle of a device's requests and their accounting.
 *
 * A request is issued (Issue), may have its tensor sent (MarkSent: it then awaits its result
 * until MarkResultReceived, a fallback or its resolution), may fall back (StartFallback: the
 * rest runs on the device), and is resolved exactly once (Resolve) as completed, fallback or
 * failed; the record then goes to the resolved callback (the application's Request trace)
 * and the request is forgotten. At every moment
 *
 *   issued = completed + fallback + failed + in flight
 *
 * where in flight is the number of requests not yet resolved. The tracker knows no Simulator:
 * the caller passes the time of every step, so it can be driven without a network.
 */
class RequestTracker
{
  public:
    /// State of one unresolved request.
    struct Request
    {
        DnnSurgeryRequestRecord record; //!< record filled as it goes
        bool fallingBack{false};        //!< running the local fallback
        EventId timeout;                //!< result timeout (cancelled when it resolves)
    };

    RequestTracker();

    /**
     * \brief Where resolved records go (the Request trace).
     * \param cb the callback
     */
    void SetResolvedCallback(Callback<void, const DnnSurgeryRequestRecord&> cb);

    /**
     * \brief Issue a request with the next id.
     * \param deviceId device i
     * \param policy policy name recorded
     * \param now issue time
     * \param epoch game epoch of the share the plan was made for
     * \param plan the placement it will execute
     * \return the new request (valid until it is resolved)
     */
    Request& Issue(uint32_t deviceId,
                   const std::string& policy,
                   Time now,
                   uint32_t epoch,
                   const DnnSurgeryPlan& plan);

    /**
     * \brief An unresolved request.
     * \param id request id
     * \return the request, or nullptr if unknown or resolved
     */
    Request* Find(uint32_t id);

    /**
     * \brief The tensor is handed to the socket: the request awaits its result.
     * \param id request id
     * \param now send time
     * \param bytesUp tensor payload bytes
     */
    void MarkSent(uint32_t id, Time now, double bytesUp);

    /**
     * \brief The result timeout of a request (cancelled when it falls back or resolves).
     * \param id request id
     * \param timeout the timeout event
     */
    void SetTimeout(uint32_t id, EventId timeout);

    /**
     * \brief Whether a request's tensor was sent and its result is awaited (not falling back).
     * \param id request id
     * \return true if it awaits its result
     */
    bool IsAwaitingResult(uint32_t id) const;

    /**
     * \brief The result arrived: the request completes.
     * \param id request id (must await its result)
     * \param now arrival time
     * \param bytesDown result payload bytes
     */
    void CompleteWithResult(uint32_t id, Time now, double bytesDown);

    /**
     * \brief The request falls back: what was planned for the server runs on the device.
     * \param id request id
     * \param reason why ("timeout", "link-down", ...)
     * \param now fallback start
     * \param[out] seconds device time still needed (all-local time minus what ran)
     * \return false if the request is unknown, resolved, or already falling back
     */
    bool StartFallback(uint32_t id, const std::string& reason, Time now, double& seconds);

    /**
     * \brief Resolve a request and report it.
     * \param id request id (ignored if unknown)
     * \param outcome its outcome
     * \param reason why (fallback / failure), taken by value: callers may pass a field of the
     *        request, which is erased here
     * \param now resolution time
     */
    void Resolve(uint32_t id,
                 DnnSurgeryRequestRecord::Outcome outcome,
                 std::string reason,
                 Time now);

    /**
     * \brief Ids of the unresolved requests.
     * \return ascending ids
     */
    std::vector<uint32_t> GetUnresolved() const;

    /**
     * \brief Ids of the requests awaiting their result.
     * \return ascending ids
     */
    std::vector<uint32_t> GetAwaitingResult() const;

    /**
     * \brief Number of tensors sent whose result is awaited.
     * \return the count
     */
    uint32_t GetUploadsInFlight() const;

    /**
     * \brief Number of requests issued so far (also the next request id).
     * \return the count
     */
    uint64_t GetIssued() const;
    /**
     * \brief Completed requests.
     * \return the count
     */
    uint64_t GetCompleted() const;
    /**
     * \brief Requests that fell back.
     * \return the count
     */
    uint64_t GetFallback() const;
    /**
     * \brief Failed requests.
     * \return the count
     */
    uint64_t GetFailed() const;
    /**
     * \brief Requests left unresolved at the end of the simulation (outcome UNFINISHED).
     * \return the count
     */
    uint64_t GetUnfinished() const;
    /**
     * \brief Unresolved requests.
     * \return the count
     */
    uint64_t GetInFlight() const;

  private:
    std::map<uint32_t, Request> m_requests;                    //!< unresolved requests
    uint32_t m_nextId{0};                                      //!< next request id
    uint32_t m_uploadsInFlight{0};                             //!< tensors sent, result pending
    uint64_t m_issued{0};                                      //!< requests issued
    uint64_t m_completed{0};                                   //!< completed
    uint64_t m_fallback{0};                                    //!< fell back
    uint64_t m_failed{0};                                      //!< failed
    uint64_t m_unfinished{0};                                  //!< left at the end
    Callback<void, const DnnSurgeryRequestRecord&> m_resolved; //!< resolved sink
};

} // namespace ns3

#endif /* REQUEST_TRACKER_H */
