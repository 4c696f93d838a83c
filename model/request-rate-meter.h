/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_REQUEST_RATE_METER_H
#define DNN_SURGERY_REQUEST_RATE_METER_H

#include <cstdint>

/**
 * \file
 * \ingroup dnn-surgery
 * A device's measurement of its own request rate mu_i (formulation, section 8). Plain C++: no
 * Simulator.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * \brief EWMA of the inter-arrival times of a device's own requests, with a time constant.
 *
 * On the arrival at time t after one at t', with gap g = t - t' and time constant tau, the mean
 * gap m becomes m <- (1 - alpha) m + alpha g, alpha = 1 - exp(-g / tau) (the first gap sets
 * m = g): old gaps count with weight exp(-elapsed / tau) whatever the rate. The rate is 1 / m;
 * it is 0 until two requests have arrived (no measurement yet).
 */
class RequestRateMeter
{
  public:
    /**
     * \brief Create a meter.
     * \param timeConstant tau (s), > 0 (a non-positive value is taken as 1e-9 s)
     */
    explicit RequestRateMeter(double timeConstant = 5.0);

    /**
     * \brief Set the time constant (keeps the measurement).
     * \param timeConstant tau (s), > 0
     */
    void SetTimeConstant(double timeConstant);

    /**
     * \brief Record one arrival.
     * \param time the arrival time (s), non-decreasing
     */
    void Arrival(double time);

    /**
     * \brief The measured rate.
     * \return 1 / mean gap (requests/s); 0 before the second arrival or for a zero mean gap
     */
    double GetRate() const;

    /**
     * \brief Number of arrivals recorded.
     * \return the count
     */
    uint64_t GetArrivals() const;

  private:
    double m_tau;        //!< time constant (s)
    double m_last{0};    //!< time of the last arrival (s)
    double m_meanGap{0}; //!< EWMA of the gaps (s)
    uint64_t m_count{0}; //!< arrivals recorded
};

} // namespace ns3

#endif /* DNN_SURGERY_REQUEST_RATE_METER_H */
