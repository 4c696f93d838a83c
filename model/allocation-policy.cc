/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "allocation-policy.h"

#include "dnn-surgery-error.h"
#include "social-optimum.h"

#include <cmath>
#include <cstdlib>

/**
 * \file
 * \ingroup dnn-surgery
 * The allocation policies "equal", "greedy", "optimum" and "game".
 */

namespace ns3
{

std::vector<double>
AllocationPolicy::Allocate(const std::vector<GamePlayer>& players, const GameParams& params) const
{
    return AllocateWithPlacement(players, params).shares;
}

Allocation
AllocationPolicy::FromShares(const std::vector<GamePlayer>& players,
                             const std::vector<double>& shares)
{
    Allocation a;
    a.shares = shares;
    a.curves.resize(players.size());
    a.latencies.resize(players.size());
    for (std::size_t i = 0; i < players.size(); ++i)
    {
        a.curves[i] = AllocationGame::BestCurve(players[i], shares[i]);
        a.latencies[i] = AllocationGame::Latency(players[i], shares[i]);
    }
    return a;
}

namespace
{

/// "equal": F / N to every device, placement by the envelope at F / N.
class EqualAllocationPolicy : public AllocationPolicy
{
  public:
    Allocation AllocateWithPlacement(const std::vector<GamePlayer>& players,
                                     const GameParams& params) const override
    {
        AllocationGame::Validate(players, params);
        const double share = players.empty() ? 0.0 : params.capacity / players.size();
        std::vector<double> shares(players.size(), share);
        AllocationGame::ClampToCapacity(shares, params.capacity);
        return FromShares(players, shares);
    }

    std::string GetName() const override
    {
        return "equal";
    }
};

/// "greedy": placement for the whole server, equal processor sharing among the offloaders.
class GreedyAllocationPolicy : public AllocationPolicy
{
  public:
    Allocation AllocateWithPlacement(const std::vector<GamePlayer>& players,
                                     const GameParams& params) const override
    {
        AllocationGame::Validate(players, params);
        const std::size_t n = players.size();
        Allocation a;
        a.shares.assign(n, 0.0);
        a.curves.assign(n, -1);
        a.latencies.assign(n, 0.0);
        std::size_t m = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            a.curves[i] = AllocationGame::BestCurve(players[i], params.capacity);
            m += a.curves[i] >= 0 ? 1 : 0;
        }
        const double share = m > 0 ? params.capacity / m : 0.0;
        for (std::size_t i = 0; i < n; ++i)
        {
            a.shares[i] = a.curves[i] >= 0 ? share : 0.0;
        }
        AllocationGame::ClampToCapacity(a.shares, params.capacity);
        for (std::size_t i = 0; i < n; ++i)
        {
            if (a.curves[i] >= 0)
            {
                const LatencyCurve& c = players[i].curves[a.curves[i]];
                a.latencies[i] = c.a + c.b / a.shares[i];
            }
            else
            {
                a.latencies[i] = players[i].localLatency;
            }
        }
        return a;
    }

    std::string GetName() const override
    {
        return "greedy";
    }
};

/// "optimum": the grid social optimum.
class OptimumAllocationPolicy : public AllocationPolicy
{
  public:
    /**
     * \brief Constructor.
     * \param gridLevels K
     */
    explicit OptimumAllocationPolicy(uint32_t gridLevels)
        : m_gridLevels(gridLevels)
    {
    }

    Allocation AllocateWithPlacement(const std::vector<GamePlayer>& players,
                                     const GameParams& params) const override
    {
        return FromShares(players, SocialOptimum::Solve(players, params, m_gridLevels).shares);
    }

    std::string GetName() const override
    {
        return "optimum";
    }

  private:
    uint32_t m_gridLevels; //!< K
};

/// "game": the DDS equilibrium of sequential best responses from zero.
class GameAllocationPolicy : public AllocationPolicy
{
  public:
    Allocation AllocateWithPlacement(const std::vector<GamePlayer>& players,
                                     const GameParams& params) const override
    {
        return FromShares(players, AllocationGame::RunSequential(players, params).shares);
    }

    std::string GetName() const override
    {
        return "game";
    }
};

} // namespace

std::vector<std::string>
AllocationPolicy::GetNames()
{
    return {"equal", "greedy", "optimum", "game"};
}

std::unique_ptr<AllocationPolicy>
AllocationPolicy::Create(const std::string& name)
{
    if (name == "equal")
    {
        return std::make_unique<EqualAllocationPolicy>();
    }
    if (name == "greedy")
    {
        return std::make_unique<GreedyAllocationPolicy>();
    }
    if (name == "game")
    {
        return std::make_unique<GameAllocationPolicy>();
    }
    if (name == "optimum")
    {
        return std::make_unique<OptimumAllocationPolicy>(1000);
    }
    const std::string prefix = "optimum:";
    if (name.compare(0, prefix.size(), prefix) == 0)
    {
        const std::string levels = name.substr(prefix.size());
        char* end = nullptr;
        const unsigned long k = std::strtoul(levels.c_str(), &end, 10);
        if (levels.empty() || *end != '\0' || k < 1 || k > 1000000)
        {
            throw DnnSurgeryError("allocation policy '" + name +
                                  "': field 'K': must be an integer in [1, 1000000]");
        }
        return std::make_unique<OptimumAllocationPolicy>(static_cast<uint32_t>(k));
    }
    throw DnnSurgeryError("allocation policy '" + name +
                          "': unknown name; available: equal, greedy, optimum[:K], game");
}

} // namespace ns3
