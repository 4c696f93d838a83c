/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_HELPER_H
#define DNN_SURGERY_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/callback.h"
#include "ns3/dnn-surgery-topology-helper.h"
#include "ns3/ipv4-address.h"
#include "ns3/mec-server-application.h"
#include "ns3/mobile-device-application.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/offloading-policy.h"

#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Installs the DDS server and device applications.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Installs one MecServerApplication and one MobileDeviceApplication per device (ObjectFactory
 * style, like ns-3's application helpers), keeps track of what it installed, and connects
 * their trace sources and the Wi-Fi association state of the devices.
 *
 * \code
 *   DnnSurgeryTopologyHelper topo;
 *   DnnSurgeryTopology t = topo.BuildWifi(4);
 *   DnnSurgeryHelper dds;
 *   dds.SetPolicy("dds");
 *   dds.SetDeviceAttribute("Model", StringValue("resnet18"));
 *   ApplicationContainer apps = dds.Install(t);
 *   dds.AssignStreams(t.devices, 100);
 *   dds.TraceRequests(MakeCallback(&OnRequest));
 * \endcode
 */
class DnnSurgeryHelper
{
  public:
    DnnSurgeryHelper();

    /**
     * \brief Set an attribute of the server application.
     * \param name attribute name
     * \param value attribute value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of every device application.
     * \param name attribute name
     * \param value attribute value
     */
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set the OffloadingPolicy of the server and the devices (as LteHelper sets its
     * handover algorithm): every application installed after this call gets its own instance,
     * made by an ObjectFactory of this type. The default is "dds".
     * \param policy a short name ("local", "full-offload", "neurosurgeon", "dads",
     *        "dads-greedy", "optimum", "dds", or the GetName of any registered subclass) or a
     *        TypeId name ("ns3::MyPolicy"), optionally with attributes "name[Attr=value|...]";
     *        throws DnnSurgeryError for an unknown policy, attribute or value
     */
    void SetPolicy(const std::string& policy);
    /**
     * \brief Set an attribute of the policy instances created from now on.
     * \param name attribute name (of the policy set by SetPolicy)
     * \param value attribute value
     */
    void SetPolicyAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief A new instance of the policy (what Install gives every application).
     * \return the policy
     */
    Ptr<OffloadingPolicy> CreatePolicy() const;

    /**
     * \brief Install the server.
     * \param node the server node
     * \return the application
     */
    ApplicationContainer InstallServer(Ptr<Node> node);
    /**
     * \brief Install devices; device i of the container gets DeviceId firstId + i.
     * \param nodes device nodes
     * \param serverAddress server address per device (or one for all)
     * \param firstId id of the first device
     * \return the applications
     */
    ApplicationContainer InstallDevices(NodeContainer nodes,
                                        const std::vector<Ipv4Address>& serverAddress,
                                        uint32_t firstId = 0);
    /**
     * \brief Install the server (every server, with per-cell servers) and all devices of a
     * topology, connect each device to its access link monitor (ConnectAccessLinks) and give
     * it the per-cell servers (MobileDeviceApplication::SetCellServers).
     * \param topology what a DnnSurgeryTopologyHelper built
     * \return server application first, then the devices in order
     */
    ApplicationContainer Install(const DnnSurgeryTopology& topology);

    /**
     * \brief Give each device application a WifiLinkMonitor of its node's station (no
     * roaming; for nodes built without a DnnSurgeryTopologyHelper).
     * \param devices device applications (their nodes' Wi-Fi station devices are used)
     */
    void ConnectWifiLinkState(ApplicationContainer devices);

    /**
     * \brief Give each device application its access link monitor (link up and down, serving
     * cell, handovers; Wi-Fi or LTE).
     * \param devices device applications, in the order of the monitors
     * \param monitors one per device (DnnSurgeryTopology::linkMonitors)
     */
    void ConnectAccessLinks(ApplicationContainer devices,
                            const std::vector<Ptr<AccessLinkMonitor>>& monitors);

    /**
     * \brief Assign fixed random streams to the device applications on these nodes.
     * \param c nodes
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(NodeContainer c, int64_t stream);

    /**
     * \brief Connect a callback to "Request" of every installed device.
     * \param cb the callback
     */
    void TraceRequests(Callback<void, const DnnSurgeryRequestRecord&> cb);
    /**
     * \brief Connect a callback to "RateEstimate" of every installed device.
     * \param cb the callback
     */
    void TraceRates(Callback<void, uint32_t, double, double, double, bool> cb);
    /**
     * \brief Connect a callback to "Share" of every installed device.
     * \param cb the callback
     */
    void TraceShares(Callback<void, uint32_t, uint32_t, double, double> cb);
    /**
     * \brief Connect a callback to "Envelope" of every installed device.
     * \param cb the callback
     */
    void TraceEnvelopes(Callback<void, uint32_t, const DnnSurgeryEnvelopeReport&> cb);
    /**
     * \brief Connect a callback to "Link" of every installed device.
     * \param cb the callback
     */
    void TraceLinks(Callback<void, uint32_t, bool, const std::string&> cb);
    /**
     * \brief Connect a callback to "Round" of every installed server.
     * \param cb the callback
     */
    void TraceRounds(Callback<void, const DnnSurgeryRoundRecord&> cb);

    /**
     * \brief The installed servers.
     * \return the applications
     */
    const std::vector<Ptr<MecServerApplication>>& GetServers() const;
    /**
     * \brief The installed devices.
     * \return the applications
     */
    const std::vector<Ptr<MobileDeviceApplication>>& GetDevices() const;

  private:
    ObjectFactory m_server;                              //!< server factory
    ObjectFactory m_device;                              //!< device factory
    ObjectFactory m_policy;                              //!< policy factory
    std::vector<Ptr<MecServerApplication>> m_servers;    //!< installed servers
    std::vector<Ptr<MobileDeviceApplication>> m_devices; //!< installed devices
};

} // namespace ns3

#endif /* DNN_SURGERY_HELPER_H */
