/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "run-statistics.h"

#include "dnn-surgery-error.h"

#include <cmath>
#include <string>

namespace ns3
{

namespace
{

/**
 * \brief Continued fraction of the regularised incomplete beta function (Numerical Recipes'
 * modified Lentz method).
 * \param a first parameter
 * \param b second parameter
 * \param x the point in [0, 1]
 * \return the continued fraction
 */
double
BetaContinuedFraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    d = std::fabs(d) < tiny ? tiny : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; ++m)
    {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        d = std::fabs(d) < tiny ? tiny : d;
        c = 1 + aa / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        d = std::fabs(d) < tiny ? tiny : d;
        c = 1 + aa / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < 1e-15)
        {
            break;
        }
    }
    return h;
}

/**
 * \brief Regularised incomplete beta function I_x(a, b).
 * \param a first parameter (> 0)
 * \param b second parameter (> 0)
 * \param x the point in [0, 1]
 * \return I_x(a, b)
 */
double
IncompleteBeta(double a, double b, double x)
{
    if (x <= 0)
    {
        return 0;
    }
    if (x >= 1)
    {
        return 1;
    }
    double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) +
                            b * std::log(1 - x));
    if (x < (a + 1) / (a + b + 2))
    {
        return front * BetaContinuedFraction(a, b, x) / a;
    }
    return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

} // namespace

double
RunStatistics::StudentTCdf(double t, uint32_t dof)
{
    if (dof < 1)
    {
        throw DnnSurgeryError("Student t: degrees of freedom must be >= 1");
    }
    double v = dof;
    double tail = 0.5 * IncompleteBeta(v / 2, 0.5, v / (v + t * t));
    return t >= 0 ? 1 - tail : tail;
}

double
RunStatistics::StudentT(uint32_t dof, double level)
{
    if (dof < 1)
    {
        throw DnnSurgeryError("Student t: degrees of freedom must be >= 1");
    }
    if (!(level > 0 && level < 1))
    {
        throw DnnSurgeryError("Student t: confidence level " + std::to_string(level) +
                              " is not in (0, 1)");
    }
    if (std::fabs(level - 0.95) < 1e-12)
    {
        static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                       2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                       2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                       2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
        if (dof <= 30)
        {
            return table[dof - 1];
        }
    }
    // bisection on the CDF: P(T <= t) = 1 - (1 - level) / 2
    double target = 1 - (1 - level) / 2;
    double lo = 0;
    double hi = 1;
    while (StudentTCdf(hi, dof) < target)
    {
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12; ++i)
    {
        double mid = 0.5 * (lo + hi);
        (StudentTCdf(mid, dof) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

MeanInterval
RunStatistics::Interval(const std::vector<double>& values, double level)
{
    MeanInterval r;
    double sum = 0;
    for (double v : values)
    {
        if (!std::isnan(v))
        {
            sum += v;
            r.n++;
        }
    }
    if (r.n == 0)
    {
        return r;
    }
    r.mean = sum / r.n;
    if (r.n < 2)
    {
        return r;
    }
    double ss = 0;
    for (double v : values)
    {
        if (!std::isnan(v))
        {
            ss += (v - r.mean) * (v - r.mean);
        }
    }
    r.stddev = std::sqrt(ss / (r.n - 1));
    r.halfWidth = StudentT(r.n - 1, level) * r.stddev / std::sqrt(static_cast<double>(r.n));
    return r;
}

double
RunStatistics::JainIndex(const std::vector<double>& values)
{
    double sum = 0;
    double sq = 0;
    uint32_t n = 0;
    for (double v : values)
    {
        if (!std::isnan(v))
        {
            sum += v;
            sq += v * v;
            n++;
        }
    }
    if (n == 0 || sq <= 0)
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return sum * sum / (n * sq);
}

} // namespace ns3
