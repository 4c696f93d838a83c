/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "partition-cost.h"

#include <limits>

namespace ns3
{

double
PartitionCost::A() const
{
    return deviceTime + uploadTime + downloadTime + rtt;
}

double
PartitionCost::B() const
{
    return serverWork;
}

double
PartitionCost::Latency(double f) const
{
    if (serverWork <= 0)
    {
        return A();
    }
    if (!(f > 0))
    {
        return std::numeric_limits<double>::infinity();
    }
    return A() + serverWork / f;
}

double
PartitionCost::ServerTime(double f) const
{
    if (serverWork <= 0)
    {
        return 0;
    }
    if (!(f > 0))
    {
        return std::numeric_limits<double>::infinity();
    }
    return serverWork / f;
}

bool
PartitionCost::Offloads() const
{
    return serverLayers > 0;
}

bool
Placement::operator==(const Placement& other) const
{
    return onServer == other.onServer;
}

std::string
Placement::ToString() const
{
    std::string s;
    s.reserve(onServer.size());
    for (bool b : onServer)
    {
        s.push_back(b ? 'S' : 'D');
    }
    return s;
}

} // namespace ns3
