/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-helper.h"

#include "ns3/dnn-surgery-error.h"
#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-link-monitor.h"
#include "ns3/wifi-net-device.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnnSurgeryHelper");

DnnSurgeryHelper::DnnSurgeryHelper()
{
    m_server.SetTypeId(MecServerApplication::GetTypeId());
    m_device.SetTypeId(MobileDeviceApplication::GetTypeId());
    m_policy = OffloadingPolicy::MakeFactory("dds");
}

void
DnnSurgeryHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_server.Set(name, value);
}

void
DnnSurgeryHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_device.Set(name, value);
}

void
DnnSurgeryHelper::SetPolicy(const std::string& policy)
{
    m_policy = OffloadingPolicy::MakeFactory(policy); // validates
}

void
DnnSurgeryHelper::SetPolicyAttribute(const std::string& name, const AttributeValue& value)
{
    TypeId::AttributeInformation info;
    if (!m_policy.GetTypeId().LookupAttributeByName(name, &info))
    {
        throw DnnSurgeryError("DnnSurgeryHelper::SetPolicyAttribute: " +
                              m_policy.GetTypeId().GetName() + " has no attribute '" + name + "'");
    }
    m_policy.Set(name, value);
}

Ptr<OffloadingPolicy>
DnnSurgeryHelper::CreatePolicy() const
{
    return m_policy.Create<OffloadingPolicy>();
}

ApplicationContainer
DnnSurgeryHelper::InstallServer(Ptr<Node> node)
{
    Ptr<MecServerApplication> app = m_server.Create<MecServerApplication>();
    app->SetAttribute("Policy", PointerValue(CreatePolicy()));
    node->AddApplication(app);
    m_servers.push_back(app);
    return ApplicationContainer(app);
}

ApplicationContainer
DnnSurgeryHelper::InstallDevices(NodeContainer nodes,
                                 const std::vector<Ipv4Address>& serverAddress,
                                 uint32_t firstId)
{
    if (serverAddress.empty() ||
        (serverAddress.size() != 1 && serverAddress.size() != nodes.GetN()))
    {
        throw DnnSurgeryError("DnnSurgeryHelper::InstallDevices: field 'serverAddress': need one "
                              "address or one per device (got " +
                              std::to_string(serverAddress.size()) + " for " +
                              std::to_string(nodes.GetN()) + " devices)");
    }
    ApplicationContainer apps;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<MobileDeviceApplication> app = m_device.Create<MobileDeviceApplication>();
        app->SetAttribute("DeviceId", UintegerValue(firstId + i));
        app->SetAttribute("Policy", PointerValue(CreatePolicy()));
        app->SetAttribute(
            "ServerAddress",
            Ipv4AddressValue(serverAddress.size() == 1 ? serverAddress[0] : serverAddress[i]));
        nodes.Get(i)->AddApplication(app);
        m_devices.push_back(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
DnnSurgeryHelper::Install(const DnnSurgeryTopology& topology)
{
    ApplicationContainer apps;
    if (topology.servers.GetN() > 1)
    {
        for (uint32_t k = 0; k < topology.servers.GetN(); ++k)
        {
            apps.Add(InstallServer(topology.servers.Get(k)));
        }
    }
    else
    {
        apps.Add(InstallServer(topology.server));
    }
    ApplicationContainer devs = InstallDevices(topology.devices, topology.serverAddress);
    if (!topology.cellServers.empty())
    {
        for (uint32_t k = 0; k < devs.GetN(); ++k)
        {
            DynamicCast<MobileDeviceApplication>(devs.Get(k))->SetCellServers(topology.cellServers);
        }
    }
    if (topology.linkMonitors.size() == devs.GetN())
    {
        ConnectAccessLinks(devs, topology.linkMonitors);
    }
    else
    {
        ConnectWifiLinkState(devs);
    }
    apps.Add(devs);
    return apps;
}

void
DnnSurgeryHelper::ConnectWifiLinkState(ApplicationContainer devices)
{
    for (uint32_t k = 0; k < devices.GetN(); ++k)
    {
        Ptr<MobileDeviceApplication> app = DynamicCast<MobileDeviceApplication>(devices.Get(k));
        if (!app)
        {
            continue;
        }
        Ptr<Node> node = app->GetNode();
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<WifiNetDevice> wifi = DynamicCast<WifiNetDevice>(node->GetDevice(d));
            if (!wifi)
            {
                continue;
            }
            Ptr<StaWifiMac> mac = DynamicCast<StaWifiMac>(wifi->GetMac());
            if (!mac)
            {
                continue;
            }
            // the same mechanism as a topology's monitors (no roaming, cells unknown)
            Ptr<WifiLinkMonitor> monitor = CreateObject<WifiLinkMonitor>();
            monitor->Attach(mac, {}, false);
            app->SetAccessLinkMonitor(monitor);
        }
    }
}

void
DnnSurgeryHelper::ConnectAccessLinks(ApplicationContainer devices,
                                     const std::vector<Ptr<AccessLinkMonitor>>& monitors)
{
    if (monitors.size() != devices.GetN())
    {
        throw DnnSurgeryError("DnnSurgeryHelper::ConnectAccessLinks: field 'monitors': need one "
                              "per device (got " +
                              std::to_string(monitors.size()) + " for " +
                              std::to_string(devices.GetN()) + " devices)");
    }
    for (uint32_t k = 0; k < devices.GetN(); ++k)
    {
        Ptr<MobileDeviceApplication> app = DynamicCast<MobileDeviceApplication>(devices.Get(k));
        if (app && monitors[k])
        {
            app->SetAccessLinkMonitor(monitors[k]);
        }
    }
}

int64_t
DnnSurgeryHelper::AssignStreams(NodeContainer c, int64_t stream)
{
    int64_t current = stream;
    for (uint32_t n = 0; n < c.GetN(); ++n)
    {
        Ptr<Node> node = c.Get(n);
        for (uint32_t a = 0; a < node->GetNApplications(); ++a)
        {
            Ptr<MobileDeviceApplication> app =
                DynamicCast<MobileDeviceApplication>(node->GetApplication(a));
            if (app)
            {
                current += app->AssignStreams(current);
            }
        }
    }
    return current - stream;
}

void
DnnSurgeryHelper::TraceRequests(Callback<void, const DnnSurgeryRequestRecord&> cb)
{
    for (auto& d : m_devices)
    {
        d->TraceConnectWithoutContext("Request", cb);
    }
}

void
DnnSurgeryHelper::TraceRates(Callback<void, uint32_t, double, double, double, bool> cb)
{
    for (auto& d : m_devices)
    {
        d->TraceConnectWithoutContext("RateEstimate", cb);
    }
}

void
DnnSurgeryHelper::TraceShares(Callback<void, uint32_t, uint32_t, double, double> cb)
{
    for (auto& d : m_devices)
    {
        d->TraceConnectWithoutContext("Share", cb);
    }
}

void
DnnSurgeryHelper::TraceEnvelopes(Callback<void, uint32_t, const DnnSurgeryEnvelopeReport&> cb)
{
    for (auto& d : m_devices)
    {
        d->TraceConnectWithoutContext("Envelope", cb);
    }
}

void
DnnSurgeryHelper::TraceLinks(Callback<void, uint32_t, bool, const std::string&> cb)
{
    for (auto& d : m_devices)
    {
        d->TraceConnectWithoutContext("Link", cb);
    }
}

void
DnnSurgeryHelper::TraceRounds(Callback<void, const DnnSurgeryRoundRecord&> cb)
{
    for (auto& s : m_servers)
    {
        s->TraceConnectWithoutContext("Round", cb);
    }
}

const std::vector<Ptr<MecServerApplication>>&
DnnSurgeryHelper::GetServers() const
{
    return m_servers;
}

const std::vector<Ptr<MobileDeviceApplication>>&
DnnSurgeryHelper::GetDevices() const
{
    return m_devices;
}

} // namespace ns3
