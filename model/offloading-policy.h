/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OFFLOADING_POLICY_H
#define OFFLOADING_POLICY_H

#include "dnn-surgery-planner.h"

#include "ns3/object-factory.h"
#include "ns3/object.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The end-to-end offloading policy (formulation section 6): an ns3::Object chosen by TypeId or
 * by its short name, with a device-side part (placement, demand) and a server-side part
 * (shares, service).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * What a device knows when it chooses the placement for its next requests.
 */
struct DnnSurgeryDeviceContext
{
    uint32_t deviceId{0};      //!< device i
    double share{0};           //!< f_i granted by the server (FLOP/s)
    uint32_t epoch{0};         //!< epoch of the share
    uint32_t nDevices{0};      //!< N as last broadcast
    double lambda{1};          //!< lambda_i
    double frameRate{0};       //!< request rate (requests/s)
    double deadline{0};        //!< the requests' deadline (s), 0 = none
    double uplinkBps{0};       //!< r_i as estimated
    double downlinkBps{0};     //!< r'_i as estimated
    double rtt{0};             //!< RTT_i as estimated (s)
    bool haveGame{false};      //!< the game parameters below were received
    DnnSurgeryGameParams game; //!< F, p0, kappa, epsilon as broadcast
    /// mu_i: request rate measured by the device from its own arrivals (requests/s); 0 until
    /// five requests have arrived (RequestRateMeter)
    double requestRate{0};
    double requestTimeout{2}; //!< the device's request timeout (s): C_max of the load-aware game
};

/**
 * \ingroup dnn-surgery
 * What a device knows on its turn in the game (OffloadingPolicy::ComputeDemand).
 */
struct DnnSurgeryDemandContext
{
    double lambda{1};          //!< lambda_i
    double currentShare{0};    //!< f_i now
    double othersSum{0};       //!< S_-i
    DnnSurgeryGameParams game; //!< F, p0, kappa, epsilon as broadcast
    /// mu_i: request rate measured by the device (requests/s); 0 = not measured yet
    double requestRate{0};
    double requestTimeout{2}; //!< the device's request timeout (s)
};

/**
 * \ingroup dnn-surgery
 * A device's answer to its turn in the game.
 */
struct DnnSurgeryDemand
{
    bool changed{false}; //!< the device moves (its cost drops by more than epsilon)
    double demand{0};    //!< f_i demanded (the current share when it does not move)
    int curve{-1};       //!< envelope candidate of the demand, -1 = local
};

/**
 * \ingroup dnn-surgery
 * What the server knows about one joined device when it allocates.
 */
struct DnnSurgeryPeerState
{
    uint32_t deviceId{0};              //!< device i
    double share{0};                   //!< current f_i
    double lambda{1};                  //!< lambda_i as reported at JOIN
    bool hasEnvelope{false};           //!< an ENVELOPE was received
    DnnSurgeryEnvelopeReport envelope; //!< the last reported envelope
};

/**
 * \ingroup dnn-surgery
 * An end-to-end offloading policy.
 *
 * The server and every device each hold their own instance (they never share state: the
 * policy runs on both ends of the network, and the two ends talk only through the protocol).
 * A policy decides:
 *
 * - on the device, the placement of the next requests from the share granted, the link
 *   estimates and the game state (ChoosePlan, the only method a policy must write), and the
 *   demand of its turn in the game (ComputeDemand, the best response by default);
 * - on the server, the shares (Allocate: equal split F/N by default) and how the server
 *   serves the work (SharesCapacity, GetServiceWeight);
 * - on both, how shares are coordinated (GetCoordination): recomputed when devices join and
 *   leave, recomputed from reported envelopes, or negotiated by the decentralised game.
 *
 * Policies are found by their TypeId name ("ns3::DdsPolicy") or their short name ("dds",
 * GetName) among the registered subclasses, with attributes in ObjectFactory syntax:
 * "dds[Foo=1|Bar=2]". A user adds a policy by writing one subclass with a TypeId and
 * NS_OBJECT_ENSURE_REGISTERED, anywhere (a module, scratch/, an example).
 */
class OffloadingPolicy : public Object
{
  public:
    /// How the server's shares are coordinated with the devices.
    enum Coordination
    {
        COORDINATION_STATIC = 0,   //!< Allocate when a device joins or leaves
        COORDINATION_ENVELOPE = 1, //!< devices report envelopes; Allocate on every report
        COORDINATION_GAME = 2,     //!< the decentralised game (formulation section 5)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OffloadingPolicy();
    ~OffloadingPolicy() override;

    /**
     * \brief Short name, recorded with the requests and epochs (e.g. "dds").
     * \return the name
     */
    virtual std::string GetName() const = 0;

    /**
     * \brief Code of the policy in the STATE message (informational; 0xff for policies that
     * are not built in).
     * \return the code
     */
    virtual uint8_t GetWireCode() const;

    /**
     * \brief How shares are coordinated (both ends must agree).
     * \return the coordination
     */
    virtual Coordination GetCoordination() const;

    // Device side.

    /**
     * \brief The placement for the next requests (device side). Called whenever the share,
     * the envelope or the game parameters change, once the planner has estimates.
     * \param planner the device's planner (ready: it has link estimates)
     * \param context share, estimates and game state
     * \return the plan; DnnSurgeryPlanner::Local() runs everything on the device
     */
    virtual DnnSurgeryPlan ChoosePlan(const DnnSurgeryPlanner& planner,
                                      const DnnSurgeryDeviceContext& context) const = 0;

    /**
     * \brief The device's answer to its turn in the game (device side, COORDINATION_GAME).
     * The default is the best response (AllocationGame::BestResponse), moving only if it
     * lowers J_i by more than epsilon, as in AllocationGame::RunSequential.
     * \param planner the device's planner (ready)
     * \param lambda lambda_i
     * \param currentShare f_i now
     * \param othersSum S_-i
     * \param params game parameters as broadcast
     * \return the demand
     */
    virtual DnnSurgeryDemand ComputeDemand(const DnnSurgeryPlanner& planner,
                                           double lambda,
                                           double currentShare,
                                           double othersSum,
                                           const DnnSurgeryGameParams& params) const;

    /**
     * \brief The device's answer to its turn in the game, with everything the device knows
     * (device side, COORDINATION_GAME; the device application calls this one). The default
     * calls ComputeDemand(planner, lambda, currentShare, othersSum, game), so a policy that
     * overrides only that one keeps its behaviour.
     * \param planner the device's planner (ready)
     * \param context lambda_i, f_i, S_-i, game parameters, measured request rate, timeout
     * \return the demand
     */
    virtual DnnSurgeryDemand ComputeDemand(const DnnSurgeryPlanner& planner,
                                           const DnnSurgeryDemandContext& context) const;

    /**
     * \brief Whether the policy's decisions depend on the device's measured request rate:
     * the device then re-enters the game when its measurement moves by more than its
     * RequestRateChangeThreshold.
     * \return false by default
     */
    virtual bool UsesRequestRate() const;

    // Server side.

    /**
     * \brief The shares of the joined devices (server side; not called under
     * COORDINATION_GAME, where the game decides). The default is the equal split F / N.
     * \param peers the joined devices, by ascending id
     * \param params F, p0, kappa, epsilon, round limit
     * \return one share per peer, in the same order
     */
    virtual std::vector<double> Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                                         const DnnSurgeryGameParams& params) const;

    /**
     * \brief Whether the server shares its whole capacity among the devices with work
     * (generalised processor sharing) whatever its ComputeMode.
     * \return false by default (the server's ComputeMode decides)
     */
    virtual bool SharesCapacity() const;

    /**
     * \brief Weight of a device under processor sharing.
     * \param share the device's share f_i
     * \return f_i by default
     */
    virtual double GetServiceWeight(double share) const;

    // Lookup.

    /**
     * \brief The TypeId of a policy.
     * \param name a short name ("dds") or a TypeId name ("ns3::DdsPolicy") of a registered
     *        subclass of OffloadingPolicy
     * \return the TypeId; throws DnnSurgeryError naming the known policies otherwise
     */
    static TypeId LookupTypeId(const std::string& name);

    /**
     * \brief A factory for a policy specification.
     * \param spec a name as for LookupTypeId, optionally followed by attributes in
     *        ObjectFactory syntax: "dds[Attr=value|Attr2=value]"
     * \return the factory; throws DnnSurgeryError for an unknown policy or attribute or an
     *         invalid value
     */
    static ObjectFactory MakeFactory(const std::string& spec);

    /**
     * \brief Create a policy.
     * \param spec as for MakeFactory
     * \return the policy
     */
    static Ptr<OffloadingPolicy> Create(const std::string& spec);

    /**
     * \brief The policy an application runs when none was set: DdsPolicy.
     * \return a new instance
     */
    static Ptr<OffloadingPolicy> CreateDefault();

    /**
     * \brief The short names of the built-in policies, in the order of formulation section 6.
     * \return "local", "full-offload", "neurosurgeon", "dads", "dads-greedy", "optimum", "dds",
     *         "dds-load"
     */
    static std::vector<std::string> GetBuiltinNames();

    /**
     * \brief Short and TypeId names of every registered policy (for messages and --help).
     * \return "name (TypeId)" strings
     */
    static std::vector<std::string> GetRegisteredNames();

  protected:
    /**
     * \brief The equal split F / N.
     * \param n N
     * \param capacity F
     * \return n shares of F / n
     */
    static std::vector<double> EqualSplit(std::size_t n, double capacity);
};

} // namespace ns3

#endif /* OFFLOADING_POLICY_H */
