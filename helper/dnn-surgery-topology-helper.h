/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_TOPOLOGY_HELPER_H
#define DNN_SURGERY_TOPOLOGY_HELPER_H

#include "ns3/access-link-monitor.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/vector.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Builds the networks the DDS applications run on.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * What a topology helper built: the server node, the access points, the devices, and the
 * server address each device must use.
 */
struct DnnSurgeryTopology
{
    Ptr<Node> server;                       //!< the MEC server node
    NodeContainer aps;                      //!< access points (empty for point-to-point)
    NodeContainer devices;                  //!< mobile devices, device index = position
    NetDeviceContainer deviceNetDevices;    //!< each device's access net device
    std::vector<Ipv4Address> serverAddress; //!< server address to use, per device
    std::vector<uint32_t> apOfDevice;       //!< AP each device belongs to, per device
    NodeContainer cells;                    //!< eNBs (LTE), empty otherwise
    //! the access network of each device, as the applications see it (Wi-Fi and LTE)
    std::vector<Ptr<AccessLinkMonitor>> linkMonitors;
    //! every server node (server is the first; several with per-cell servers)
    NodeContainer servers;
    //! per-cell servers: cell -> (server address, server index); empty with one server
    std::map<uint32_t, std::pair<Ipv4Address, uint32_t>> cellServers;
    //! objects that must live as long as the simulation (the LteHelper and its EPC helper)
    std::vector<Ptr<Object>> keepAlive;
};

/**
 * \ingroup dnn-surgery
 * The LTE access network (DnnSurgeryTopologyHelper::BuildLte).
 */
struct DnnSurgeryLteSettings
{
    uint32_t enbs{3};                  //!< number of eNBs (one cell each)
    std::string layout{"line"};        //!< line | grid | hex
    double interSiteDistance{500};     //!< distance between neighbouring eNBs (m)
    std::string handover{"a3-rsrp"};   //!< a3-rsrp | a2-a4-rsrq | none
    double hysteresis{3};              //!< A3-RSRP hysteresis (dB)
    double timeToTrigger{0.256};       //!< A3-RSRP time to trigger (s)
    uint32_t servingCellThreshold{30}; //!< A2-A4-RSRQ serving cell threshold (RSRQ range 0-34)
    uint32_t neighbourCellOffset{1};   //!< A2-A4-RSRQ neighbour cell offset
    bool idealRrc{true};               //!< ideal RRC (true) or real RRC messages
    uint32_t bandwidthRbs{50};         //!< DL and UL bandwidth in resource blocks
    double enbTxPower{43};             //!< eNB transmit power (dBm)
    double ueTxPower{23};              //!< UE transmit power (dBm)
    uint32_t rlcBufferBytes{1 << 20};  //!< RLC UM transmit buffer (ns-3's default, 10 KiB,
                                       //!< drops TCP bursts)
    bool perCellServers{false};        //!< one MEC server per cell (behind the PGW, each on its own
                                       //!< backhaul link) instead of one central one
};

/**
 * \ingroup dnn-surgery
 * Builds either
 *
 * - a Wi-Fi 802.11ax network: one or more APs (each its own SSID "dds-ap-<k>" and IPv4 subnet
 *   10.1.<k>.0/24; devices belong to AP k = index mod nAps and do not roam), a wired backhaul
 *   from every AP to the server node (point-to-point links 10.2.<k>.0/24, or one CSMA LAN
 *   10.2.0.0/24), global routing; APs stand on a line ApSpacing apart, devices start uniformly
 *   in a disc of radius DeviceRadius around their AP and move by the chosen mobility model; or
 * - ideal point-to-point links: each device has its own point-to-point link (fixed rate and
 *   delay, no loss) to the server (10.3.<i>.0/24). Used for validation; or
 * - LTE/EPC (BuildLte, SetLte): eNBs with X2 and automatic handover, the server(s) behind the
 *   PGW.
 *
 * With SetRoaming the Wi-Fi APs form one ESS instead (one SSID and subnet over a bridged CSMA
 * LAN). Every device gets an AccessLinkMonitor (DnnSurgeryTopology::linkMonitors).
 *
 * Mobility (Wi-Fi only): constant position, RandomWalk2d or RandomWaypoint in a square of side
 * 2 DeviceRadius around the device's AP; and, for chosen devices, a walk away from the AP and
 * back (WaypointMobilityModel) to leave and re-enter coverage.
 */
class DnnSurgeryTopologyHelper
{
  public:
    /// Backhaul between the APs and the server.
    enum Backhaul
    {
        BACKHAUL_P2P,  //!< one point-to-point link per AP
        BACKHAUL_CSMA, //!< one CSMA LAN with all APs and the server
    };

    /// Mobility of the devices (Wi-Fi).
    enum Mobility
    {
        MOBILITY_CONSTANT,        //!< ConstantPositionMobilityModel
        MOBILITY_RANDOM_WALK,     //!< RandomWalk2dMobilityModel
        MOBILITY_RANDOM_WAYPOINT, //!< RandomWaypointMobilityModel
        MOBILITY_PATH,            //!< constant speed along a path (WaypointMobilityModel)
        MOBILITY_NS2,             //!< an ns-2 mobility trace (Ns2MobilityHelper)
    };

    DnnSurgeryTopologyHelper();

    /**
     * \brief Parse a mobility name.
     * \param name "constant", "random-walk", "random-waypoint", "path" or "ns2"
     * \return the mobility; throws DnnSurgeryError for another name
     */
    static Mobility ParseMobility(const std::string& name);

    /**
     * \brief Set the number of access points (Wi-Fi).
     * \param n APs, >= 1
     */
    void SetNAps(uint32_t n);
    /**
     * \brief Set the backhaul.
     * \param type link type
     * \param dataRate rate, e.g. "1Gbps"
     * \param delay one-way delay
     */
    void SetBackhaul(Backhaul type, const std::string& dataRate, Time delay);
    /**
     * \brief Set the devices' mobility (Wi-Fi).
     * \param mobility the model
     * \param speed speed in m/s (random walk, random waypoint)
     */
    void SetMobility(Mobility mobility, double speed = 1.5);
    /**
     * \brief Set the geometry.
     * \param apSpacing distance between neighbouring APs (m)
     * \param deviceRadius radius of the disc around its AP a device starts in (m)
     */
    void SetGeometry(double apSpacing, double deviceRadius);
    /**
     * \brief Make a device walk away from its AP and back (WaypointMobilityModel).
     * \param device device index
     * \param start when it starts walking away
     * \param distance how far from its AP it goes (m)
     * \param speed walking speed (m/s)
     * \param dwell how long it stays at the far point
     */
    void AddWalkAway(uint32_t device, Time start, double distance, double speed, Time dwell);
    /**
     * \brief Set the Wi-Fi remote station manager (default IdealWifiManager).
     * \param type the manager's TypeId name
     */
    void SetWifiManager(const std::string& type);
    /**
     * \brief Make the APs one roaming ESS: one SSID, one IPv4 subnet 10.1.0.0/24, every AP a
     * bridge between its Wi-Fi and one CSMA backhaul LAN with the server (the backhaul type is
     * then CSMA whatever SetBackhaul said). A station keeps its address and its connections
     * when it re-associates with another AP.
     * \param roaming on or off (default off: one SSID and subnet per AP)
     */
    void SetRoaming(bool roaming);
    /**
     * \brief Set the transmit power of every Wi-Fi PHY (APs and stations).
     * \param dbm TxPowerStart = TxPowerEnd (dBm; default 16.0206, ns-3's default)
     */
    void SetWifiTxPower(double dbm);
    /**
     * \brief With roaming: one MEC server per AP on the bridged LAN (10.1.0.1 for AP 0, then
     * one address each), so that a station that re-associates migrates to its new AP's server
     * (DnnSurgeryTopology::cellServers, cells = AP indices). Without roaming it has no effect.
     * \param perAp on or off (default off: one server)
     */
    void SetPerApServers(bool perAp);
    /**
     * \brief The path of MOBILITY_PATH: each device starts at a point drawn uniformly along
     * its first spread metres and moves along it at the mobility speed, then stays at its end.
     * \param path the corners, at least two
     * \param spread length of the start stretch (m), >= 0
     */
    void SetPath(const std::vector<Vector>& path, double spread);
    /**
     * \brief The trace of MOBILITY_NS2: device i moves as $node_(i) of the file.
     * \param file an ns-2 mobility trace
     */
    void SetNs2Trace(const std::string& file);
    /**
     * \brief Check an ns-2 mobility trace: readable, and moving $node_(i) for every device i.
     * \param file the trace
     * \param nDevices number of devices
     */
    static void CheckNs2Trace(const std::string& file, uint32_t nDevices);
    /**
     * \brief Set the LTE network of BuildLte.
     * \param settings the eNBs, handover and radio
     */
    void SetLte(const DnnSurgeryLteSettings& settings);

    /**
     * \brief Build the Wi-Fi topology.
     * \param nDevices number of mobile devices
     * \return what was built
     */
    DnnSurgeryTopology BuildWifi(uint32_t nDevices);

    /**
     * \brief Build the LTE/EPC topology: ns-3's LTE module (LteHelper with
     * PointToPointEpcHelper), eNBs in the chosen layout with X2 between all of them and the
     * chosen automatic handover algorithm, UEs attached by signal strength (idle-mode cell
     * selection), the MEC server behind the PGW on a point-to-point backhaul (rate and delay
     * of SetBackhaul). Devices move by the chosen mobility model (random models in a square
     * around the eNB line's start).
     * \param nDevices number of UEs
     * \return what was built
     */
    DnnSurgeryTopology BuildLte(uint32_t nDevices);

    /**
     * \brief Build the ideal point-to-point topology (one link per device).
     * \param nDevices number of devices
     * \param dataRate link rate, e.g. "20Mbps"
     * \param delay one-way propagation delay
     * \return what was built
     */
    DnnSurgeryTopology BuildPointToPoint(uint32_t nDevices,
                                         const std::string& dataRate,
                                         Time delay);

    /**
     * \brief Set the first stream of the initial-position draws (made while building, so
     * they cannot wait for AssignStreams); two streams per device are used.
     * \param stream first stream index (default 1000000)
     */
    void SetStreamBase(int64_t stream);

    /**
     * \brief Assign fixed random streams to the Wi-Fi, mobility and internet-stack models
     * built so far.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /**
     * \brief Every walk-away trip names an existing device; a DnnSurgeryError otherwise.
     * \param nDevices number of devices built
     */
    void CheckWalks(uint32_t nDevices) const;
    /**
     * \brief Install the device mobility (Wi-Fi and LTE).
     * \param devices the devices
     * \param homeX x of each device's home (its AP, or the first eNB)
     */
    void InstallDeviceMobility(NodeContainer devices, const std::vector<double>& homeX);

    /// One walk-away trip.
    struct WalkAway
    {
        uint32_t device; //!< device index
        Time start;      //!< start of the walk
        double distance; //!< far point distance (m)
        double speed;    //!< m/s
        Time dwell;      //!< time at the far point
    };

    uint32_t m_nAps{1};                                 //!< APs
    Backhaul m_backhaul{BACKHAUL_P2P};                  //!< backhaul type
    std::string m_backhaulRate{"1Gbps"};                //!< backhaul rate
    Time m_backhaulDelay{MicroSeconds(500)};            //!< backhaul delay
    Mobility m_mobility{MOBILITY_CONSTANT};             //!< device mobility
    double m_speed{1.5};                                //!< device speed
    double m_apSpacing{60};                             //!< AP spacing
    double m_deviceRadius{10};                          //!< device disc radius
    std::vector<WalkAway> m_walks;                      //!< walk-away trips
    bool m_roaming{false};                              //!< one ESS over a bridged LAN
    double m_wifiTxPower{16.0206};                      //!< Wi-Fi transmit power (dBm)
    bool m_perApServers{false};                         //!< roaming: one server per AP
    std::vector<Vector> m_path;                         //!< MOBILITY_PATH corners
    double m_pathSpread{0};                             //!< MOBILITY_PATH start stretch
    std::string m_ns2Trace;                             //!< MOBILITY_NS2 file
    DnnSurgeryLteSettings m_lte;                        //!< BuildLte settings
    NetDeviceContainer m_lteDevices;                    //!< eNB and UE devices built
    NetDeviceContainer m_csmaDevices;                   //!< CSMA backhaul devices built
    Ptr<Object> m_lteHelper;                            //!< the LteHelper of BuildLte
    std::string m_wifiManager{"ns3::IdealWifiManager"}; //!< station manager
    NetDeviceContainer m_wifiDevices;                   //!< all Wi-Fi devices built
    NodeContainer m_mobileNodes;                        //!< nodes with random mobility
    NodeContainer m_internetNodes;                      //!< nodes with an internet stack
    int64_t m_streamBase{1000000};                      //!< streams of the position draws
};

} // namespace ns3

#endif /* DNN_SURGERY_TOPOLOGY_HELPER_H */
