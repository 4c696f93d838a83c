/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_RUN_STATISTICS_H
#define DNN_SURGERY_RUN_STATISTICS_H

#include <cstdint>
#include <limits>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Statistics across independent runs: the mean of run means with a Student t confidence
 * interval, and Jain's fairness index. Pure functions, no simulator.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * A mean over independent runs with its confidence interval.
 */
struct MeanInterval
{
    double mean{std::numeric_limits<double>::quiet_NaN()}; //!< mean of the values
    /// half-width of the two-sided interval; NaN with fewer than 2 values
    double halfWidth{std::numeric_limits<double>::quiet_NaN()};
    double stddev{std::numeric_limits<double>::quiet_NaN()}; //!< sample standard deviation
    uint32_t n{0};                                           //!< values used (NaN ones skipped)
};

/**
 * \ingroup dnn-surgery
 * Statistics across runs.
 */
class RunStatistics
{
  public:
    /**
     * \brief The two-sided Student t quantile t_{1 - (1 - level)/2, dof}.
     *
     * Exact to 3 decimals for level 0.95 (table for dof 1..30, 40, 60, 120, then the normal
     * 1.960); other levels are computed by bisection on the t distribution's CDF (regularised
     * incomplete beta function).
     * \param dof degrees of freedom (>= 1)
     * \param level confidence level in (0, 1)
     * \return the quantile
     */
    static double StudentT(uint32_t dof, double level = 0.95);

    /**
     * \brief CDF of Student's t distribution.
     * \param t the point
     * \param dof degrees of freedom (>= 1)
     * \return P(T <= t)
     */
    static double StudentTCdf(double t, uint32_t dof);

    /**
     * \brief Mean and confidence interval over independent runs (Student t over run means).
     * NaN values (a run without the figure) are skipped and not counted.
     * \param values one value per run
     * \param level confidence level
     * \return mean, half-width (NaN when fewer than 2 values), standard deviation, n
     */
    static MeanInterval Interval(const std::vector<double>& values, double level = 0.95);

    /**
     * \brief Jain's fairness index (sum x)^2 / (n sum x^2), in [1/n, 1]; 1 = all equal.
     * NaN values are skipped.
     * \param values per-device figures (>= 0)
     * \return the index, NaN when there is no value or all are 0
     */
    static double JainIndex(const std::vector<double>& values);
};

} // namespace ns3

#endif /* DNN_SURGERY_RUN_STATISTICS_H */
