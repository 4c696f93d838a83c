/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_WIFI_LINK_MONITOR_H
#define DNN_SURGERY_WIFI_LINK_MONITOR_H

#include "access-link-monitor.h"

#include "ns3/mac48-address.h"
#include "ns3/ptr.h"

#include <map>

/**
 * \file
 * \ingroup dnn-surgery
 * The Wi-Fi station's association, as an AccessLinkMonitor.
 */

namespace ns3
{

class StaWifiMac;

/**
 * \ingroup dnn-surgery
 * \brief A Wi-Fi station's association state (StaWifiMac traces "Assoc" and "DeAssoc").
 *
 * Without roaming (one SSID and one subnet per AP) a de-association is a link down: the
 * station loses its AP and, with it, the only path to its address. With roaming (one SSID and
 * one subnet over a bridged backhaul) a de-association starts a handover: the station scans,
 * re-associates with an AP of the same ESS, keeps its address and its TCP connections, and the
 * next association ends the handover, and the station broadcasts a Layer 2 Update frame so that
 * the bridges of the backhaul learn its new AP at once. ns-3's station re-associates when it
 * misses MaxMissedBeacons beacons of its AP (it does not roam proactively to a better AP).
 */
class WifiLinkMonitor : public AccessLinkMonitor
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WifiLinkMonitor();
    ~WifiLinkMonitor() override;

    /**
     * \brief Listen to a station.
     * \param mac the station's MAC
     * \param apIndex the AP index (the cell number recorded) of each AP's BSSID
     * \param roaming whether the APs form one ESS (a de-association is a handover)
     */
    void Attach(Ptr<StaWifiMac> mac, const std::map<Mac48Address, uint32_t>& apIndex, bool roaming);

    std::string GetHandoverKind() const override;
    std::string GetTechnology() const override;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Associated.
     * \param ap the AP's BSSID
     */
    void Assoc(Mac48Address ap);
    /**
     * \brief De-associated.
     * \param ap the AP's BSSID
     */
    void DeAssoc(Mac48Address ap);
    /**
     * \brief The cell number of an AP.
     * \param ap BSSID
     * \return its index, NO_CELL if not known
     */
    uint32_t IndexOf(Mac48Address ap) const;
    /**
     * \brief Broadcast an 802.11F Layer 2 Update frame from the station (roaming).
     */
    void SendLayer2Update();

    static constexpr uint16_t LAYER2_UPDATE_ETHERTYPE = 0x88B5; //!< IEEE local experimental
    static constexpr uint32_t LAYER2_UPDATE_BYTES = 8;          //!< payload of the frame

    Ptr<StaWifiMac> m_mac;                      //!< the station
    std::map<Mac48Address, uint32_t> m_apIndex; //!< AP index by BSSID
    bool m_roaming{false};                      //!< one ESS
};

} // namespace ns3

#endif /* DNN_SURGERY_WIFI_LINK_MONITOR_H */
