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

RateEstimator::RateEstimator(double alpha, uint32_t minSampleBytes, uint32_t aggregateBytes)
    : m_alpha(0.3),
      m_minSampleBytes(minSampleBytes),
      m_aggregateBytes(aggregateBytes)
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
RateEstimator::SetAggregateBytes(uint32_t bytes)
{
    m_aggregateBytes = bytes;
}

double
RateEstimator::TransferRate(double bytes, double start, double end) const
{
    double total = end - start;
    double time = total - std::min(m_minRtt / 2, total / 2);
    return m_haveRtt && bytes > 0 && time > 0 && std::isfinite(time) ? 8.0 * bytes / time : 0.0;
}

void
RateEstimator::SetRates(double uplinkBps, double downlinkBps)
{
    m_up = uplinkBps;
    m_down = downlinkBps;
    m_haveUp = true;
    m_haveDown = true;
    m_upAggBytes = 0;
    m_upAggTime = 0;
    m_downAggBytes = 0;
    m_downAggTime = 0;
    m_samples += 2;
}

double
RateEstimator::GetMinRtt() const
{
    return m_minRtt;
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
    m_minRtt = m_haveRtt ? std::min(m_minRtt, rtt) : rtt;
    Update(m_rtt, m_haveRtt, rtt);
}

bool
RateEstimator::AddTransfer(double bytes,
                           double start,
                           double end,
                           double& prevEnd,
                           double& value,
                           bool& have,
                           double& aggBytes,
                           double& aggTime)
{
    double from = std::max(start + m_rtt / 2, prevEnd);
    prevEnd = std::max(prevEnd, end);
    if (!(bytes > 0) || !std::isfinite(end - from))
    {
        return false;
    }
    if (bytes >= m_minSampleBytes)
    {
        if (!(end > from))
        {
            return false;
        }
        Update(value, have, 8.0 * bytes / (end - from));
        return true;
    }
    // A small transfer: its time beyond RTT/2 is summed as measured (it may be slightly
    // negative when this one-way trip was shorter than RTT/2), so that the aggregate is the
    // ratio of the sums and not biased by dropping the short ones.
    aggBytes += bytes;
    aggTime += end - from;
    if (aggBytes < m_aggregateBytes)
    {
        return false;
    }
    double sumBytes = aggBytes;
    double sumTime = aggTime;
    aggBytes = 0;
    aggTime = 0;
    if (!(sumTime > 0))
    {
        return false;
    }
    Update(value, have, 8.0 * sumBytes / sumTime);
    return true;
}

bool
RateEstimator::AddUplinkTransfer(double bytes, double start, double end)
{
    return AddTransfer(bytes, start, end, m_prevUpEnd, m_up, m_haveUp, m_upAggBytes, m_upAggTime);
}

bool
RateEstimator::AddDownlinkTransfer(double bytes, double start, double end)
{
    return AddTransfer(bytes,
                       start,
                       end,
                       m_prevDownEnd,
                       m_down,
                       m_haveDown,
                       m_downAggBytes,
                       m_downAggTime);
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
