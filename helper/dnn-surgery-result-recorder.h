/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_RESULT_RECORDER_H
#define DNN_SURGERY_RESULT_RECORDER_H

#include "ns3/mec-server-application.h"
#include "ns3/mobile-device-application.h"
#include "ns3/ptr.h"
#include "ns3/result-store.h"

#include <map>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * Connects the applications' trace sources to a ResultStore.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Turns the trace sources of the MEC server and the mobile devices into result-store rows:
 * Request -> requests (and placements when a device's placement changes), RateEstimate ->
 * rate_estimates, Grant -> allocations (price p(S) = p0 + kappa S, payment f_i p(S)), Round ->
 * game_rounds. It must outlive the simulation run it is connected to.
 */
class DnnSurgeryResultRecorder
{
  public:
    /**
     * \brief Construct.
     * \param store the store (a run must be open while the simulation runs)
     * \param p0 base price p0 of the server
     * \param kappa price slope kappa of the server
     */
    DnnSurgeryResultRecorder(ResultStore& store, double p0, double kappa);

    /**
     * \brief Record the server's grants and game epochs.
     * \param server the server application
     */
    void ConnectServer(Ptr<MecServerApplication> server);

    /**
     * \brief Record a device's requests, placements, rate estimates and handovers.
     * \param device the device application
     */
    void ConnectDevice(Ptr<MobileDeviceApplication> device);

    /**
     * \brief Requests recorded for a device, by outcome.
     * \param device device index
     * \param outcome the outcome
     * \return the count
     */
    uint64_t GetCount(uint32_t device, RequestOutcome outcome) const;

  private:
    /**
     * \brief Request trace sink.
     * \param r the resolved request
     */
    void OnRequest(const DnnSurgeryRequestRecord& r);
    /**
     * \brief Handover trace sink.
     * \param h the handover
     */
    void OnHandover(const DnnSurgeryHandoverRecord& h);
    /**
     * \brief Rate trace sink.
     * \param device device index
     * \param up r_i (bit/s)
     * \param down r'_i (bit/s)
     * \param rtt RTT_i (s)
     * \param reentered the change re-entered the game
     */
    void OnRate(uint32_t device, double up, double down, double rtt, bool reentered);
    /**
     * \brief Grant trace sink.
     * \param device device index
     * \param epoch epoch
     * \param share f_i granted
     * \param aggregate S after the grant
     */
    void OnGrant(uint32_t device, uint32_t epoch, double share, double aggregate);
    /**
     * \brief Epoch trace sink.
     * \param r the epoch
     */
    void OnRound(const DnnSurgeryRoundRecord& r);

    ResultStore& m_store;                        //!< destination
    double m_p0;                                 //!< p0
    double m_kappa;                              //!< kappa
    std::map<uint32_t, std::string> m_placement; //!< last placement per device
    std::map<uint32_t, uint64_t> m_counts[4];    //!< requests per outcome and device
};

} // namespace ns3

#endif /* DNN_SURGERY_RESULT_RECORDER_H */
