/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_ALLOCATION_GAME_H
#define DNN_SURGERY_ALLOCATION_GAME_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The resource allocation game of Decentralized DNN Surgery (formulation, section 5): cost,
 * closed-form best response, weighted potential, sequential and simultaneous (Jacobi)
 * best-response dynamics and the epsilon-Nash check. Plain C++: no Simulator.
 *
 * Symbols: device i has the latency envelope T*_i(f) = min(A_local, min_P A_P + B_P / f), a
 * share f_i of the server capacity F, S = sum_j f_j, S_-i = S - f_i, the unit price
 * p(S) = p0 + kappa S and the cost weight lambda_i > 0. Its cost is
 * J_i = T*_i(f_i) + lambda_i f_i (p0 + kappa S) (seconds; f_i = 0 means all-local).
 *
 * Load-aware cost (formulation, section 8; GamePlayer::costModel == GameCostModel::LOAD_AWARE):
 * device i sends mu_i requests/s (GamePlayer::requestRate, measured by the device); placement P
 * has three stages, each an M/D/1 queue: the device part a_P (LatencyCurve::deviceTime), the
 * transfer u_P (LatencyCurve::transferTime) and the server part s_P(f) = B_P / f. A stage of
 * service time s has the expected sojourn time (Pollaczek-Khinchine, deterministic service)
 * s + mu s^2 / (2 (1 - mu s)) while rho = mu s < 1; L_P(f) is the sum over the three stages,
 * L_local the one stage a_local; every latency is capped at the penalty C_max
 * (GamePlayer::penalty, the request timeout), which is also the latency of any option with a
 * stage at rho >= 1. With w_i = lambda_i / max(mu_i, rateFloor) the cost per request is
 * J_i = L_i(f_i) + w_i f_i (p0 + kappa S), L_i(f) = min(L_local, min_P L_P(f)), and
 * Phi = sum_i [L_i(f_i) / w_i + p0 f_i] + kappa/2 [(sum f)^2 + sum f^2] is an exact weighted
 * potential: Phi(f_i', f_-i) - Phi(f) = (J_i(f_i') - J_i(f_i)) / w_i. For mu_i = 0 (no
 * measurement yet) the queueing terms vanish and w_i = lambda_i / rateFloor: with the default
 * rateFloor = 1 request/s the load-aware cost is exactly the paper's cost (capped at C_max).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The latency of one candidate placement P as a function of the server share f:
 * T_P(f) = a + b / f (a = A_P in seconds, b = B_P in FLOP).
 */
struct LatencyCurve
{
    double a; //!< A_P: device time + transfers + RTT (s), finite, >= 0
    double b; //!< B_P: server work (FLOP) at the nominal rate, finite, > 0
    /**
     * a_P: the device part of A_P (s). Used only by the load-aware cost, which requires
     * deviceTime + transferTime == a (relative 1e-9); the paper's cost uses a alone.
     */
    double deviceTime{0};
    /// u_P: the transfer part of A_P, sum d / r + RTT + d_out / r' (s); see deviceTime.
    double transferTime{0};
};

/**
 * \ingroup dnn-surgery
 * The cost model of a player.
 */
enum class GameCostModel
{
    PER_INFERENCE, //!< the paper's cost J_i = T*_i(f_i) + lambda_i f_i p(S) (section 5)
    LOAD_AWARE,    //!< the load-aware per-request cost with M/D/1 stages (section 8)
};

/**
 * \ingroup dnn-surgery
 * One player of the game: its offloading candidates (the envelope), its all-local latency and
 * its cost weight.
 */
struct GamePlayer
{
    std::vector<LatencyCurve> curves; //!< offloading candidates (any order; need not be pruned)
    double localLatency;              //!< A_local: all-local latency (s), finite, >= 0
    double lambda;                    //!< lambda_i: seconds per unit of money, finite, > 0
    GameCostModel costModel{GameCostModel::PER_INFERENCE}; //!< which cost J_i the player has
    /// mu_i: measured request rate (requests/s), finite, >= 0 (load-aware cost only)
    double requestRate{0};
    /// C_max: latency of an unstable option and cap of every latency (s), finite, > 0
    /// (load-aware cost only; the device uses its request timeout)
    double penalty{60};
    /// Floor of mu_i in the payment weight w_i = lambda_i / max(mu_i, rateFloor) (requests/s),
    /// finite, > 0 (load-aware cost only)
    double rateFloor{1};
};

/**
 * \ingroup dnn-surgery
 * Server-side parameters of the game.
 */
struct GameParams
{
    double capacity; //!< F: server capacity (FLOP/s), finite, > 0
    double p0;       //!< p0: base unit price (money per FLOP/s), >= 0
    double kappa;    //!< kappa: congestion price slope (money per (FLOP/s)^2), >= 0
    /**
     * epsilon: ABSOLUTE cost threshold in seconds (J_i is in seconds). A device moves only if
     * its best response lowers its cost J_i by strictly more than epsilon; an epsilon-Nash
     * equilibrium is a profile where no device can lower J_i by more than epsilon. Since every
     * accepted move lowers the potential by more than epsilon / lambda_i, sequential dynamics
     * with epsilon > 0 terminate after finitely many moves.
     */
    double epsilon;
    uint32_t maxRounds; //!< round limit of the dynamics (>= 1)
};

/**
 * \ingroup dnn-surgery
 * A best response: share, chosen candidate, cost and latency.
 */
struct BestResponseResult
{
    double share;   //!< f_i in [0, F - S_-i]; 0 = all-local
    int curve;      //!< index of the candidate in GamePlayer::curves, -1 = local
    double cost;    //!< J_i at that share (s)
    double latency; //!< T*_i at that share (s)
};

/**
 * \ingroup dnn-surgery
 * One accepted move of the dynamics (passed to DynamicsOptions::onMove).
 */
struct GameMove
{
    uint32_t round;  //!< 1-based round in which the move happened
    uint32_t device; //!< index of the device that moved
    double oldShare; //!< its share before the move
    double newShare; //!< its share after the move
    double oldCost;  //!< its cost J_i before the move (against the others' shares at the move)
    double newCost;  //!< its cost J_i after the move
    int curve;       //!< candidate chosen (-1 = local)
};

/**
 * \ingroup dnn-surgery
 * Options of the best-response dynamics.
 */
struct DynamicsOptions
{
    /// Order in which the devices move within a round (sequential dynamics).
    enum Order
    {
        FIXED_ORDER,  //!< 0, 1, ..., N-1 every round
        RANDOM_ORDER, //!< a fresh random permutation every round, drawn from seed
    };

    Order order{FIXED_ORDER};      //!< move order (sequential dynamics only)
    uint64_t seed{1};              //!< seed of the random order
    double damping{0.5};           //!< d in (0, 1]: Jacobi update f <- (1 - d) f + d BR
    uint32_t oscillationWindow{8}; //!< rounds inspected by the Jacobi oscillation detector (>= 2)
    /// Called after every accepted move (sequential) or every changed share (Jacobi).
    std::function<void(const GameMove&)> onMove;
};

/**
 * \ingroup dnn-surgery
 * The outcome of the dynamics.
 */
struct GameOutcome
{
    std::vector<double> shares;    //!< final f_i
    std::vector<int> curves;       //!< candidate achieving T*_i(f_i) (-1 = local)
    std::vector<double> potential; //!< Phi at the start (index 0) and after every round
    uint32_t rounds{0};      //!< rounds (passes over all devices) run, the final quiet one included
    uint32_t moves{0};       //!< accepted moves (sequential) or changed shares (Jacobi)
    bool converged{false};   //!< a full round produced no move: the profile is an epsilon-NE
    bool oscillating{false}; //!< (Jacobi) oscillation detected; the run stopped early
    std::string stopReason;  //!< "converged", "round limit" or "oscillation"
};

/**
 * \ingroup dnn-surgery
 * The resource allocation game (formulation, section 5). All members are static and pure.
 *
 * Preconditions of the per-player functions (checked by Validate, which the dynamics, the
 * epsilon-NE check and the allocation policies call): lambda_i > 0, a >= 0, b > 0 and
 * A_local >= 0 finite; F > 0, p0 >= 0, kappa >= 0, epsilon >= 0 finite; maxRounds >= 1; for a
 * load-aware player also mu_i >= 0, C_max > 0, rateFloor > 0 finite and, for every curve,
 * deviceTime >= 0, transferTime >= 0 with deviceTime + transferTime == a (relative 1e-9).
 */
class AllocationGame
{
  public:
    /**
     * \brief Check a game's inputs.
     * \param players the players
     * \param params the server parameters
     * \throws DnnSurgeryError naming the device, the curve and the field on invalid input
     */
    static void Validate(const std::vector<GamePlayer>& players, const GameParams& params);

    /**
     * \brief The expected sojourn time of one M/D/1 stage (Pollaczek-Khinchine, deterministic
     * service): s + mu s^2 / (2 (1 - mu s)), capped at the penalty.
     * \param service the stage's service time s (s), >= 0
     * \param rate the arrival rate mu (requests/s), >= 0 (0: no waiting, the result is s)
     * \param penalty C_max (s), > 0
     * \return min(C_max, s + mu s^2 / (2 (1 - mu s))) when mu s < 1, C_max otherwise
     */
    static double StageLatency(double service, double rate, double penalty);

    /**
     * \brief The latency of one candidate placement of a player at share f, under the player's
     * cost model.
     * \param player the player (its cost model, mu_i and C_max)
     * \param curve the candidate
     * \param share f (> 0)
     * \return PER_INFERENCE: a + b / f; LOAD_AWARE: L_P(f) = min(C_max, sum of the three
     *         stages' StageLatency), C_max if a stage has rho >= 1 (or f <= 0)
     */
    static double CurveLatency(const GamePlayer& player, const LatencyCurve& curve, double share);

    /**
     * \brief The all-local latency under the player's cost model.
     * \param player the player
     * \return PER_INFERENCE: A_local; LOAD_AWARE: StageLatency(A_local, mu_i, C_max)
     */
    static double LocalLatency(const GamePlayer& player);

    /**
     * \brief The weight of the payment in J_i (seconds per unit of money per second of
     * reservation).
     * \param player the player
     * \return PER_INFERENCE: lambda_i; LOAD_AWARE: w_i = lambda_i / max(mu_i, rateFloor)
     */
    static double PaymentWeight(const GamePlayer& player);

    /**
     * \brief T*_i(f): the envelope latency of a player at share f.
     * \param player the player
     * \param share f_i (f_i <= 0 means all-local)
     * \return min(A_local, min_P a_P + b_P / f) for f > 0, A_local for f <= 0 (the paper's
     *         cost); min(LocalLatency, min_P CurveLatency) under the load-aware cost
     */
    static double Latency(const GamePlayer& player, double share);

    /**
     * \brief The candidate achieving T*_i(f).
     * \param player the player
     * \param share f_i
     * \return the curve index, or -1 when all-local is (weakly) best or f <= 0
     */
    static int BestCurve(const GamePlayer& player, double share);

    /**
     * \brief The cost J_i = T*_i(f_i) + w_i f_i (p0 + kappa (f_i + S_-i)), w_i = PaymentWeight
     * (lambda_i for the paper's cost, lambda_i / max(mu_i, rateFloor) for the load-aware one).
     * \param player the player
     * \param share f_i
     * \param othersSum S_-i
     * \param params server parameters
     * \return J_i in seconds
     */
    static double Cost(const GamePlayer& player,
                       double share,
                       double othersSum,
                       const GameParams& params);

    /**
     * \brief The payment f_i p(S) = f_i (p0 + kappa S) in money (J_i = T*_i + lambda_i x payment).
     * \param share f_i
     * \param totalSum S (all shares, f_i included)
     * \param params server parameters
     * \return the payment
     */
    static double Payment(double share, double totalSum, const GameParams& params);

    /**
     * \brief The positive root of 2 lambda kappa f^3 + lambda (p0 + kappa S_-i) f^2 = b.
     *
     * It is the unconstrained minimiser over f > 0 of a + b/f + lambda f (p0 + kappa (f + S_-i)).
     * kappa == 0: sqrt(b / (lambda p0)); p0 + kappa S_-i == 0 and kappa == 0: +infinity (no
     * price: take everything). Otherwise Newton's method started at the upper bound
     * min(sqrt(b/(lambda c)), cbrt(b/(2 lambda kappa))), c = p0 + kappa S_-i: the cubic is
     * increasing and convex on f > 0, so the iterates decrease monotonically to the root.
     *
     * \param b server work B_P (> 0)
     * \param lambda lambda_i (> 0)
     * \param p0 base price
     * \param kappa price slope
     * \param othersSum S_-i
     * \return the root (> 0) or +infinity
     */
    static double StationaryShare(double b,
                                  double lambda,
                                  double p0,
                                  double kappa,
                                  double othersSum);

    /**
     * \brief The minimiser of one candidate's uncapped load-aware cost
     * g(f) = a-stage + u-stage + StageLatency(b / f) + w f (p0 + kappa (f + S_-i)) over
     * f in (mu b, upper]: g is convex there (the M/D/1 sojourn time is convex increasing in s,
     * s = b / f convex decreasing in f), so bisection on g' (200 steps at most, to relative
     * 1e-14) finds it; upper when g' <= 0 at upper.
     * \param b server work B_P (> 0)
     * \param rate mu_i (> 0)
     * \param weight w_i (> 0)
     * \param p0 base price
     * \param kappa price slope
     * \param othersSum S_-i
     * \param upper F - S_-i (> mu b)
     * \return the minimiser in (mu b, upper]
     */
    static double LoadAwareShare(double b,
                                 double rate,
                                 double weight,
                                 double p0,
                                 double kappa,
                                 double othersSum,
                                 double upper);

    /**
     * \brief The exact best response of a player against the others' sum.
     *
     * For each candidate the stationary share clamped to (0, F - S_-i], compared with all-local
     * (f = 0, cost A_local); the cheapest wins (ties: all-local, then the lowest index). As
     * T*_i is the minimum of the curves, the minimum over candidates of their minima is the
     * minimum of J_i over [0, F - S_-i].
     *
     * Load-aware cost: a candidate with a device or transfer stage at rho >= 1 is skipped;
     * otherwise its uncapped cost is convex on f in (mu B_P, F - S_-i] and is minimised by
     * bisection on its derivative (LoadAwareShare); the capped region (latency C_max) never
     * beats all-local, whose latency is at most C_max.
     *
     * \param player the player
     * \param othersSum S_-i
     * \param params server parameters
     * \return the best response
     */
    static BestResponseResult BestResponse(const GamePlayer& player,
                                           double othersSum,
                                           const GameParams& params);

    /**
     * \brief The weighted potential
     * Phi(f) = sum_i [T*_i(f_i) / w_i + p0 f_i] + kappa/2 [(sum_i f_i)^2 + sum_i f_i^2],
     * w_i = PaymentWeight (lambda_i for the paper's cost).
     *
     * For any unilateral deviation of device i: Phi(f_i', f_-i) - Phi(f) =
     * (J_i(f_i') - J_i(f_i)) / w_i.
     *
     * \param players the players
     * \param shares f
     * \param params server parameters
     * \return Phi
     */
    static double Potential(const std::vector<GamePlayer>& players,
                            const std::vector<double>& shares,
                            const GameParams& params);

    /**
     * \brief Sequential (Gauss-Seidel) best-response dynamics.
     *
     * Each round every device in turn (fixed or seeded random order) computes its best response
     * against the current others' sum and moves to it if that lowers its cost by more than
     * params.epsilon (absolute, seconds). Shares never exceed the remaining capacity, so the
     * sum never exceeds F. Stops after a round without a move (converged, an epsilon-NE) or
     * after params.maxRounds rounds.
     *
     * \param players the players
     * \param params server parameters
     * \param options move order, seed, move callback
     * \param initialShares starting profile (empty = all zero); must be feasible
     * \return the outcome
     */
    static GameOutcome RunSequential(const std::vector<GamePlayer>& players,
                                     const GameParams& params,
                                     const DynamicsOptions& options = DynamicsOptions(),
                                     const std::vector<double>& initialShares = {});

    /**
     * \brief Simultaneous (Jacobi) best-response dynamics with damping.
     *
     * Each round all devices compute their best responses against the SAME profile; every
     * device whose cost would drop by more than epsilon sets f_i <- (1 - d) f_i + d BR_i. If the
     * new shares sum above F they are all scaled by F / sum (proportional clamp), so the
     * capacity is never exceeded. Unlike the sequential dynamics this may oscillate: a round in
     * which Phi rises, or a profile equal (relative 1e-9) to the one two rounds earlier, counts
     * as oscillating; when at least half of the last oscillationWindow rounds do, the run stops
     * with oscillating = true. Converged (no device wants to move) means an epsilon-NE.
     *
     * \param players the players
     * \param params server parameters
     * \param options damping, oscillation window, move callback
     * \param initialShares starting profile (empty = all zero); must be feasible
     * \return the outcome
     */
    static GameOutcome RunJacobi(const std::vector<GamePlayer>& players,
                                 const GameParams& params,
                                 const DynamicsOptions& options = DynamicsOptions(),
                                 const std::vector<double>& initialShares = {});

    /**
     * \brief The largest cost reduction any device could get by a unilateral change.
     *
     * Checked for each device over the closed-form candidates (BestResponse) AND a grid of
     * gridPoints + 1 shares evenly spaced in [0, F - S_-i] (0 = all-local).
     *
     * \param players the players
     * \param shares the profile
     * \param params server parameters
     * \param gridPoints number of grid intervals (>= 1)
     * \param worstDevice if not null, receives the device with the largest gain (-1 if none)
     * \return max_i [J_i(f) - min_{f_i'} J_i(f_i', f_-i)] (>= 0 up to rounding)
     */
    static double MaxUnilateralGain(const std::vector<GamePlayer>& players,
                                    const std::vector<double>& shares,
                                    const GameParams& params,
                                    uint32_t gridPoints = 2000,
                                    int* worstDevice = nullptr);

    /**
     * \brief The epsilon-Nash check: MaxUnilateralGain <= epsilon + tolerance, where the
     * tolerance 1e-12 (1 + |J|) s only absorbs floating-point rounding.
     * \param players the players
     * \param shares the profile
     * \param params server parameters (epsilon is taken from here)
     * \param gridPoints number of grid intervals (>= 1)
     * \return true if the profile is an epsilon-Nash equilibrium
     */
    static bool IsEpsilonNash(const std::vector<GamePlayer>& players,
                              const std::vector<double>& shares,
                              const GameParams& params,
                              uint32_t gridPoints = 2000);

    /**
     * \brief Make a profile feasible: if sum_i f_i > F, scale every share by F / sum (and take
     * the last ulps of rounding off the largest share) so that Sum(shares) <= F.
     * \param shares the shares, modified in place
     * \param capacity F
     */
    static void ClampToCapacity(std::vector<double>& shares, double capacity);

    /**
     * \brief Sum of the shares (double-double accumulation, correctly rounded in practice:
     * if the exact sum is <= F the result is <= F).
     * \param shares the shares
     * \return sum_i f_i
     */
    static double Sum(const std::vector<double>& shares);
};

} // namespace ns3

#endif /* DNN_SURGERY_ALLOCATION_GAME_H */
