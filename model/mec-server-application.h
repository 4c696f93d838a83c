/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MEC_SERVER_APPLICATION_H
#define MEC_SERVER_APPLICATION_H

#include "dnn-surgery-planner.h"
#include "game-coordinator.h"
#include "offloading-policy.h"
#include "server-scheduler.h"
#include "surgery-connection.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The MEC server of Decentralized DNN Surgery (formulation sections 5 and 7).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * One allocation epoch of the server: under game coordination one run of the decentralised
 * game (from a trigger to the equilibrium or the round limit); otherwise one recomputation of
 * the allocation by the policy.
 */
struct DnnSurgeryRoundRecord
{
    uint32_t epoch{0};                                      //!< epoch number
    std::string policy;                                     //!< server policy name
    std::string trigger;                                    //!< what started it ("join", ...)
    uint32_t rounds{0};                                     //!< full passes (game), 0 otherwise
    uint32_t messages{0};                                   //!< STATE+DEMAND+GRANT messages
    uint64_t controlBytes{0};                               //!< their bytes (framing included)
    Time start;                                             //!< epoch start
    Time end;                                               //!< epoch end
    bool converged{false};                                  //!< full pass with no change
    bool aborted{false};                                    //!< interrupted by a new trigger
    uint32_t nDevices{0};                                   //!< N
    double aggregate{0};                                    //!< S at the end
    std::vector<std::pair<uint32_t, double>> initialShares; //!< (device, f_i) at the start
    std::vector<std::pair<uint32_t, double>> shares;        //!< (device, f_i) at the end
};

/**
 * \ingroup dnn-surgery
 * The MEC server.
 *
 * Listens on a TCP port; every device connects, probes and joins. The server allocates its
 * capacity F as its OffloadingPolicy (attribute Policy) decides, in one of three ways
 * (OffloadingPolicy::GetCoordination):
 *
 * - game: the decentralised game (formulation section 5). An epoch is a sequence of rounds;
 *   in a round the server asks every joined device in turn (ascending device id) by sending
 *   it STATE (epoch, S, p0, kappa, F, turn); the device answers with its demand (the policy's
 *   ComputeDemand, by default the best response, moving only if that lowers its cost J_i by
 *   more than epsilon) as a DEMAND; the server grants min(demand, F - S_-i) (GRANT) and the
 *   next STATE carries the new aggregate; the final STATE is broadcast to all. A device
 *   silent for TurnTimeout is skipped, and not asked again in the epoch until it is heard
 *   from. The epoch ends when a full round has no move, or after MaxRounds rounds. A join or
 *   a leave restarts it; a re-entry (rate change) makes it run one more round (triggers
 *   within TriggerDelay make one epoch).
 * - envelope: the devices report their envelopes (ENVELOPE messages); at every report, join
 *   and leave the server grants the shares of OffloadingPolicy::Allocate.
 * - static: at every join and leave the server grants the shares of
 *   OffloadingPolicy::Allocate (by default the equal split F / N).
 *
 * Each device's server-side work runs FIFO at that device's share f_i (ComputeMode
 * "reserved"), or, with "gps" (alias "weighted-sharing") or a policy whose SharesCapacity is
 * true, work-conserving generalised processor sharing among the devices with work, weights
 * OffloadingPolicy::GetServiceWeight (f_i by default; recomputed at every arrival and
 * departure): a busy device gets at least F w_i / sum w (f_i when sum f <= F) and no capacity
 * idles while a device has work (ServerScheduler). The server accounts its work, busy time and
 * idle reserved capacity while it runs (GetWorkDone, GetBusyTime, GetIdleReservedIntegral).
 * The result (d_out real bytes) goes back with the server's timestamps.
 */
class MecServerApplication : public Application, private GameCoordinator::Host
{
  public:
    /// How device work is served.
    enum ComputeMode
    {
        COMPUTE_RESERVED = 0,                   //!< each device FIFO at rate f_i
        COMPUTE_GPS = 1,                        //!< GPS among busy devices, weights f_i
        COMPUTE_WEIGHTED_SHARING = COMPUTE_GPS, //!< the former name of COMPUTE_GPS
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MecServerApplication();
    ~MecServerApplication() override;

    /**
     * TracedCallback signature of a finished allocation epoch.
     * \param record the epoch's record
     */
    typedef void (*RoundTracedCallback)(const DnnSurgeryRoundRecord& record);

    /**
     * TracedCallback signature of a grant.
     * \param deviceId the device
     * \param epoch the epoch
     * \param share granted f_i
     * \param aggregate S after the grant
     */
    typedef void (*GrantTracedCallback)(uint32_t deviceId,
                                        uint32_t epoch,
                                        double share,
                                        double aggregate);

    /**
     * TracedCallback signature of a membership change.
     * \param deviceId the device
     * \param joined true on join / re-join, false on leave
     * \param nDevices N after the change
     * \param reason "join", "leave", "timeout", "closed", ...
     */
    typedef void (*MembershipTracedCallback)(uint32_t deviceId,
                                             bool joined,
                                             uint32_t nDevices,
                                             const std::string& reason);

    /**
     * TracedCallback signature of a finished server job.
     * \param deviceId the device
     * \param requestId the request
     * \param work FLOP
     * \param start compute start
     * \param end compute end
     */
    typedef void (*JobTracedCallback)(uint32_t deviceId,
                                      uint32_t requestId,
                                      double work,
                                      Time start,
                                      Time end);

    /**
     * \brief Current share of a device.
     * \param deviceId the device
     * \return f_i, 0 if not joined
     */
    double GetShare(uint32_t deviceId) const override;
    /**
     * \brief Number of joined devices.
     * \return N
     */
    uint32_t GetNDevices() const;
    /**
     * \brief Number of allocation epochs started.
     * \return the epoch counter
     */
    uint32_t GetEpoch() const;
    /**
     * \brief Whether a game epoch is running or an allocation is scheduled.
     * \return true while negotiating
     */
    bool IsNegotiating() const;
    /**
     * \brief Server work done while the application runs, up to now (jobs in service
     * included; ServerScheduler::GetWorkDone).
     * \return FLOP
     */
    double GetWorkDone() const;
    /**
     * \brief Integral over the running time of the idle reserved capacity,
     * max(0, min(sum f_i, F) - the rates served), up to now.
     * \return FLOP (FLOP/s x s)
     */
    double GetIdleReservedIntegral() const;
    /**
     * \brief Running time during which some job was in service, up to now.
     * \return seconds
     */
    double GetBusyTime() const;
    /**
     * \brief Time the server's compute has been running (start to stop), up to now.
     * \return seconds
     */
    double GetRunningTime() const;
    /**
     * \brief The capacity.
     * \return F (FLOP/s)
     */
    double GetCapacity() const;

  protected:
    /// Release the sockets, events and traces (inherited from Object).
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A connection (before and after JOIN).
    struct Connection
    {
        SurgeryConnection conn; //!< socket and framing
        uint32_t deviceId{0};   //!< device id from the framing header
        bool known{false};      //!< deviceId is set
    };

    /// A joined device.
    struct Peer
    {
        Ptr<Socket> socket;                //!< its current connection
        double share{0};                   //!< f_i
        double lambda{1};                  //!< lambda_i (reported)
        bool hasEnvelope{false};           //!< envelope received (envelope coordination)
        DnnSurgeryEnvelopeReport envelope; //!< reported envelope
        Time lastHeard;                    //!< last message
        Time missedTurn{-1};               //!< when it last missed a turn
    };

    /**
     * \brief A connection request.
     * \param socket listening socket
     * \param from peer address
     * \return true to accept
     */
    bool HandleConnectionRequest(Ptr<Socket> socket, const Address& from);
    /**
     * \brief A connection was accepted.
     * \param socket new socket
     * \param from peer address
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /**
     * \brief A framed message is handed to a connection: fire the Tx trace.
     * \param packet the message
     */
    void MessageSent(Ptr<const Packet> packet);
    /**
     * \brief Data arrived.
     * \param socket the socket
     */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Send space freed.
     * \param socket the socket
     * \param available bytes
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /**
     * \brief Connection closed or failed.
     * \param socket the socket
     */
    void HandleClose(Ptr<Socket> socket);
    /**
     * \brief Handle one message.
     * \param socket where it came from
     * \param m the message
     */
    void HandleMessage(Ptr<Socket> socket, SurgeryMessage& m);
    /**
     * \brief Send a message on a connection.
     * \param socket the connection
     * \param type message type
     * \param deviceId device id
     * \param header message header
     * \param payload payload bytes
     * \return bytes queued (framing included)
     */
    uint32_t Send(Ptr<Socket> socket,
                  uint8_t type,
                  uint32_t deviceId,
                  const Header& header,
                  uint32_t payload);
    /**
     * \brief Forget a connection.
     * \param socket the socket
     */
    void DropConnection(Ptr<Socket> socket);
    /**
     * \brief Remove a device from the game.
     * \param id the device
     * \param reason why
     */
    void RemovePeer(uint32_t id, const std::string& reason);
    /// Check devices not heard from for DeviceTimeout.
    void CheckTimeouts();

    // Allocation.
    /**
     * \brief Something changed: reallocate after TriggerDelay. A membership change aborts
     * a running game epoch (the turn order changes); a re-entry only makes it run one more
     * round.
     * \param reason what
     * \param membership a device joined or left
     */
    void Trigger(const std::string& reason, bool membership);
    /// Recompute the allocation according to the policy.
    void Reallocate();
    /**
     * \brief Set a device's share and tell it.
     * \param id device
     * \param share f_i
     * \param trimmed the demand was trimmed
     */
    void Grant(uint32_t id, double share, bool trimmed) override;
    /// S = sum f_i.
    double Aggregate() const;
    /// Start a game epoch (the GameCoordinator runs it).
    void StartEpoch();
    /**
     * \brief Broadcast the state.
     * \param turn device asked, or NO_TURN
     * \param final end of epoch
     */
    void BroadcastState(uint32_t turn, bool final);
    /**
     * \brief Handle a demand.
     * \param id device
     * \param h the demand
     */
    void HandleDemand(uint32_t id, const SurgeryDemandHeader& h);

    // GameCoordinator::Host: what the game coordinator needs from the server.
    std::vector<uint32_t> GetPlayers() const override;
    bool CanTakeTurn(uint32_t id) const override;
    void MissedTurn(uint32_t id) override;
    double GetAggregate() const override;
    void SendState(uint32_t turn, bool final) override;
    void EpochEnded(bool converged, bool aborted, uint32_t rounds) override;
    /**
     * \brief Shares as (device, f_i) pairs.
     * \return the list
     */
    std::vector<std::pair<uint32_t, double>> Shares() const;

    // Compute.
    /**
     * \brief A tensor arrived: queue its job.
     * \param id device
     * \param h the tensor header
     */
    void HandleTensor(uint32_t id, const SurgeryTensorHeader& h);
    /**
     * \brief The scheduler finished or rejected a job.
     * \param id device
     * \param job the job
     * \param served true if served, false if rejected (no share)
     */
    void JobFinished(uint32_t id, const ServerScheduler::Job& job, bool served);
    /**
     * \brief Send a job's result.
     * \param id device
     * \param job the job
     * \param status OK or REJECTED
     */
    void SendResult(uint32_t id, const ServerScheduler::Job& job, uint8_t status);

    // Attributes.
    uint16_t m_port;                //!< listening port
    Ptr<OffloadingPolicy> m_policy; //!< end-to-end policy (server side)
    double m_capacity;              //!< F
    double m_p0;                    //!< p0
    double m_kappa;                 //!< kappa
    double m_epsilon;               //!< epsilon
    uint32_t m_maxRounds;           //!< round limit
    ComputeMode m_computeMode;      //!< reserved / GPS
    Time m_triggerDelay;            //!< trigger batching delay
    Time m_deviceTimeout;           //!< silence that removes a device
    Time m_turnTimeout;             //!< time a device has to answer its turn
    uint32_t m_segmentSize;         //!< TCP MSS
    uint32_t m_tcpBuffer;           //!< TCP buffers

    // State.
    Ptr<Socket> m_listen;                      //!< listening socket
    std::map<Ptr<Socket>, Connection> m_conns; //!< open connections
    std::map<uint32_t, Peer> m_peers;          //!< joined devices
    EventId m_triggerEvent;                    //!< pending reallocation
    std::string m_triggerReason;               //!< why
    EventId m_timeoutEvent;                    //!< timeout check
    uint32_t m_epoch{0};                       //!< epoch counter
    GameCoordinator m_game;                    //!< turns and rounds of the game
    DnnSurgeryRoundRecord m_record;            //!< record being built
    ServerScheduler m_scheduler;               //!< the service of the devices' work

    // Traces.
    TracedCallback<const DnnSurgeryRoundRecord&> m_roundTrace;       //!< epoch finished
    TracedCallback<uint32_t, uint32_t, double, double> m_grantTrace; //!< share granted
    TracedCallback<uint32_t, bool, uint32_t, const std::string&> m_membershipTrace; //!< N
    TracedCallback<uint32_t, uint32_t, double, Time, Time> m_jobTrace;              //!< job done
    TracedCallback<Ptr<const Packet>> m_txTrace; //!< message sent
    TracedCallback<Ptr<const Packet>> m_rxTrace; //!< message received
};

} // namespace ns3

#endif /* MEC_SERVER_APPLICATION_H */
