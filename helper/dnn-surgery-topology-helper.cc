/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-topology-helper.h"

#include "ns3/boolean.h"
#include "ns3/bridge-helper.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/lte-enb-net-device.h"
#include "ns3/lte-enb-phy.h"
#include "ns3/lte-helper.h"
#include "ns3/lte-link-monitor.h"
#include "ns3/lte-ue-net-device.h"
#include "ns3/lte-ue-phy.h"
#include "ns3/lte-ue-rrc.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/ns2-mobility-helper.h"
#include "ns3/point-to-point-epc-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/position-allocator.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rectangle.h"
#include "ns3/ssid.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/waypoint-mobility-model.h"
#include "ns3/wifi-helper.h"
#include "ns3/wifi-link-monitor.h"
#include "ns3/wifi-net-device.h"
#include "ns3/yans-wifi-helper.h"

#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnnSurgeryTopologyHelper");

DnnSurgeryTopologyHelper::DnnSurgeryTopologyHelper() = default;

DnnSurgeryTopologyHelper::Mobility
DnnSurgeryTopologyHelper::ParseMobility(const std::string& name)
{
    if (name == "constant")
    {
        return MOBILITY_CONSTANT;
    }
    if (name == "random-walk")
    {
        return MOBILITY_RANDOM_WALK;
    }
    if (name == "random-waypoint")
    {
        return MOBILITY_RANDOM_WAYPOINT;
    }
    if (name == "path")
    {
        return MOBILITY_PATH;
    }
    if (name == "ns2")
    {
        return MOBILITY_NS2;
    }
    throw DnnSurgeryError("topology: field 'mobility': unknown model '" + name +
                          "' (expected constant, random-walk, random-waypoint, path or ns2)");
}

void
DnnSurgeryTopologyHelper::SetNAps(uint32_t n)
{
    if (n == 0)
    {
        throw DnnSurgeryError("topology: field 'nAps': must be >= 1 (got 0)");
    }
    m_nAps = n;
}

void
DnnSurgeryTopologyHelper::SetBackhaul(Backhaul type, const std::string& dataRate, Time delay)
{
    m_backhaul = type;
    m_backhaulRate = dataRate;
    m_backhaulDelay = delay;
}

void
DnnSurgeryTopologyHelper::SetMobility(Mobility mobility, double speed)
{
    if (!(speed > 0))
    {
        std::ostringstream oss;
        oss << "topology: field 'speed': must be > 0 m/s (got " << speed << ")";
        throw DnnSurgeryError(oss.str());
    }
    m_mobility = mobility;
    m_speed = speed;
}

void
DnnSurgeryTopologyHelper::SetGeometry(double apSpacing, double deviceRadius)
{
    if (!(apSpacing > 0) || !(deviceRadius > 0))
    {
        std::ostringstream oss;
        oss << "topology: fields 'apSpacing'/'deviceRadius': must be > 0 (got " << apSpacing << ", "
            << deviceRadius << ")";
        throw DnnSurgeryError(oss.str());
    }
    m_apSpacing = apSpacing;
    m_deviceRadius = deviceRadius;
}

void
DnnSurgeryTopologyHelper::AddWalkAway(uint32_t device,
                                      Time start,
                                      double distance,
                                      double speed,
                                      Time dwell)
{
    if (!(distance > 0) || !(speed > 0) || start.IsNegative() || dwell.IsNegative())
    {
        std::ostringstream oss;
        oss << "topology: device " << device
            << ": field 'walkAway': distance and speed must be > 0, start and dwell >= 0";
        throw DnnSurgeryError(oss.str());
    }
    m_walks.push_back({device, start, distance, speed, dwell});
}

void
DnnSurgeryTopologyHelper::SetWifiManager(const std::string& type)
{
    m_wifiManager = type;
}

void
DnnSurgeryTopologyHelper::SetRoaming(bool roaming)
{
    m_roaming = roaming;
}

void
DnnSurgeryTopologyHelper::SetPerApServers(bool perAp)
{
    m_perApServers = perAp;
}

void
DnnSurgeryTopologyHelper::SetWifiTxPower(double dbm)
{
    m_wifiTxPower = dbm;
}

void
DnnSurgeryTopologyHelper::SetPath(const std::vector<Vector>& path, double spread)
{
    if (path.size() < 2)
    {
        throw DnnSurgeryError("topology: field 'mobility.path': needs at least two points (got " +
                              std::to_string(path.size()) + ")");
    }
    if (!(spread >= 0))
    {
        throw DnnSurgeryError("topology: field 'mobility.spread': must be >= 0 m");
    }
    m_path = path;
    m_pathSpread = spread;
}

void
DnnSurgeryTopologyHelper::SetNs2Trace(const std::string& file)
{
    m_ns2Trace = file;
}

void
DnnSurgeryTopologyHelper::SetLte(const DnnSurgeryLteSettings& settings)
{
    std::ostringstream bad;
    if (settings.enbs < 1)
    {
        bad << "field 'network.enbs': must be >= 1 (got " << settings.enbs << ")";
    }
    else if (settings.layout != "line" && settings.layout != "grid" && settings.layout != "hex")
    {
        bad << "field 'network.layout': unknown layout '" << settings.layout
            << "' (expected line, grid or hex)";
    }
    else if (!(settings.interSiteDistance > 0))
    {
        bad << "field 'network.interSiteDistance': must be > 0 m";
    }
    else if (settings.handover != "a3-rsrp" && settings.handover != "a2-a4-rsrq" &&
             settings.handover != "none")
    {
        bad << "field 'network.handover.algorithm': unknown algorithm '" << settings.handover
            << "' (expected a3-rsrp, a2-a4-rsrq or none)";
    }
    else if (settings.rlcBufferBytes < 1500)
    {
        bad << "field 'network.rlcBufferBytes': must be >= 1500 bytes (got "
            << settings.rlcBufferBytes << ")";
    }
    else if (!(settings.hysteresis >= 0 && settings.hysteresis <= 15))
    {
        bad << "field 'network.handover.hysteresis': must be in [0, 15] dB";
    }
    else if (!(settings.timeToTrigger >= 0 && settings.timeToTrigger <= 5.12))
    {
        bad << "field 'network.handover.timeToTrigger': must be in [0, 5.12] s";
    }
    else if (settings.servingCellThreshold > 34)
    {
        bad << "field 'network.handover.servingCellThreshold': must be in [0, 34]";
    }
    else if (settings.bandwidthRbs != 6 && settings.bandwidthRbs != 15 &&
             settings.bandwidthRbs != 25 && settings.bandwidthRbs != 50 &&
             settings.bandwidthRbs != 75 && settings.bandwidthRbs != 100)
    {
        bad << "field 'network.bandwidthRbs': must be 6, 15, 25, 50, 75 or 100 (got "
            << settings.bandwidthRbs << ")";
    }
    if (!bad.str().empty())
    {
        throw DnnSurgeryError("topology: " + bad.str());
    }
    m_lte = settings;
}

void
DnnSurgeryTopologyHelper::CheckWalks(uint32_t nDevices) const
{
    for (const auto& w : m_walks)
    {
        if (w.device >= nDevices)
        {
            std::ostringstream oss;
            oss << "topology: device " << w.device << ": field 'walkAway': no such device (have "
                << nDevices << ")";
            throw DnnSurgeryError(oss.str());
        }
    }
}

DnnSurgeryTopology
DnnSurgeryTopologyHelper::BuildWifi(uint32_t nDevices)
{
    NS_LOG_FUNCTION(this << nDevices);
    CheckWalks(nDevices);
    DnnSurgeryTopology topo;
    topo.server = CreateObject<Node>();
    topo.aps.Create(m_nAps);
    topo.devices.Create(nDevices);

    InternetStackHelper internet;
    internet.Install(topo.server);
    internet.Install(topo.aps);
    internet.Install(topo.devices);
    m_internetNodes.Add(topo.server);
    m_internetNodes.Add(topo.aps);
    m_internetNodes.Add(topo.devices);

    Ipv4AddressHelper address;
    std::vector<Ipv4Address> serverAddressOfAp(m_nAps);
    topo.apOfDevice.resize(nDevices);
    std::vector<NodeContainer> nodesOfAp(m_nAps);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        topo.apOfDevice[i] = i % m_nAps;
        nodesOfAp[i % m_nAps].Add(topo.devices.Get(i));
    }
    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    phy.Set("TxPowerStart", DoubleValue(m_wifiTxPower));
    phy.Set("TxPowerEnd", DoubleValue(m_wifiTxPower));
    WifiHelper wifi;
    wifi.SetStandard(dnnsurgerycompat::WIFI_STANDARD_HE_5GHZ);
    wifi.SetRemoteStationManager(m_wifiManager);
    WifiMacHelper mac;
    topo.deviceNetDevices = NetDeviceContainer();
    std::vector<Ptr<NetDevice>> staDevice(nDevices);
    std::map<Mac48Address, uint32_t> apIndex;
    if (m_roaming)
    {
        // One ESS: every AP bridges its Wi-Fi to one CSMA LAN with the server, one subnet.
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue(m_backhaulRate));
        csma.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
        NodeContainer lan;
        lan.Add(topo.server);
        lan.Add(topo.aps);
        // per-AP servers: the others on the same LAN, after the APs
        NodeContainer extra;
        if (m_perApServers && m_nAps > 1)
        {
            extra.Create(m_nAps - 1);
            internet.Install(extra);
            m_internetNodes.Add(extra);
            lan.Add(extra);
        }
        NetDeviceContainer lanDevs = csma.Install(lan);
        m_csmaDevices.Add(lanDevs);
        Ssid ssid("dds-ess");
        mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
        NetDeviceContainer apDevs = wifi.Install(phy, mac, topo.aps);
        m_wifiDevices.Add(apDevs);
        BridgeHelper bridge;
        for (uint32_t k = 0; k < m_nAps; ++k)
        {
            NetDeviceContainer ports;
            ports.Add(apDevs.Get(k));
            ports.Add(lanDevs.Get(1 + k));
            bridge.Install(topo.aps.Get(k), ports);
            apIndex[Mac48Address::ConvertFrom(apDevs.Get(k)->GetAddress())] = k;
        }
        mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
        NetDeviceContainer staDevs = wifi.Install(phy, mac, topo.devices);
        m_wifiDevices.Add(staDevs);
        address.SetBase("10.1.0.0", "255.255.255.0");
        Ipv4InterfaceContainer srv = address.Assign(NetDeviceContainer(lanDevs.Get(0)));
        topo.servers.Add(topo.server);
        std::vector<Ipv4Address> perAp{srv.GetAddress(0)};
        for (uint32_t j = 0; j < extra.GetN(); ++j)
        {
            Ipv4InterfaceContainer e =
                address.Assign(NetDeviceContainer(lanDevs.Get(1 + m_nAps + j)));
            perAp.push_back(e.GetAddress(0));
            topo.servers.Add(extra.Get(j));
        }
        if (extra.GetN() > 0)
        {
            for (uint32_t k = 0; k < m_nAps; ++k)
            {
                topo.cellServers[k] = {perAp[k], k};
            }
        }
        address.Assign(staDevs);
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            staDevice[i] = staDevs.Get(i);
        }
        for (uint32_t k = 0; k < m_nAps; ++k)
        {
            serverAddressOfAp[k] = srv.GetAddress(0);
        }
    }
    else
    {
        if (m_backhaul == BACKHAUL_P2P)
        {
            PointToPointHelper p2p;
            p2p.SetDeviceAttribute("DataRate", StringValue(m_backhaulRate));
            p2p.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
            for (uint32_t k = 0; k < m_nAps; ++k)
            {
                NetDeviceContainer link = p2p.Install(topo.aps.Get(k), topo.server);
                std::ostringstream net;
                net << "10.2." << k << ".0";
                address.SetBase(net.str().c_str(), "255.255.255.0");
                Ipv4InterfaceContainer ifs = address.Assign(link);
                serverAddressOfAp[k] = ifs.GetAddress(1);
            }
        }
        else
        {
            CsmaHelper csma;
            csma.SetChannelAttribute("DataRate", StringValue(m_backhaulRate));
            csma.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
            NodeContainer lan;
            lan.Add(topo.server);
            lan.Add(topo.aps);
            NetDeviceContainer devs = csma.Install(lan);
            m_csmaDevices.Add(devs);
            address.SetBase("10.2.0.0", "255.255.255.0");
            Ipv4InterfaceContainer ifs = address.Assign(devs);
            for (uint32_t k = 0; k < m_nAps; ++k)
            {
                serverAddressOfAp[k] = ifs.GetAddress(0);
            }
        }
        // Wi-Fi 802.11ax, one SSID per AP, each AP on its own channel (a separate channel
        // object: its cell neither hears nor interferes with the others, as on distinct
        // frequencies; one shared channel with one subnet per AP is also what global routing
        // refuses, as "network number confusion")
        for (uint32_t k = 0; k < m_nAps; ++k)
        {
            if (k > 0)
            {
                phy.SetChannel(channel.Create());
            }
            std::ostringstream name;
            name << "dds-ap-" << k;
            Ssid ssid(name.str());
            mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
            NetDeviceContainer apDev = wifi.Install(phy, mac, topo.aps.Get(k));
            mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
            NetDeviceContainer staDev = wifi.Install(phy, mac, nodesOfAp[k]);
            m_wifiDevices.Add(apDev);
            m_wifiDevices.Add(staDev);
            apIndex[Mac48Address::ConvertFrom(apDev.Get(0)->GetAddress())] = k;
            std::ostringstream net;
            net << "10.1." << k << ".0";
            address.SetBase(net.str().c_str(), "255.255.255.0");
            address.Assign(apDev);
            address.Assign(staDev);
            for (uint32_t j = 0; j < staDev.GetN(); ++j)
            {
                staDevice[k + j * m_nAps] = staDev.Get(j);
            }
        }
    }
    topo.serverAddress.resize(nDevices);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        topo.deviceNetDevices.Add(staDevice[i]);
        topo.serverAddress[i] = serverAddressOfAp[topo.apOfDevice[i]];
        Ptr<WifiNetDevice> wd = DynamicCast<WifiNetDevice>(staDevice[i]);
        Ptr<WifiLinkMonitor> monitor = CreateObject<WifiLinkMonitor>();
        monitor->Attach(DynamicCast<StaWifiMac>(wd->GetMac()), apIndex, m_roaming);
        topo.linkMonitors.push_back(monitor);
    }
    if (!m_roaming)
    {
        // (with roaming the server and the stations share one subnet: nothing to route, and
        // global routing would take the APs' shared Wi-Fi channel and the bridged LAN for an
        // L2 loop)
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    // Mobility: APs and server fixed.
    MobilityHelper fixed;
    Ptr<ListPositionAllocator> apPos = CreateObject<ListPositionAllocator>();
    for (uint32_t k = 0; k < m_nAps; ++k)
    {
        apPos->Add(Vector(k * m_apSpacing, 0, 0));
    }
    fixed.SetPositionAllocator(apPos);
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(topo.aps);
    Ptr<ListPositionAllocator> srvPos = CreateObject<ListPositionAllocator>();
    srvPos->Add(Vector(0, -50, 0));
    fixed.SetPositionAllocator(srvPos);
    fixed.Install(topo.server);
    for (uint32_t k = 1; k < topo.servers.GetN(); ++k)
    {
        // the per-AP servers stand behind their APs
        Ptr<ListPositionAllocator> pos = CreateObject<ListPositionAllocator>();
        pos->Add(Vector(k * m_apSpacing, -50, 0));
        fixed.SetPositionAllocator(pos);
        fixed.Install(topo.servers.Get(k));
    }

    std::vector<double> homeX(nDevices);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        homeX[i] = topo.apOfDevice[i] * m_apSpacing;
    }
    InstallDeviceMobility(topo.devices, homeX);
    return topo;
}

void
DnnSurgeryTopologyHelper::CheckNs2Trace(const std::string& file, uint32_t nDevices)
{
    // The trace must name every device: $node_(i) for i < nDevices.
    std::ifstream in(file);
    if (file.empty() || !in)
    {
        throw DnnSurgeryError("topology: field 'mobility.trace': cannot read the ns-2 "
                              "mobility trace '" +
                              file + "'");
    }
    std::set<uint32_t> named;
    std::regex node(R"(\$node_\((\d+)\))");
    std::string line;
    while (std::getline(in, line))
    {
        for (std::sregex_iterator it(line.begin(), line.end(), node), e; it != e; ++it)
        {
            named.insert(static_cast<uint32_t>(std::stoul((*it)[1].str())));
        }
    }
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        if (named.count(i) == 0)
        {
            throw DnnSurgeryError("topology: field 'mobility.trace': " + file +
                                  " does not move $node_(" + std::to_string(i) +
                                  "), and the scenario has " + std::to_string(nDevices) +
                                  " devices");
        }
    }
}

void
DnnSurgeryTopologyHelper::InstallDeviceMobility(NodeContainer devices,
                                                const std::vector<double>& homeX)
{
    const uint32_t nDevices = devices.GetN();
    if (m_mobility == MOBILITY_NS2)
    {
        CheckNs2Trace(m_ns2Trace, nDevices);
        Ns2MobilityHelper ns2(m_ns2Trace);
        ns2.Install(devices.Begin(), devices.End());
        return;
    }
    std::vector<double> pathLength; // cumulative length at each corner
    if (m_mobility == MOBILITY_PATH)
    {
        if (m_path.size() < 2)
        {
            throw DnnSurgeryError("topology: field 'mobility.path': needs at least two points");
        }
        pathLength.push_back(0);
        for (std::size_t k = 1; k < m_path.size(); ++k)
        {
            pathLength.push_back(pathLength.back() + CalculateDistance(m_path[k - 1], m_path[k]));
        }
    }
    Ptr<UniformRandomVariable> startDraw = CreateObject<UniformRandomVariable>();
    startDraw->SetStream(m_streamBase + 2 * static_cast<int64_t>(nDevices));
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Ptr<Node> node = devices.Get(i);
        double apX = homeX[i];
        if (m_mobility == MOBILITY_PATH)
        {
            // constant speed along the path from a start drawn in its first m_pathSpread metres
            double u = std::min(startDraw->GetValue(0, m_pathSpread), pathLength.back());
            MobilityHelper mob;
            mob.SetMobilityModel("ns3::WaypointMobilityModel");
            mob.Install(node);
            Ptr<WaypointMobilityModel> wp = node->GetObject<WaypointMobilityModel>();
            std::size_t k = 1;
            while (k + 1 < pathLength.size() && pathLength[k] <= u)
            {
                ++k;
            }
            double seg = pathLength[k] - pathLength[k - 1];
            double f = seg > 0 ? (u - pathLength[k - 1]) / seg : 0;
            Vector a = m_path[k - 1];
            Vector b = m_path[k];
            Vector start(a.x + f * (b.x - a.x), a.y + f * (b.y - a.y), a.z + f * (b.z - a.z));
            wp->AddWaypoint(Waypoint(Seconds(0), start));
            for (; k < m_path.size(); ++k)
            {
                wp->AddWaypoint(Waypoint(Seconds((pathLength[k] - u) / m_speed), m_path[k]));
            }
            continue;
        }
        const WalkAway* walk = nullptr;
        for (const auto& w : m_walks)
        {
            if (w.device == i)
            {
                walk = &w;
            }
        }
        MobilityHelper mob;
        Ptr<RandomDiscPositionAllocator> disc = CreateObject<RandomDiscPositionAllocator>();
        disc->SetX(apX);
        disc->SetY(0);
        Ptr<UniformRandomVariable> rho = CreateObject<UniformRandomVariable>();
        rho->SetAttribute("Min", DoubleValue(0));
        rho->SetAttribute("Max", DoubleValue(m_deviceRadius));
        disc->SetRho(rho);
        // Initial positions are drawn now, so their streams are fixed now (a fixed stream and
        // the run number make them reproducible and run-dependent).
        disc->AssignStreams(m_streamBase + 2 * i);
        mob.SetPositionAllocator(disc);
        if (walk)
        {
            mob.SetMobilityModel("ns3::WaypointMobilityModel");
            mob.Install(node);
            Ptr<WaypointMobilityModel> wp = node->GetObject<WaypointMobilityModel>();
            Vector home = disc->GetNext();
            Vector far(apX, walk->distance, 0);
            double dist = CalculateDistance(home, far);
            Time legTime = Seconds(dist / walk->speed);
            wp->AddWaypoint(Waypoint(Seconds(0), home));
            wp->AddWaypoint(Waypoint(walk->start, home));
            wp->AddWaypoint(Waypoint(walk->start + legTime, far));
            wp->AddWaypoint(Waypoint(walk->start + legTime + walk->dwell, far));
            wp->AddWaypoint(Waypoint(walk->start + 2 * legTime + walk->dwell, home));
            continue;
        }
        m_mobileNodes.Add(node);
        Rectangle box(apX - m_deviceRadius, apX + m_deviceRadius, -m_deviceRadius, m_deviceRadius);
        switch (m_mobility)
        {
        case MOBILITY_CONSTANT:
        case MOBILITY_PATH:
        case MOBILITY_NS2:
            mob.SetMobilityModel("ns3::ConstantPositionMobilityModel");
            break;
        case MOBILITY_RANDOM_WALK: {
            std::ostringstream speed;
            speed << "ns3::ConstantRandomVariable[Constant=" << m_speed << "]";
            mob.SetMobilityModel("ns3::RandomWalk2dMobilityModel",
                                 "Bounds",
                                 RectangleValue(box),
                                 "Speed",
                                 StringValue(speed.str()),
                                 "Distance",
                                 DoubleValue(m_deviceRadius / 2));
            break;
        }
        case MOBILITY_RANDOM_WAYPOINT: {
            Ptr<RandomRectanglePositionAllocator> rect =
                CreateObject<RandomRectanglePositionAllocator>();
            Ptr<UniformRandomVariable> x = CreateObject<UniformRandomVariable>();
            x->SetAttribute("Min", DoubleValue(box.xMin));
            x->SetAttribute("Max", DoubleValue(box.xMax));
            Ptr<UniformRandomVariable> y = CreateObject<UniformRandomVariable>();
            y->SetAttribute("Min", DoubleValue(box.yMin));
            y->SetAttribute("Max", DoubleValue(box.yMax));
            rect->SetX(x);
            rect->SetY(y);
            std::ostringstream speed;
            speed << "ns3::UniformRandomVariable[Min=" << 0.5 * m_speed << "|Max=" << 1.5 * m_speed
                  << "]";
            mob.SetMobilityModel("ns3::RandomWaypointMobilityModel",
                                 "Speed",
                                 StringValue(speed.str()),
                                 "Pause",
                                 StringValue("ns3::ConstantRandomVariable[Constant=1.0]"),
                                 "PositionAllocator",
                                 PointerValue(rect));
            break;
        }
        }
        mob.Install(node);
    }
}

DnnSurgeryTopology
DnnSurgeryTopologyHelper::BuildLte(uint32_t nDevices)
{
    NS_LOG_FUNCTION(this << nDevices);
    CheckWalks(nDevices);
    DnnSurgeryTopology topo;
    // The RLC UM buffer of every bearer: ns-3's default of 10 KiB drops the bursts of a TCP
    // sender's window (the buffers are created with the bearers, during the run).
    Config::SetDefault("ns3::LteRlcUm::MaxTxBufferSize", UintegerValue(m_lte.rlcBufferBytes));
    Ptr<LteHelper> lte = CreateObject<LteHelper>();
    Ptr<PointToPointEpcHelper> epc = CreateObject<PointToPointEpcHelper>();
    lte->SetEpcHelper(epc);
    lte->SetAttribute("UseIdealRrc", BooleanValue(m_lte.idealRrc));
    if (m_lte.handover == "a3-rsrp")
    {
        lte->SetHandoverAlgorithmType("ns3::A3RsrpHandoverAlgorithm");
        lte->SetHandoverAlgorithmAttribute("Hysteresis", DoubleValue(m_lte.hysteresis));
        lte->SetHandoverAlgorithmAttribute("TimeToTrigger",
                                           TimeValue(Seconds(m_lte.timeToTrigger)));
    }
    else if (m_lte.handover == "a2-a4-rsrq")
    {
        lte->SetHandoverAlgorithmType("ns3::A2A4RsrqHandoverAlgorithm");
        lte->SetHandoverAlgorithmAttribute("ServingCellThreshold",
                                           UintegerValue(m_lte.servingCellThreshold));
        lte->SetHandoverAlgorithmAttribute("NeighbourCellOffset",
                                           UintegerValue(m_lte.neighbourCellOffset));
    }
    else
    {
        lte->SetHandoverAlgorithmType("ns3::NoOpHandoverAlgorithm");
    }
    lte->SetEnbDeviceAttribute("DlBandwidth", UintegerValue(m_lte.bandwidthRbs));
    lte->SetEnbDeviceAttribute("UlBandwidth", UintegerValue(m_lte.bandwidthRbs));
    topo.keepAlive.push_back(lte);
    topo.keepAlive.push_back(epc);
    m_lteHelper = lte;

    // The MEC server(s) behind the PGW, each on its own point-to-point link 1.<k>.0.0/16.
    Ptr<Node> pgw = epc->GetPgwNode();
    const uint32_t nServers = m_lte.perCellServers ? m_lte.enbs : 1;
    topo.servers.Create(nServers);
    topo.server = topo.servers.Get(0);
    InternetStackHelper internet;
    internet.Install(topo.servers);
    m_internetNodes.Add(topo.servers);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(m_backhaulRate));
    p2p.SetDeviceAttribute("Mtu", UintegerValue(1500));
    p2p.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
    Ipv4AddressHelper address;
    Ipv4StaticRoutingHelper routing;
    std::vector<Ipv4Address> serverAddresses;
    for (uint32_t k = 0; k < nServers; ++k)
    {
        NetDeviceContainer core = p2p.Install(pgw, topo.servers.Get(k));
        std::ostringstream net;
        net << "1." << k << ".0.0";
        address.SetBase(net.str().c_str(), "255.255.0.0");
        Ipv4InterfaceContainer coreIfs = address.Assign(core);
        serverAddresses.push_back(coreIfs.GetAddress(1));
        routing.GetStaticRouting(topo.servers.Get(k)->GetObject<Ipv4>())
            ->AddNetworkRouteTo(epc->GetUeDefaultGatewayAddress().CombineMask("255.0.0.0"),
                                Ipv4Mask("255.0.0.0"),
                                1);
    }
    Ipv4Address serverAddress = serverAddresses[0];

    // eNBs.
    topo.cells.Create(m_lte.enbs);
    Ptr<ListPositionAllocator> enbPos = CreateObject<ListPositionAllocator>();
    const double d = m_lte.interSiteDistance;
    const uint32_t cols =
        m_lte.layout == "line"
            ? m_lte.enbs
            : static_cast<uint32_t>(std::ceil(std::sqrt(static_cast<double>(m_lte.enbs))));
    for (uint32_t k = 0; k < m_lte.enbs; ++k)
    {
        uint32_t row = k / cols;
        uint32_t col = k % cols;
        if (m_lte.layout == "hex")
        {
            // a hexagonal lattice: odd rows shifted by half a site, rows sqrt(3)/2 d apart
            enbPos->Add(Vector((col + 0.5 * (row % 2)) * d, row * d * std::sqrt(3.0) / 2, 30));
        }
        else
        {
            enbPos->Add(Vector(col * d, row * d, 30));
        }
    }
    MobilityHelper fixed;
    fixed.SetPositionAllocator(enbPos);
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(topo.cells);
    Ptr<ListPositionAllocator> srvPos = CreateObject<ListPositionAllocator>();
    for (uint32_t k = 0; k <= nServers; ++k)
    {
        srvPos->Add(Vector(k * d, -100, 0));
    }
    fixed.SetPositionAllocator(srvPos);
    fixed.Install(topo.servers);
    fixed.Install(pgw);

    // UEs: mobility first (the LTE PHY needs it), devices, addresses, default route, attach.
    topo.devices.Create(nDevices);
    InstallDeviceMobility(topo.devices, std::vector<double>(nDevices, 0.0));
    NetDeviceContainer enbDevs = lte->InstallEnbDevice(topo.cells);
    NetDeviceContainer ueDevs = lte->InstallUeDevice(topo.devices);
    for (uint32_t k = 0; k < enbDevs.GetN(); ++k)
    {
        DynamicCast<LteEnbNetDevice>(enbDevs.Get(k))->GetPhy()->SetTxPower(m_lte.enbTxPower);
    }
    for (uint32_t i = 0; i < ueDevs.GetN(); ++i)
    {
        DynamicCast<LteUeNetDevice>(ueDevs.Get(i))->GetPhy()->SetTxPower(m_lte.ueTxPower);
    }
    m_lteDevices.Add(enbDevs);
    m_lteDevices.Add(ueDevs);
    if (m_lte.perCellServers)
    {
        for (uint32_t k = 0; k < enbDevs.GetN(); ++k)
        {
            uint16_t cell = DynamicCast<LteEnbNetDevice>(enbDevs.Get(k))->GetCellId();
            topo.cellServers[cell] = {serverAddresses[k], k};
        }
    }
    internet.Install(topo.devices);
    m_internetNodes.Add(topo.devices);
    epc->AssignUeIpv4Address(ueDevs);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        routing.GetStaticRouting(topo.devices.Get(i)->GetObject<Ipv4>())
            ->SetDefaultRoute(epc->GetUeDefaultGatewayAddress(), 1);
    }
    lte->Attach(ueDevs); // idle-mode cell selection: the strongest cell
    if (m_lte.enbs > 1)
    {
        lte->AddX2Interface(topo.cells);
    }
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        topo.deviceNetDevices.Add(ueDevs.Get(i));
        topo.serverAddress.push_back(serverAddress);
        topo.apOfDevice.push_back(AccessLinkMonitor::NO_CELL);
        Ptr<LteLinkMonitor> monitor = CreateObject<LteLinkMonitor>();
        monitor->Attach(DynamicCast<LteUeNetDevice>(ueDevs.Get(i))->GetRrc());
        topo.linkMonitors.push_back(monitor);
    }
    return topo;
}

DnnSurgeryTopology
DnnSurgeryTopologyHelper::BuildPointToPoint(uint32_t nDevices,
                                            const std::string& dataRate,
                                            Time delay)
{
    NS_LOG_FUNCTION(this << nDevices << dataRate << delay);
    DnnSurgeryTopology topo;
    topo.server = CreateObject<Node>();
    topo.devices.Create(nDevices);
    InternetStackHelper internet;
    internet.Install(topo.server);
    internet.Install(topo.devices);
    m_internetNodes.Add(topo.server);
    m_internetNodes.Add(topo.devices);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(dataRate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    // Large enough a device queue that an ideal link never drops.
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("100000p"));
    Ipv4AddressHelper address;
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        NetDeviceContainer link = p2p.Install(topo.devices.Get(i), topo.server);
        std::ostringstream net;
        net << "10.3." << i << ".0";
        address.SetBase(net.str().c_str(), "255.255.255.0");
        Ipv4InterfaceContainer ifs = address.Assign(link);
        topo.deviceNetDevices.Add(link.Get(0));
        topo.serverAddress.push_back(ifs.GetAddress(1));
        topo.apOfDevice.push_back(0);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    MobilityHelper fixed;
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(topo.server);
    fixed.Install(topo.devices);
    return topo;
}

int64_t
DnnSurgeryTopologyHelper::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    if (m_wifiDevices.GetN() > 0)
    {
        WifiHelper wifi;
        used += wifi.AssignStreams(m_wifiDevices, stream + used);
    }
    if (m_lteDevices.GetN() > 0)
    {
        used += DynamicCast<LteHelper>(m_lteHelper)->AssignStreams(m_lteDevices, stream + used);
    }
    if (m_csmaDevices.GetN() > 0)
    {
        // the CSMA backoff (a fixed stream: otherwise the run would depend on the simulations
        // run before it in the same process)
        CsmaHelper csma;
        used += csma.AssignStreams(m_csmaDevices, stream + used);
    }
    if (m_mobileNodes.GetN() > 0)
    {
        MobilityHelper mob;
        used += mob.AssignStreams(m_mobileNodes, stream + used);
    }
    if (m_internetNodes.GetN() > 0)
    {
        InternetStackHelper internet;
        used += internet.AssignStreams(m_internetNodes, stream + used);
    }
    return used;
}

void
DnnSurgeryTopologyHelper::SetStreamBase(int64_t stream)
{
    m_streamBase = stream;
}

} // namespace ns3
