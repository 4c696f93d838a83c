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
 * Warm-up: while the arrivals recorded span less than tau, m is the plain mean of the gaps so
 * far. Afterwards, on the arrival at time t after one at t', with gap g = t - t' and time
 * constant tau, m <- (1 - alpha) m + alpha g, alpha = 1 - exp(-g / tau): old gaps count with
 * weight exp(-elapsed / tau) whatever the rate. The rate is 1 / m; it is 0 (no measurement yet)
 * until minGaps gaps have been seen, so that one short gap of a Poisson source does not make a
 * wild first estimate.
 */
class RequestRateMeter
{
  public:
    /**
     * \brief Create a meter.
     * \param timeConstant tau (s), > 0 (a non-positive value is taken as 1e-9 s)
     * \param minGaps gaps needed before the rate is reported (>= 1; 0 is taken as 1)
     */
    explicit RequestRateMeter(double timeConstant = 5.0, uint32_t minGaps = 4);

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
     * \return 1 / mean gap (requests/s); 0 before minGaps gaps or for a zero mean gap
     */
    double GetRate() const;

    /**
     * \brief Number of arrivals recorded.
     * \return the count
     */
    uint64_t GetArrivals() const;

  private:
    double m_tau;        //!< time constant (s)
    uint32_t m_minGaps;  //!< gaps needed before a rate is reported
    double m_first{0};   //!< time of the first arrival (s)
    double m_last{0};    //!< time of the last arrival (s)
    double m_meanGap{0}; //!< EWMA of the gaps (s)
    uint64_t m_count{0}; //!< arrivals recorded
};

} // namespace ns3

#endif /* DNN_SURGERY_REQUEST_RATE_METER_H */
