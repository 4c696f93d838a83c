/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_SOCIAL_OPTIMUM_H
#define DNN_SURGERY_SOCIAL_OPTIMUM_H

#include "allocation-game.h"

#include <cstdint>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The centralized social optimum of the allocation (formulation, section 6, "optimum") and the
 * price of anarchy of the game's equilibrium against it.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The social optimum on a grid of share levels, with bounds on the continuous optimum OPT.
 */
struct OptimumResult
{
    uint32_t gridLevels{0};       //!< K: shares are multiples of Delta = F / K
    double gridStep{0};           //!< Delta = F / K (FLOP/s)
    std::vector<uint32_t> levels; //!< k_i, f_i = k_i Delta, sum_i k_i <= K
    std::vector<double> shares;   //!< f_i = k_i Delta
    std::vector<int> curves;      //!< candidate achieving T*_i(f_i) (-1 = local)
    double sumLatency{0};         //!< OPT_K = sum_i T*_i(f_i), exact minimum over the grid
    /**
     * Continuous re-allocation keeping the grid solution's placements: offloading devices get
     * f_i = F sqrt(b_i) / sum_j sqrt(b_j) (the continuous optimum for those placements), so
     * OPT <= polishedSum <= OPT_K.
     */
    std::vector<double> polishedShares;
    double polishedSum{0}; //!< sum of latencies of polishedShares
    /**
     * Lagrangian (weak duality) lower bound max_mu sum_i min_f [T*_i(f) + mu f] - mu F <= OPT.
     * OPT lies in [lowerBound, polishedSum].
     */
    double lowerBound{0};
};

/**
 * \ingroup dnn-surgery
 * Price of anarchy (sum of latencies at the equilibrium / at the optimum), computed so that the
 * comparison is fair: see SocialOptimum::PriceOfAnarchy.
 */
struct PriceOfAnarchyResult
{
    double equilibriumSum{0};     //!< sum_i T*_i(f_i) at the equilibrium, exact shares
    double equilibriumGridSum{0}; //!< same with every share rounded DOWN to the grid (feasible)
    double optimumGridSum{0};     //!< OPT_K
    double optimumUpper{0};       //!< min(OPT_K, polished) >= OPT
    double optimumLower{0};       //!< Lagrangian bound <= OPT
    double poaGrid{0};            //!< equilibriumGridSum / OPT_K; >= 1 by construction
    double poaExact{0};           //!< equilibriumSum / OPT_K; < 1 only by grid error
    double poaLow{0};  //!< max(1, equilibriumSum / optimumUpper): lower bound of the true PoA
    double poaHigh{0}; //!< equilibriumSum / optimumLower: upper bound of the true PoA
};

/**
 * \ingroup dnn-surgery
 * The minimum of the game's own objective sum_i J_i over the feasible share profiles
 * (SocialOptimum::SolveGameObjective), for either cost model.
 */
struct GameObjectiveOptimum
{
    uint32_t gridLevels{0};     //!< K of the grid stage
    std::vector<double> shares; //!< the best profile found (sum <= F)
    double gridSum{0};          //!< min of sum_i J_i over the grid (exact over the grid)
    double sumCost{0};          //!< sum_i J_i at shares (<= gridSum, after the polish)
};

/**
 * \ingroup dnn-surgery
 * Price of anarchy on the game's own objective: sum_i J_i at the equilibrium / min sum_i J_i.
 */
struct GameObjectivePoaResult
{
    double equilibriumSum{0}; //!< sum_i J_i at the equilibrium
    /// min(optimum.sumCost, equilibriumSum): an upper bound of the true minimum (the
    /// equilibrium itself is feasible)
    double optimumSum{0};
    double poa{1}; //!< equilibriumSum / optimumSum (>= 1; a lower bound of the true ratio)
};

/**
 * \ingroup dnn-surgery
 * Centralized social optimum: minimise sum_i T*_i(f_i) subject to sum_i f_i <= F, exactly over
 * the grid f_i in {0, Delta, 2 Delta, ..., K Delta}, Delta = F / K, by a dynamic program over
 * the devices: V_i(k) = min_{0 <= j <= k} V_{i-1}(k - j) + T*_i(j Delta), O(N K^2) time,
 * O(N K) memory for the back-pointers.
 *
 * Grid error: the grid optimum OPT_K is feasible for the continuous problem, so OPT <= OPT_K.
 * Rounding the continuous optimum f* down to the grid keeps it feasible and costs device i at
 * most b_i Delta / (f*_i (f*_i - Delta)) when it uses candidate (a_i, b_i) at f*_i > Delta (and
 * at most A_local - T*_i(f*_i) otherwise), so OPT_K - OPT <= sum_i of those, O(1/K). The result
 * also carries an a-posteriori certificate: OPT is in [lowerBound, polishedSum].
 *
 * Solve, LowerBound and PriceOfAnarchy are the latency-only optimum of the paper's model (their
 * bounds use T_P = a + b / f); the game's own objective, for either cost model, is
 * GameObjective / SolveGameObjective / GameObjectivePriceOfAnarchy.
 */
class SocialOptimum
{
  public:
    /**
     * \brief Solve the grid problem.
     * \param players the players (only curves and localLatency are used)
     * \param params server parameters (only capacity is used)
     * \param gridLevels K >= 1
     * \return the optimum and its bounds
     */
    static OptimumResult Solve(const std::vector<GamePlayer>& players,
                               const GameParams& params,
                               uint32_t gridLevels);

    /**
     * \brief The Lagrangian lower bound on the continuous optimum.
     * \param players the players
     * \param capacity F
     * \return max over mu >= 0 (bisection on the supergradient) of
     *         sum_i min_{0 <= f <= F} [T*_i(f) + mu f] - mu F
     */
    static double LowerBound(const std::vector<GamePlayer>& players, double capacity);

    /**
     * \brief Round every share down to the grid of K levels.
     * \param shares the shares
     * \param capacity F
     * \param gridLevels K
     * \return floor(f_i / Delta) Delta for each i (the sum stays <= F)
     */
    static std::vector<double> SnapDown(const std::vector<double>& shares,
                                        double capacity,
                                        uint32_t gridLevels);

    /**
     * \brief Sum of latencies sum_i T*_i(f_i).
     * \param players the players
     * \param shares the shares
     * \return the sum (s)
     */
    static double SumLatency(const std::vector<GamePlayer>& players,
                             const std::vector<double>& shares);

    /**
     * \brief The game's own objective sum_i J_i(f) (AllocationGame::Cost of every player
     * against the others' sum), under each player's cost model.
     * \param players the players
     * \param shares the profile
     * \param params server parameters
     * \return sum_i J_i (s)
     */
    static double GameObjective(const std::vector<GamePlayer>& players,
                                const std::vector<double>& shares,
                                const GameParams& params);

    /**
     * \brief Minimise the game's own objective sum_i J_i over sum_i f_i <= F.
     *
     * The objective is sum_i [T*_i(f_i) + w_i p0 f_i] + kappa S sum_i w_i f_i: for every
     * total T of grid levels, a dynamic program over the devices minimises the separable
     * sum_i [T*_i(k_i Delta) + w_i k_i Delta (p0 + kappa T Delta)] with sum_i k_i = T exactly
     * (O(N K^3) in all); the best over T is exact over the grid. A coordinate-descent polish
     * (each f_i by a 64-point scan of [0, F - S_-i] then golden-section refinement, accepted
     * only when sum_i J_i drops) follows, from the grid solution and from `start` if given;
     * the lower of the two is returned. The result is feasible, so it bounds the continuous
     * minimum from above.
     *
     * \param players the players (their cost models are used)
     * \param params server parameters
     * \param gridLevels K >= 1
     * \param start an optional feasible profile to polish as well (e.g. the equilibrium)
     * \return the optimum found
     */
    static GameObjectiveOptimum SolveGameObjective(const std::vector<GamePlayer>& players,
                                                   const GameParams& params,
                                                   uint32_t gridLevels,
                                                   const std::vector<double>& start = {});

    /**
     * \brief Price of anarchy on the game's own objective.
     * \param players the players
     * \param params server parameters
     * \param equilibrium the equilibrium shares
     * \param optimum from SolveGameObjective on the same players and parameters
     * \return sum_i J_i at the equilibrium, the optimum (never above it) and their ratio
     */
    static GameObjectivePoaResult GameObjectivePriceOfAnarchy(
        const std::vector<GamePlayer>& players,
        const GameParams& params,
        const std::vector<double>& equilibrium,
        const GameObjectiveOptimum& optimum);

    /**
     * \brief Price of anarchy of an equilibrium against the optimum.
     *
     * The equilibrium's latencies are evaluated exactly (equilibriumSum) and with its shares
     * rounded down to the optimum's grid (equilibriumGridSum, a feasible grid point, hence
     * >= OPT_K): poaGrid compares like with like and is >= 1 by construction. poaExact may dip
     * below 1 only when the grid is too coarse; the true PoA lies in [poaLow, poaHigh].
     *
     * \param players the players
     * \param params server parameters
     * \param equilibrium the equilibrium shares
     * \param optimum the optimum (from Solve on the same players and capacity)
     * \return the price-of-anarchy figures
     */
    static PriceOfAnarchyResult PriceOfAnarchy(const std::vector<GamePlayer>& players,
                                               const GameParams& params,
                                               const std::vector<double>& equilibrium,
                                               const OptimumResult& optimum);
};

} // namespace ns3

#endif /* DNN_SURGERY_SOCIAL_OPTIMUM_H */
