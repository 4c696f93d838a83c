/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-topology-helper.h"

#include "ns3/csma-helper.h"
#include "ns3/dnn-surgery-compat.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/log.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/position-allocator.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rectangle.h"
#include "ns3/ssid.h"
#include "ns3/string.h"
#include "ns3/waypoint-mobility-model.h"
#include "ns3/wifi-helper.h"
#include "ns3/yans-wifi-helper.h"

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
    throw DnnSurgeryError("topology: field 'mobility': unknown model '" + name +
                          "' (expected constant, random-walk or random-waypoint)");
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

DnnSurgeryTopology
DnnSurgeryTopologyHelper::BuildWifi(uint32_t nDevices)
{
    NS_LOG_FUNCTION(this << nDevices);
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

    // Backhaul.
    Ipv4AddressHelper address;
    std::vector<Ipv4Address> serverAddressOfAp(m_nAps);
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
        address.SetBase("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = address.Assign(devs);
        for (uint32_t k = 0; k < m_nAps; ++k)
        {
            serverAddressOfAp[k] = ifs.GetAddress(0);
        }
    }

    // Wi-Fi 802.11ax, one SSID per AP.
    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    WifiHelper wifi;
    wifi.SetStandard(dnnsurgerycompat::WIFI_STANDARD_HE_5GHZ);
    wifi.SetRemoteStationManager(m_wifiManager);
    WifiMacHelper mac;
    topo.deviceNetDevices = NetDeviceContainer();
    std::vector<NetDeviceContainer> staOfAp(m_nAps);
    std::vector<NodeContainer> nodesOfAp(m_nAps);
    topo.apOfDevice.resize(nDevices);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        topo.apOfDevice[i] = i % m_nAps;
        nodesOfAp[i % m_nAps].Add(topo.devices.Get(i));
    }
    std::vector<Ptr<NetDevice>> staDevice(nDevices);
    for (uint32_t k = 0; k < m_nAps; ++k)
    {
        std::ostringstream name;
        name << "dds-ap-" << k;
        Ssid ssid(name.str());
        mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
        NetDeviceContainer apDev = wifi.Install(phy, mac, topo.aps.Get(k));
        mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
        NetDeviceContainer staDev = wifi.Install(phy, mac, nodesOfAp[k]);
        m_wifiDevices.Add(apDev);
        m_wifiDevices.Add(staDev);
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
    topo.serverAddress.resize(nDevices);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        topo.deviceNetDevices.Add(staDevice[i]);
        topo.serverAddress[i] = serverAddressOfAp[topo.apOfDevice[i]];
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

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

    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Ptr<Node> node = topo.devices.Get(i);
        double apX = topo.apOfDevice[i] * m_apSpacing;
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
