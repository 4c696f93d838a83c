/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MOBILE_DEVICE_APPLICATION_H
#define MOBILE_DEVICE_APPLICATION_H

#include "access-link-monitor.h"
#include "allocation-game.h"
#include "device-processor.h"
#include "dnn-surgery-planner.h"
#include "offloading-policy.h"
#include "rate-estimator.h"
#include "request-rate-meter.h"
#include "request-tracker.h"
#include "surgery-connection.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <memory>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * The mobile device of Decentralized DNN Surgery (formulation section 7).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * A mobile device running DDS.
 *
 * Requests arrive periodically (FrameRate) or as a Poisson process. The device-side layers of
 * each request run on the device's processor, one FIFO queue; the cut tensors then go to the
 * server as real bytes on a TCP connection, and the device waits for the result. The policy
 * attribute selects how the placement and the share are chosen (formulation section 6).
 *
 * At start the device connects to the server, measures RTT_i with a small echo and r_i, r'_i
 * with a probe of ProbeBytes each way, and only then sends JOIN. It keeps estimating r_i, r'_i
 * from its tensor and result transfers (RateEstimator) and RTT_i from keep-alive echoes sent
 * every ProbeInterval while the uplink is idle. The rate probe is repeated (up to ProbeRounds)
 * until two rounds agree within ProbeTolerance, and only the last round counts, so that the
 * first estimate is not TCP slow start. When r_i or r'_i moves by more than
 * RateChangeThreshold from the values its envelope was computed with, it recomputes the
 * envelope and its plan, and re-enters the game only if its best response then moves (lowers
 * J_i by more than epsilon).
 *
 * Faults: a request whose result does not arrive within RequestTimeout, or that is in flight
 * when the link is lost, falls back to local execution (the layers planned for the server run
 * on the device). While the link is down (Wi-Fi de-association reported by NotifyLinkDown,
 * or an unanswered keep-alive), new requests that would offload run locally as fallbacks, and
 * the device reconnects and re-joins when the link is back.
 */
class MobileDeviceApplication : public Application
{
  public:
    /// Request arrival process.
    enum Arrival
    {
        ARRIVAL_PERIODIC = 0, //!< one request every 1/FrameRate
        ARRIVAL_POISSON = 1,  //!< exponential inter-arrival times of mean 1/FrameRate
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MobileDeviceApplication();
    ~MobileDeviceApplication() override;

    /**
     * TracedCallback signature of a resolved request.
     * \param record the request's record
     */
    typedef void (*RequestTracedCallback)(const DnnSurgeryRequestRecord& record);

    /**
     * TracedCallback signature of a change of the rate estimate.
     * \param deviceId the device
     * \param uplinkBps r_i (bit/s)
     * \param downlinkBps r'_i (bit/s)
     * \param rtt RTT_i (s)
     * \param reentered true if the change re-entered the game (envelope recomputed)
     */
    typedef void (*RateTracedCallback)(uint32_t deviceId,
                                       double uplinkBps,
                                       double downlinkBps,
                                       double rtt,
                                       bool reentered);

    /**
     * TracedCallback signature of a share change.
     * \param deviceId the device
     * \param epoch the game epoch
     * \param oldShare previous f_i
     * \param newShare new f_i
     */
    typedef void (*ShareTracedCallback)(uint32_t deviceId,
                                        uint32_t epoch,
                                        double oldShare,
                                        double newShare);

    /**
     * TracedCallback signature of a new envelope.
     * \param deviceId the device
     * \param envelope the envelope and lambda_i
     */
    typedef void (*EnvelopeTracedCallback)(uint32_t deviceId,
                                           const DnnSurgeryEnvelopeReport& envelope);

    /**
     * TracedCallback signature of a link state change.
     * \param deviceId the device
     * \param up true when the device is connected and joined, false when it lost the link
     * \param reason what happened ("joined", "link-down", "probe-timeout", ...)
     */
    typedef void (*LinkTracedCallback)(uint32_t deviceId, bool up, const std::string& reason);

    /**
     * \brief Set the server to connect to.
     * \param address server IPv4 address
     * \param port server TCP port
     */
    void SetServer(Ipv4Address address, uint16_t port);

    /**
     * \brief Listen to the access network through a monitor (link up and down, serving cell,
     * handovers). Replaces NotifyLinkUp/NotifyLinkDown.
     * \param monitor the device's access link monitor
     */
    void SetAccessLinkMonitor(Ptr<AccessLinkMonitor> monitor);

    /**
     * \brief TracedCallback signature for a handover.
     * \param record the handover as the application saw it
     */
    typedef void (*HandoverTracedCallback)(const DnnSurgeryHandoverRecord& record);

    /**
     * \brief The Wi-Fi link is up (association); connect the trace "Assoc" here.
     * \param ap the AP's address
     */
    void NotifyLinkUp(Mac48Address ap);
    /**
     * \brief The Wi-Fi link is down (de-association); connect the trace "DeAssoc" here.
     * \param ap the AP's address
     */
    void NotifyLinkDown(Mac48Address ap);

    /**
     * \brief Assign a fixed random variable stream.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Counts of requests so far.
     * \param[out] issued requests issued
     * \param[out] completed requests completed
     * \param[out] fallback requests that fell back
     * \param[out] failed requests without a result: failed, or left unfinished at the end
     * \param[out] inFlight requests not yet resolved
     */
    void GetCounts(uint64_t& issued,
                   uint64_t& completed,
                   uint64_t& fallback,
                   uint64_t& failed,
                   uint64_t& inFlight) const;

    /**
     * \brief Counts of requests so far, requests left at the end apart from real failures.
     * issued = completed + fallback + failed + unfinished + inFlight.
     * \param[out] issued requests issued
     * \param[out] completed requests completed
     * \param[out] fallback requests that fell back
     * \param[out] failed requests that failed (no result)
     * \param[out] unfinished requests still pending when the application stopped
     * \param[out] inFlight requests not yet resolved
     */
    void GetCounts(uint64_t& issued,
                   uint64_t& completed,
                   uint64_t& fallback,
                   uint64_t& failed,
                   uint64_t& unfinished,
                   uint64_t& inFlight) const;

    /**
     * \brief Current share f_i.
     * \return the share granted (FLOP/s)
     */
    double GetShare() const;

    /**
     * \brief The device's player of the game as it stands: its current envelope, lambda_i and,
     * under a policy that UsesRequestRate, the load-aware cost with the measured mu_i and
     * C_max = RequestTimeout (the paper's cost otherwise).
     * \param player receives the player
     * \return false (player unchanged) if the policy is not a game policy or the device has no
     *         envelope yet
     */
    bool GetGamePlayer(GamePlayer& player) const;

    /**
     * \brief The request rate mu_i the device measured from its own arrivals.
     * \return requests/s; 0 before the fifth request (RequestRateMeter needs 4 gaps)
     */
    double GetMeasuredRequestRate() const;

    /**
     * \brief The rate estimator.
     * \return r_i, r'_i and RTT_i as measured
     */
    const RateEstimator& GetRateEstimator() const;

    /**
     * \brief Rate probe rounds the last join needed (warm-up, see ProbeRounds).
     * \return the number of rounds, 0 before the first join
     */
    uint32_t GetJoinProbeRounds() const;

    /// What happens, at a migration, to the requests awaiting a result at the old server.
    enum MigrationInFlight
    {
        MIGRATION_COMPLETE, //!< they complete there: the old connection stays until their
                            //!< results (or timeouts), then LEAVE closes it
        MIGRATION_FALLBACK, //!< they fall back at once (reason "migration")
    };

    /**
     * \brief The server of each cell (per-cell servers): after a handover into a cell whose
     * server is another one, the device migrates: it leaves the old server's game and joins
     * the new one's (a new connection, probe and JOIN: a new epoch on both servers).
     * \param servers cell -> (server address, server id); empty: one server (no migration)
     */
    void SetCellServers(const std::map<uint32_t, std::pair<Ipv4Address, uint32_t>>& servers);

    /**
     * \brief Migrations to another cell's server so far.
     * \return the count
     */
    uint32_t GetMigrationCount() const;

    /**
     * \brief The server the device uses now (ServerId).
     * \return its id
     */
    uint32_t GetServerId() const;

    /**
     * \brief TCP connections the device opened (1 for a device that never lost its
     * connection; a Wi-Fi roaming or LTE handover keeps it).
     * \return connections opened since the start
     */
    uint32_t GetConnectionCount() const;

    /**
     * \brief Handovers the device saw start (AccessLinkMonitor).
     * \return the count
     */
    uint32_t GetHandoverCount() const;

    /**
     * \brief The serving cell (LTE cell id, Wi-Fi AP index).
     * \return the cell, AccessLinkMonitor::NO_CELL if none
     */
    uint32_t GetServingCell() const;

    /**
     * \brief How often a recomputed envelope re-entered the game, and how often it did not
     * (the best response would not lower J_i by more than epsilon).
     * \param[out] reentered re-entries (JOIN with the re-entry flag)
     * \param[out] kept envelope recomputations that kept the share
     */
    void GetReentryCounts(uint64_t& reentered, uint64_t& kept) const;

    /**
     * \brief Resolve every pending request as failed ("simulation-end"). Called from
     * StopApplication and DoDispose; safe to call more than once.
     */
    void ResolvePending();

    /**
     * \brief The deadline requests are judged on.
     * \return 1 / FrameRate if FrameDeadline, else Deadline (s); 0 = none
     */
    double GetDeadline() const;

  protected:
    /// Release the sockets, events and traces (inherited from Object).
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // Connection.
    /// Open a TCP connection to the server.
    void Connect();
    /**
     * \brief Connected.
     * \param socket the socket
     */
    void ConnectionSucceeded(Ptr<Socket> socket);
    /**
     * \brief Connection failed.
     * \param socket the socket
     */
    void ConnectionFailed(Ptr<Socket> socket);
    /**
     * \brief Peer closed or error.
     * \param socket the socket
     */
    void SocketClosed(Ptr<Socket> socket);
    /**
     * \brief Data arrived.
     * \param socket the socket
     */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Send buffer space freed.
     * \param socket the socket
     * \param available bytes available
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /**
     * \brief The access link is up.
     * \param cell the serving cell
     */
    void OnLinkUp(uint32_t cell);
    /**
     * \brief The access link is down (address or connection lost).
     * \param cell the cell that served the device
     */
    void OnLinkDown(uint32_t cell);
    /**
     * \brief A handover starts; the connection is kept.
     * \param source the serving cell
     * \param target the target cell (AccessLinkMonitor::NO_CELL if not known)
     */
    void OnHandoverStart(uint32_t source, uint32_t target);
    /**
     * \brief A handover ends.
     * \param cell the serving cell now
     * \param ok whether it succeeded
     */
    void OnHandoverEnd(uint32_t cell, bool ok);
    /**
     * \brief Fire the Handover trace for the open handover record and close it.
     */
    void EmitHandover();
    /**
     * \brief Migrate to the server of a cell if it is another one (SetCellServers).
     * \param cell the serving cell now
     * \return true if the device migrates
     */
    bool MaybeMigrate(uint32_t cell);
    /**
     * \brief Why an offloading plan cannot reach a server now (the fallback reason).
     * \return "link-down", "migration" (between a migration and the new join) or
     * "not-connected"
     */
    const char* NoServerReason() const;
    /**
     * \brief Data on the old server's connection (a migration with MIGRATION_COMPLETE):
     * results of the requests still awaited there.
     */
    void HandleOldRead();
    /**
     * \brief Send LEAVE to the old server and close its connection, once no request awaits a
     * result there (or unconditionally).
     * \param force leave even if requests still await results there
     */
    void LeaveOldServer(bool force);
    /**
     * \brief Lose the connection: fall back in-flight requests and plan a reconnection.
     * \param reason why
     */
    void ConnectionLost(const std::string& reason);
    /**
     * \brief A framed message is handed to the connection: fire the Tx trace.
     * \param packet the message
     */
    void MessageSent(Ptr<const Packet> packet);
    /**
     * \brief Send one framed message.
     * \param type the type
     * \param header the message header
     * \param payload payload bytes
     */
    void SendMessage(uint8_t type, const Header& header, uint32_t payload);

    // Probing and estimation.
    /**
     * \brief Send a probe.
     * \param replyBytes bytes the echo must carry
     * \param payload bytes this probe carries
     */
    void SendProbe(uint32_t replyBytes, uint32_t payload);
    /**
     * \brief Handle a probe echo.
     * \param h the echo
     * \param payload its payload bytes
     */
    void HandleProbeEcho(const SurgeryProbeHeader& h, uint32_t payload);
    /// Periodic keep-alive / RTT echo.
    void KeepAlive();
    /**
     * \brief Check the estimate against the envelope's reference rates; re-enter if needed.
     * \param force recompute even below the threshold
     */
    void CheckRates(bool force);
    /**
     * \brief Whether the policy's answer to a turn (ComputeDemand: the best response), with the
     * current envelope against the others' last known shares, moves; counts the decision.
     * \return true if the device should re-enter the game
     */
    bool BestResponseMoves();
    /**
     * \brief What the device knows for a turn in the game (lambda_i, the game parameters as
     * broadcast, the measured request rate and the request timeout).
     * \param currentShare f_i
     * \param othersSum S_-i
     * \return the context passed to OffloadingPolicy::ComputeDemand
     */
    DnnSurgeryDemandContext MakeDemandContext(double currentShare, double othersSum) const;

    // Game.
    /**
     * \brief Handle a state broadcast.
     * \param h the state
     */
    void HandleState(const SurgeryStateHeader& h);
    /**
     * \brief Handle a grant.
     * \param h the grant
     */
    void HandleGrant(const SurgeryGrantHeader& h);
    /**
     * \brief Apply a new share.
     * \param share f_i
     * \param epoch epoch
     */
    void SetShare(double share, uint32_t epoch);
    /// Send JOIN (and ENVELOPE under envelope coordination).
    void SendJoin();
    /// Send the envelope (envelope coordination).
    void SendEnvelope();
    /// Recompute the plan used for new requests.
    void UpdatePlan();
    /// Under a policy that UsesRequestRate: re-enter the game when the measured mu_i moved by
    /// more than RequestRateChangeThreshold since the device last entered it.
    void CheckRequestRate();

    // Requests.
    /// Issue a request and schedule the next.
    void IssueRequest();
    /**
     * \brief A device processor job is about to start.
     * \param job the job
     * \return false if its request is gone (the job is dropped)
     */
    bool CpuStart(const DeviceProcessor::Job& job);
    /**
     * \brief A device processor job finished.
     * \param job the job
     */
    void CpuDone(const DeviceProcessor::Job& job);
    /**
     * \brief Send a request's tensor.
     * \param id request id
     */
    void SendTensor(uint32_t id);
    /**
     * \brief Handle a result.
     * \param h the result
     * \param payload its payload bytes
     */
    void HandleResult(const SurgeryResultHeader& h, uint32_t payload);
    /**
     * \brief A result did not arrive in time.
     * \param id request id
     */
    void RequestTimedOut(uint32_t id);
    /**
     * \brief Run the rest of a request locally.
     * \param id request id
     * \param reason why
     */
    void Fallback(uint32_t id, const std::string& reason);
    /**
     * \brief The tracker resolved a request: fire the Request trace.
     * \param record the record
     */
    void RequestResolved(const DnnSurgeryRequestRecord& record);
    /**
     * \brief Resolve a request (RequestTracker::Resolve at the current time).
     * \param id request id
     * \param outcome its outcome
     * \param reason why (fallback / failure), by value: callers pass fields of the request
     */
    void Resolve(uint32_t id, DnnSurgeryRequestRecord::Outcome outcome, std::string reason);

    // Attributes.
    uint32_t m_deviceId;            //!< device id i
    Ipv4Address m_serverAddress;    //!< server address
    uint16_t m_port;                //!< server port
    Ptr<OffloadingPolicy> m_policy; //!< end-to-end policy (device side)
    std::string m_model;            //!< model name or path
    std::string m_deviceProfile;    //!< device ComputeProfile
    std::string m_serverProfile;    //!< server ComputeProfile
    double m_lambda;                //!< lambda_i
    Arrival m_arrival;              //!< arrival process
    double m_frameRate;             //!< requests per second
    Time m_requestStart;            //!< first request time (after application start)
    uint32_t m_maxRequests;         //!< stop issuing after this many (0 = no limit)
    Time m_requestTimeout;          //!< result timeout
    Time m_deadline;                //!< per-request deadline (0 = none)
    bool m_frameDeadline;           //!< the deadline is one frame period, 1 / FrameRate
    double m_rateThreshold;         //!< relative change that re-enters the game
    double m_ewmaAlpha;             //!< EWMA weight
    uint32_t m_probeBytes;          //!< rate probe size (one round)
    uint32_t m_probeRounds;         //!< largest number of probe rounds at join
    double m_probeTolerance;        //!< agreement of two rounds that ends the warm-up
    uint32_t m_aggregateBytes;      //!< bytes of small transfers per aggregated sample
    Time m_probeInterval;           //!< keep-alive period
    Time m_reconnectInterval;       //!< delay before reconnecting
    uint32_t m_segmentSize;         //!< TCP MSS
    uint32_t m_tcpBuffer;           //!< TCP send/receive buffer
    uint32_t m_serverId;            //!< index of the server used, recorded per request

    // State.
    std::unique_ptr<DnnSurgeryPlanner> m_planner; //!< algorithms
    RateEstimator m_rates;                        //!< r_i, r'_i, RTT_i
    double m_refUp{0};                            //!< r_i of the current envelope
    double m_refDown{0};                          //!< r'_i of the current envelope
    SurgeryConnection m_conn;                     //!< TCP connection and framing
    bool m_linkUp{true};                          //!< Wi-Fi associated (or no Wi-Fi)
    bool m_connected{false};                      //!< TCP connected
    bool m_joined{false};                         //!< JOIN sent after probing
    bool m_running{false};                        //!< between start and stop
    uint32_t m_probeSeq{0};                       //!< next probe sequence number
    uint32_t m_pingSeq{0};                        //!< outstanding keep-alive (0 = none)
    Time m_pingSent;                              //!< when it was sent
    bool m_rateProbePending{false};               //!< waiting for the rate probe echo
    Time m_rateProbeSent;                         //!< when the rate probe was sent
    uint32_t m_probeRound{0};                     //!< rate probe rounds on this connection
    uint32_t m_joinProbeRounds{0};                //!< rounds the last join needed
    uint32_t m_connections{0};                    //!< TCP connections opened
    std::map<uint32_t, std::pair<Ipv4Address, uint32_t>> m_cellServers; //!< per-cell servers
    MigrationInFlight m_migrationInFlight;         //!< at a migration, requests in flight
    SurgeryConnection m_oldConn;                   //!< the old server's connection, until
                                                   //!< its results are in
    std::vector<uint32_t> m_oldAwaiting;           //!< requests awaiting a result there
    EventId m_leaveOld;                            //!< leaves the old server at the latest
    bool m_migrating{false};                       //!< between migration and the new join
    uint32_t m_migrations{0};                      //!< migrations so far
    double m_othersSum{0};                         //!< S_-i as last broadcast
    uint64_t m_reentries{0};                       //!< estimate changes that re-entered
    uint64_t m_reentriesSkipped{0};                //!< estimate changes that kept the share
    DnnSurgeryGameParams m_game;                   //!< last game parameters received
    bool m_haveGame{false};                        //!< m_game is known
    uint32_t m_nDevices{0};                        //!< N as broadcast
    double m_share{0};                             //!< f_i
    uint32_t m_epoch{0};                           //!< epoch of the share
    DnnSurgeryPlan m_plan;                         //!< plan for new requests
    bool m_havePlan{false};                        //!< m_plan is valid
    EventId m_nextRequest;                         //!< next arrival
    EventId m_keepAlive;                           //!< keep-alive timer
    EventId m_reconnect;                           //!< reconnection timer
    DeviceProcessor m_cpu;                         //!< device processor (FIFO)
    RequestTracker m_tracker;                      //!< requests and their accounting
    Ptr<ExponentialRandomVariable> m_interArrival; //!< Poisson arrivals

    // Access network (AccessLinkMonitor).
    Ptr<AccessLinkMonitor> m_monitor;    //!< the access network, if set
    uint32_t m_cell{0xffffffffu};        //!< serving cell
    bool m_inHandover{false};            //!< between handover start and end
    uint32_t m_handovers{0};             //!< handovers started
    DnnSurgeryHandoverRecord m_handover; //!< the open handover record
    bool m_handoverOpen{false};          //!< m_handover waits for its end or first receive

    // Measured request rate (load-aware game, formulation section 8).
    Time m_requestRateTau;          //!< time constant of the request-rate EWMA
    double m_requestRateThreshold;  //!< relative change of mu_i that re-enters the game
    RequestRateMeter m_requestRate; //!< mu_i, measured from the device's own arrivals
    double m_gameRequestRate{0};    //!< mu_i the device last entered the game with

    // Traces.
    TracedCallback<const DnnSurgeryRequestRecord&> m_requestTrace;             //!< request resolved
    TracedCallback<const DnnSurgeryHandoverRecord&> m_handoverTrace;           //!< handover
    TracedCallback<uint32_t, double, double, double, bool> m_rateTrace;        //!< estimate changed
    TracedCallback<uint32_t, uint32_t, double, double> m_shareTrace;           //!< share changed
    TracedCallback<uint32_t, const DnnSurgeryEnvelopeReport&> m_envelopeTrace; //!< envelope
    TracedCallback<uint32_t, bool, const std::string&> m_linkTrace;            //!< link state
    TracedCallback<Ptr<const Packet>> m_txTrace;                               //!< message sent
    TracedCallback<Ptr<const Packet>> m_rxTrace;                               //!< message received
};

} // namespace ns3

#endif /* MOBILE_DEVICE_APPLICATION_H */
