/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_LTE_LINK_MONITOR_H
#define DNN_SURGERY_LTE_LINK_MONITOR_H

#include "access-link-monitor.h"

#include "ns3/ptr.h"

/**
 * \file
 * \ingroup dnn-surgery
 * An LTE UE's RRC state, as an AccessLinkMonitor.
 */

namespace ns3
{

class LteUeRrc;

/**
 * \ingroup dnn-surgery
 * \brief An LTE UE's connection and handovers (LteUeRrc traces).
 *
 * - ConnectionEstablished: link up in that cell (the first RRC connection, or a reconnection
 *   after a radio link failure);
 * - HandoverStart: handover start (X2: the UE keeps its EPS bearer, its IP address and its TCP
 *   connections, the source eNB forwards what it holds to the target);
 * - HandoverEndOk: handover end in the target cell;
 * - HandoverEndError and RadioLinkFailure: link down (the UE leaves the connected mode).
 */
class LteLinkMonitor : public AccessLinkMonitor
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LteLinkMonitor();
    ~LteLinkMonitor() override;

    /**
     * \brief Listen to a UE's RRC.
     * \param rrc the UE's RRC entity
     */
    void Attach(Ptr<LteUeRrc> rrc);

    std::string GetHandoverKind() const override;
    std::string GetTechnology() const override;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief RRC connection established.
     * \param imsi the UE
     * \param cellId the cell
     * \param rnti the RNTI
     */
    void ConnectionEstablished(uint64_t imsi, uint16_t cellId, uint16_t rnti);
    /**
     * \brief Handover started.
     * \param imsi the UE
     * \param cellId the source cell
     * \param rnti the RNTI
     * \param targetCellId the target cell
     */
    void HandoverStart(uint64_t imsi, uint16_t cellId, uint16_t rnti, uint16_t targetCellId);
    /**
     * \brief Handover ended in the target cell.
     * \param imsi the UE
     * \param cellId the target cell
     * \param rnti the new RNTI
     */
    void HandoverEndOk(uint64_t imsi, uint16_t cellId, uint16_t rnti);
    /**
     * \brief Handover failed, or radio link failure: the connection is lost.
     * \param imsi the UE
     * \param cellId the cell
     * \param rnti the RNTI
     */
    void ConnectionLost(uint64_t imsi, uint16_t cellId, uint16_t rnti);

    Ptr<LteUeRrc> m_rrc; //!< the UE's RRC
};

} // namespace ns3

#endif /* DNN_SURGERY_LTE_LINK_MONITOR_H */
