/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "request-rate-meter.h"

#include <algorithm>
#include <cmath>

/**
 * \file
 * \ingroup dnn-surgery
 * Implementation of RequestRateMeter.
 */

namespace ns3
{

RequestRateMeter::RequestRateMeter(double timeConstant, uint32_t minGaps)
    : m_tau(std::max(timeConstant, 1e-9)),
      m_minGaps(std::max<uint32_t>(minGaps, 1))
{
}

void
RequestRateMeter::SetTimeConstant(double timeConstant)
{
    m_tau = std::max(timeConstant, 1e-9);
}

void
RequestRateMeter::Arrival(double time)
{
    if (m_count == 0)
    {
        m_first = time;
    }
    else
    {
        const double gap = std::max(0.0, time - m_last);
        if (m_last - m_first < m_tau)
        {
            // warm-up: the plain mean of the m_count gaps so far
            m_meanGap += (gap - m_meanGap) / static_cast<double>(m_count);
        }
        else
        {
            const double alpha = 1 - std::exp(-gap / m_tau);
            m_meanGap = (1 - alpha) * m_meanGap + alpha * gap;
        }
    }
    m_last = time;
    ++m_count;
}

double
RequestRateMeter::GetRate() const
{
    return m_count > m_minGaps && m_meanGap > 0 ? 1 / m_meanGap : 0.0;
}

uint64_t
RequestRateMeter::GetArrivals() const
{
    return m_count;
}

} // namespace ns3
