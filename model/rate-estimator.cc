/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "rate-estimator.h"

#include "dnn-surgery-error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

RateEstimator::RateEstimator(double alpha, uint32_t minSampleBytes)
    : m_alpha(0.3),
      m_minSampleBytes(minSampleBytes)
{
    SetAlpha(alpha);
}

void
RateEstimator::SetAlpha(double alpha)
{
    if (!(alpha > 0 && alpha <= 1))
    {
        std::ostringstream oss;
        oss << "RateEstimator: field 'alpha': must be in (0, 1] (got " << alpha << ")";
        throw DnnSurgeryError(oss.str());
    }
    m_alpha = alpha;
}

void
RateEstimator::SetMinSampleBytes(uint32_t bytes)
{
    m_minSampleBytes = bytes;
}

void
RateEstimator::Update(double& value, bool& have, double sample)
{
    value = have ? (1 - m_alpha) * value + m_alpha * sample : sample;
    have = true;
    ++m_samples;
}

void
RateEstimator::AddRttSample(double rtt)
{
    if (!(rtt >= 0) || !std::isfinite(rtt))
    {
        return;
    }
    Update(m_rtt, m_haveRtt, rtt);
}

bool
RateEstimator::AddTransfer(double bytes,
                           double start,
                           double end,
                           double& prevEnd,
                           double& value,
                           bool& have)
{
    double from = std::max(start + m_rtt / 2, prevEnd);
    prevEnd = std::max(prevEnd, end);
    if (bytes < m_minSampleBytes || !(end > from))
    {
        return false;
    }
    Update(value, have, 8.0 * bytes / (end - from));
    return true;
}

bool
RateEstimator::AddUplinkTransfer(double bytes, double start, double end)
{
    return AddTransfer(bytes, start, end, m_prevUpEnd, m_up, m_haveUp);
}

bool
RateEstimator::AddDownlinkTransfer(double bytes, double start, double end)
{
    return AddTransfer(bytes, start, end, m_prevDownEnd, m_down, m_haveDown);
}

void
RateEstimator::ResetStreams()
{
    m_prevUpEnd = -1;
    m_prevDownEnd = -1;
}

bool
RateEstimator::HasEstimate() const
{
    return m_haveUp && m_haveDown && m_haveRtt;
}

double
RateEstimator::GetUplinkBps() const
{
    return m_up;
}

double
RateEstimator::GetDownlinkBps() const
{
    return m_down;
}

double
RateEstimator::GetRtt() const
{
    return m_rtt;
}

uint32_t
RateEstimator::GetSamples() const
{
    return m_samples;
}

double
RateEstimator::RelativeChange(double uplinkBps, double downlinkBps) const
{
    if (uplinkBps <= 0 || downlinkBps <= 0)
    {
        return std::numeric_limits<double>::infinity();
    }
    return std::max(std::abs(m_up - uplinkBps) / uplinkBps,
                    std::abs(m_down - downlinkBps) / downlinkBps);
}

} // namespace ns3
