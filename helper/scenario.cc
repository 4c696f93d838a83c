/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario.h"

#include <fstream>

namespace ns3
{

std::string
ScenarioDevices::GetModel(uint32_t i) const
{
    if (models.empty())
    {
        return "";
    }
    // smooth weighted round robin: each step every entry gains its weight, the richest is
    // chosen and pays the total; the sequence interleaves the mix in proportion to the weights
    double total = 0;
    for (const auto& m : models)
    {
        total += m.weight;
    }
    std::vector<double> current(models.size(), 0.0);
    std::size_t chosen = 0;
    for (uint32_t step = 0; step <= i; ++step)
    {
        chosen = 0;
        for (std::size_t k = 0; k < models.size(); ++k)
        {
            current[k] += models[k].weight;
            if (current[k] > current[chosen])
            {
                chosen = k;
            }
        }
        current[chosen] -= total;
    }
    return models[chosen].name;
}

std::string
Scenario::ResolveTrace() const
{
    const std::string& t = mobility.trace;
    if (t.empty() || t[0] == '/' || directory.empty())
    {
        return t;
    }
    const std::string near = directory + "/" + t;
    return std::ifstream(near) ? near : t;
}

} // namespace ns3
