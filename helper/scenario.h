/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_SCENARIO_H
#define DNN_SURGERY_SCENARIO_H

#include "ns3/vector.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * A validated scenario: network, devices, mobility, server, game, the policies to compare,
 * duration, seeds and an optional sweep (format in the module doc, "Scenario files").
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * One entry of the device model mix.
 */
struct ScenarioModel
{
    std::string name; //!< model name in scenarios/models/ (or a path)
    double weight{1}; //!< relative share of the devices running it
};

/**
 * \ingroup dnn-surgery
 * The access network.
 */
struct ScenarioNetwork
{
    std::string type{"wifi"};             //!< wifi | lte | p2p (ideal link per device)
    std::string wifiStandard{"802.11ax"}; //!< Wi-Fi standard
    uint32_t accessPoints{1};             //!< number of APs
    std::string layout{"line"};           //!< AP layout: line
    double apSpacing{60};                 //!< distance between neighbouring APs (m)
    std::string backhaul{"p2p"};          //!< AP <-> server backhaul: p2p | csma
    double backhaulRate{1e9};             //!< AP <-> server link rate (bit/s)
    double backhaulDelay{0.0005};         //!< AP <-> server one-way delay (s)
    double p2pRate{2e7};                  //!< device <-> server rate of the p2p network (bit/s)
    double p2pDelay{0.002};               //!< device <-> server delay of the p2p network (s)
    bool roaming{false};                  //!< Wi-Fi: one ESS over a bridged backhaul
    double wifiTxPower{16.0206};          //!< Wi-Fi: transmit power of every PHY (dBm)
    uint32_t enbs{3};                     //!< LTE: eNBs
    double interSiteDistance{500};        //!< LTE: eNB spacing (m)
    std::string handover{"a3-rsrp"};      //!< LTE: a3-rsrp | a2-a4-rsrq | none
    double hysteresis{3};                 //!< LTE a3-rsrp hysteresis (dB)
    double timeToTrigger{0.256};          //!< LTE a3-rsrp time to trigger (s)
    uint32_t servingCellThreshold{30};    //!< LTE a2-a4-rsrq serving cell threshold
    uint32_t neighbourCellOffset{1};      //!< LTE a2-a4-rsrq neighbour cell offset
    std::string rrc{"ideal"};             //!< LTE: ideal | real
    uint32_t bandwidthRbs{50};            //!< LTE: bandwidth (RBs)
    double enbTxPower{43};                //!< LTE: eNB power (dBm)
    double ueTxPower{23};                 //!< LTE: UE power (dBm)
    uint32_t rlcBufferBytes{1 << 20};     //!< LTE: RLC UM transmit buffer (bytes)
};

/**
 * \ingroup dnn-surgery
 * The mobile devices.
 */
struct ScenarioDevices
{
    uint32_t count{4};                 //!< N
    std::vector<ScenarioModel> models; //!< model mix
    std::string deviceClass{"rpi4"};   //!< compute profile of every device
    double lambda{1};                  //!< lambda_i (s per money unit)
    std::string pattern{"periodic"};   //!< request pattern: periodic | poisson
    double rate{2};                    //!< requests per second per device
    double maxDistance{10};            //!< radius of the start disc around the AP (m)
    double timeout{2};                 //!< offload timeout before local fallback (s)
    double deadline{0};                //!< per-request deadline (s), 0 = none
    bool frameDeadline{false};         //!< the deadline is one frame period, 1 / rate

    /**
     * \brief The model of device i: a deterministic weighted interleave of the mix (smooth
     * weighted round robin), so that every policy and seed sees the same devices.
     * \param i device index
     * \return the model name
     */
    std::string GetModel(uint32_t i) const;
};

/**
 * \ingroup dnn-surgery
 * Device mobility.
 */
struct ScenarioMobility
{
    std::string model{"constant"}; //!< constant | random-walk | random-waypoint | path | ns2
    double speed{1};               //!< speed (m/s) of moving devices
    std::vector<Vector> path;      //!< path: the corners (m)
    double spread{0};              //!< path: length of the start stretch (m)
    std::string trace;             //!< ns2: the trace file, as written (see ResolveTrace)
};

/**
 * \ingroup dnn-surgery
 * The MEC server.
 */
struct ScenarioServer
{
    double capacity{1e12};                     //!< F (FLOP/s)
    double p0{2e-13};                          //!< base unit price p0 (money per FLOP/s)
    double kappa{2e-25};                       //!< price slope kappa (money per (FLOP/s)^2)
    std::string sharing{"reserved"};           //!< reserved | gps (alias weighted-sharing)
    std::string serverClass{"edge-gpu"};       //!< compute profile of the server
    std::string placement{"central"};          //!< central | per-cell (LTE)
    std::string migrationInFlight{"complete"}; //!< complete | fallback
};

/**
 * \ingroup dnn-surgery
 * Parameters of the allocation game protocol.
 */
struct ScenarioGame
{
    double epsilon{1e-4};      //!< epsilon (s): a move must lower J_i by more than this
    uint32_t maxRounds{50};    //!< round limit per epoch
    double rateThreshold{0.2}; //!< relative rate change that makes a device re-enter
};

/**
 * \ingroup dnn-surgery
 * The standard ns-3 outputs of every run (DnnSurgeryOutputHelper); "" switches one off. Each run
 * writes its own files, named <prefix>-<policy>-<seed>-<run>.
 */
struct ScenarioOutput
{
    std::string pcap;        //!< pcap file prefix of the access and backhaul devices
    std::string flowMonitor; //!< FlowMonitor XML file prefix (and summary in run_metrics)
    std::string netanim;     //!< NetAnim trace file prefix
};

/**
 * \ingroup dnn-surgery
 * A parameter sweep: one set of runs per value.
 */
struct ScenarioSweep
{
    std::string parameter;           //!< field path, e.g. "devices.count" ("" = no sweep)
    std::vector<std::string> values; //!< values as JSON text
};

/**
 * \ingroup dnn-surgery
 * A complete, validated scenario. Built by ScenarioReader.
 */
struct Scenario
{
    std::string source;      //!< file name (for messages)
    std::string directory;   //!< folder of the scenario file ("" for a scenario from text)
    std::string name;        //!< scenario name
    std::string description; //!< free text
    double duration{20};     //!< simulated time per run (s)
    double warmup{0}; //!< warm-up (s): requests issued before it are left out of the statistics
    std::vector<uint64_t> seeds{1};    //!< RngSeed values
    uint32_t runs{1};                  //!< RngRun values 1..runs per seed
    std::vector<std::string> policies; //!< policies compared
    ScenarioNetwork network;           //!< access network
    ScenarioDevices devices;           //!< devices
    ScenarioMobility mobility;         //!< mobility
    ScenarioServer server;             //!< server
    ScenarioGame game;                 //!< game protocol
    ScenarioOutput output;             //!< pcap, FlowMonitor, NetAnim
    ScenarioSweep sweep;               //!< sweep
    std::string sweepValue;            //!< value of sweep.parameter in this expansion ("" = none)
    std::string json;                  //!< the resolved scenario (all fields) as JSON text

    /**
     * \brief The ns-2 trace file to read: mobility.trace as written if absolute, else
     * relative to the scenario file's folder when it exists there, else as written
     * (relative to the working directory).
     * \return the path
     */
    std::string ResolveTrace() const;
};

} // namespace ns3

#endif /* DNN_SURGERY_SCENARIO_H */
