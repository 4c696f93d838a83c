/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_ACCESS_LINK_MONITOR_H
#define DNN_SURGERY_ACCESS_LINK_MONITOR_H

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * The one interface through which the access network (Wi-Fi, LTE) reaches the applications.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * One handover as the device application saw it (the handovers table).
 */
struct DnnSurgeryHandoverRecord
{
    uint32_t deviceId{0};         //!< device i
    std::string kind;             //!< "x2", "wifi-reassoc"
    uint32_t source{0xffffffffu}; //!< cell (LTE cell id, Wi-Fi AP index) before
    uint32_t target{0xffffffffu}; //!< cell after (0xffffffff: none, the handover failed)
    Time start{-1};               //!< handover start
    Time end{-1};                 //!< handover end (-1: still in progress at the end)
    bool ok{false};               //!< ended in a cell, the connection kept
    Time firstReceive{-1};        //!< first data from the server after the end (-1: none)
    uint32_t inFlight{0};         //!< offloaded requests awaiting their result at the start

    /**
     * \brief The interruption as the application saw it.
     * \return first data received after the end minus the start; -1 s if none was received
     */
    Time GetInterruption() const
    {
        return firstReceive.IsNegative() ? Seconds(-1) : firstReceive - start;
    }
};

/**
 * \ingroup dnn-surgery
 * \brief What a device application needs to know of its access network: whether its link is
 * up, which cell (LTE eNB cell id, or Wi-Fi AP index) serves it, and when it changes cell.
 *
 * A subclass translates the technology's own trace sources (StaWifiMac Assoc/DeAssoc,
 * LteUeRrc ConnectionEstablished/HandoverStart/HandoverEndOk/...) into four events, which it
 * passes to the listener set with SetListener():
 *
 * - link up (the device can reach the server; the first association or RRC connection);
 * - link down (the device lost its address or its connection: the application falls back and
 *   reconnects later, as on a Wi-Fi network without roaming);
 * - handover start (the device leaves its serving cell but keeps its address and its
 *   connections: LTE X2 handover, Wi-Fi re-association in a roaming ESS);
 * - handover end (the device is served by a cell again; ok is false if the procedure failed).
 *
 * The applications have no branch on the technology: they only see these events.
 */
class AccessLinkMonitor : public Object
{
  public:
    /// No cell (not yet attached, or the target of a handover that is not known yet).
    static constexpr uint32_t NO_CELL = 0xffffffffu;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AccessLinkMonitor();
    ~AccessLinkMonitor() override;

    /**
     * \brief Set who hears the events (the device application). Replaces an earlier listener.
     * \param linkUp link up, with the serving cell
     * \param linkDown link down, with the cell it was served by
     * \param handoverStart handover start: source cell, target cell (NO_CELL if not known)
     * \param handoverEnd handover end: the serving cell now, and whether it succeeded
     */
    void SetListener(Callback<void, uint32_t> linkUp,
                     Callback<void, uint32_t> linkDown,
                     Callback<void, uint32_t, uint32_t> handoverStart,
                     Callback<void, uint32_t, bool> handoverEnd);

    /**
     * \brief The serving cell.
     * \return the cell id (LTE) or AP index (Wi-Fi); NO_CELL if none
     */
    uint32_t GetServingCell() const;

    /**
     * \brief Whether the link is up (a cell serves the device, or a handover is in progress).
     * \return true if up
     */
    bool IsUp() const;

    /**
     * \brief Whether a handover is in progress.
     * \return true between handover start and handover end
     */
    bool InHandover() const;

    /**
     * \brief The kind of cell change this network makes, as recorded in the handovers table.
     * \return e.g. "x2" or "wifi-reassoc"
     */
    virtual std::string GetHandoverKind() const = 0;

    /**
     * \brief The technology, for messages and records.
     * \return e.g. "lte" or "wifi"
     */
    virtual std::string GetTechnology() const = 0;

  protected:
    void DoDispose() override;

    /**
     * \brief Report that the link is up.
     * \param cell the serving cell
     */
    void ReportLinkUp(uint32_t cell);
    /**
     * \brief Report that the link is down (address or connection lost).
     */
    void ReportLinkDown();
    /**
     * \brief Report the start of a handover (address kept).
     * \param target the target cell, NO_CELL if not known yet
     */
    void ReportHandoverStart(uint32_t target);
    /**
     * \brief Report the end of a handover.
     * \param cell the serving cell now
     * \param ok whether the handover succeeded
     */
    void ReportHandoverEnd(uint32_t cell, bool ok);

  private:
    uint32_t m_cell{NO_CELL};                           //!< serving cell
    bool m_up{false};                                   //!< link up
    bool m_inHandover{false};                           //!< handover in progress
    Callback<void, uint32_t> m_linkUp;                  //!< listener: link up
    Callback<void, uint32_t> m_linkDown;                //!< listener: link down
    Callback<void, uint32_t, uint32_t> m_handoverStart; //!< listener: handover start
    Callback<void, uint32_t, bool> m_handoverEnd;       //!< listener: handover end
};

} // namespace ns3

#endif /* DNN_SURGERY_ACCESS_LINK_MONITOR_H */
