/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_PLANNER_H
#define DNN_SURGERY_PLANNER_H

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The bridge between the packet-level applications and the pure algorithms (partitioner,
 * envelope, partition policies, allocation game and policies). Plain C++, no Simulator.
 */

namespace ns3
{

struct GamePlayer;

/**
 * \ingroup dnn-surgery
 * What one request executes: the placement chosen and its cost terms (formulation section 2).
 */
struct DnnSurgeryPlan
{
    bool offloads{false};       //!< some layer is on the server
    double deviceTime{0};       //!< sum of t^dev_v of device-side layers (s)
    double localDeviceTime{0};  //!< sum of t^dev_v of all layers (s): all-local latency
    double bytesUp{0};          //!< bytes of the cut tensors (each sent once)
    double bytesDown{0};        //!< d_out, bytes returned (0 if local)
    double serverWork{0};       //!< B_P, server work (FLOP at nominal rate)
    double share{0};            //!< f the placement was chosen for (FLOP/s)
    double predictedLatency{0}; //!< T = A_P + B_P / f with the device's estimates (s)
    int curve{-1};              //!< envelope curve index, -1 if local or not from it
    std::vector<bool> onServer; //!< placement x_v by layer index
};

/**
 * \ingroup dnn-surgery
 * A device's envelope as reported to the server: T*_i(f) = min(A_local, min_P A_P + B_P / f).
 */
struct DnnSurgeryEnvelopeReport
{
    double lambda{1};                              //!< lambda_i
    double localLatency{0};                        //!< A_local (s)
    std::vector<std::pair<double, double>> curves; //!< (A_P, B_P) of the candidates
};

/**
 * \ingroup dnn-surgery
 * Parameters of the game as broadcast by the server.
 */
struct DnnSurgeryGameParams
{
    double capacity{0};     //!< F (FLOP/s)
    double p0{0};           //!< p0
    double kappa{0};        //!< kappa
    double epsilon{0};      //!< epsilon: a move must lower J_i by more than this (s)
    uint32_t maxRounds{50}; //!< round limit
};

/**
 * \ingroup dnn-surgery
 * The cost model a device plays the game with, and the load it measured (formulation
 * section 8). The default is the paper's per-inference cost.
 */
struct DnnSurgeryLoad
{
    bool loadAware{false}; //!< use the load-aware cost (GameCostModel::LOAD_AWARE)
    double requestRate{0}; //!< mu_i measured by the device (requests/s); 0 = not measured yet
    double penalty{60};    //!< C_max (s): latency of an unstable option (the request timeout)
};

/**
 * \ingroup dnn-surgery
 * A device's best response (formulation section 5).
 */
struct DnnSurgeryBestResponse
{
    double share{0};   //!< f_i
    int curve{-1};     //!< envelope candidate, -1 = local
    double cost{0};    //!< J_i
    double latency{0}; //!< T*_i(f_i)
};

/**
 * \ingroup dnn-surgery
 * One device's view of its DNN: graph, device and server compute profiles, current link
 * estimates (r_i, r'_i, RTT_i), and from them the min-cut partitioner and the envelope
 * (recomputed by Update when the estimates change). Chooses the placement of a partition
 * policy and computes the best response of the game; the OffloadingPolicy decides which.
 */
class DnnSurgeryPlanner
{
  public:
    /**
     * \brief Load a model and the compute profiles.
     * \param model model name (bundled) or path of a profile JSON
     * \param deviceProfile device ComputeProfile name
     * \param serverProfile server ComputeProfile name
     */
    DnnSurgeryPlanner(const std::string& model,
                      const std::string& deviceProfile,
                      const std::string& serverProfile);
    ~DnnSurgeryPlanner();

    /**
     * \brief Recompute partitioner and envelope for new link estimates.
     * \param uplinkBps r_i (bit/s)
     * \param downlinkBps r'_i (bit/s)
     * \param rtt RTT_i (s)
     * \param capacity F (FLOP/s), the largest share the envelope must cover
     */
    void Update(double uplinkBps, double downlinkBps, double rtt, double capacity);

    /**
     * \brief Whether Update has been called.
     * \return true when plans can be made
     */
    bool IsReady() const;

    /**
     * \brief The placement a partition policy chooses for share f.
     * \param partitionPolicy a PartitionPolicy name: "full-offload", "neurosurgeon", "dads"
     *        or "envelope" (the best candidate of the envelope)
     * \param f the share it runs at (FLOP/s); f <= 0 (or no estimates yet) gives all-local
     * \return the plan
     */
    DnnSurgeryPlan Choose(const std::string& partitionPolicy, double f) const;

    /**
     * \brief The all-local plan (fallback).
     * \return the plan
     */
    DnnSurgeryPlan Local() const;

    /**
     * \brief The envelope in the form sent to the server.
     * \param lambda lambda_i
     * \return the report
     */
    DnnSurgeryEnvelopeReport GetEnvelope(double lambda) const;

    /**
     * \brief Best response to the others' aggregate (AllocationGame::BestResponse).
     * \param lambda lambda_i
     * \param othersSum S_-i
     * \param params game parameters
     * \return the best response
     */
    DnnSurgeryBestResponse BestResponse(double lambda,
                                        double othersSum,
                                        const DnnSurgeryGameParams& params) const;

    /**
     * \brief Cost J_i of a share (AllocationGame::Cost).
     * \param lambda lambda_i
     * \param share f_i
     * \param othersSum S_-i
     * \param params game parameters
     * \return J_i (s)
     */
    double Cost(double lambda,
                double share,
                double othersSum,
                const DnnSurgeryGameParams& params) const;

    /**
     * \brief Best response under a cost model (AllocationGame::BestResponse of GetPlayer).
     * \param lambda lambda_i
     * \param othersSum S_-i
     * \param params game parameters
     * \param load cost model and measured load
     * \return the best response
     */
    DnnSurgeryBestResponse BestResponse(double lambda,
                                        double othersSum,
                                        const DnnSurgeryGameParams& params,
                                        const DnnSurgeryLoad& load) const;

    /**
     * \brief Cost J_i of a share under a cost model (AllocationGame::Cost of GetPlayer).
     * \param lambda lambda_i
     * \param share f_i
     * \param othersSum S_-i
     * \param params game parameters
     * \param load cost model and measured load
     * \return J_i (s per request)
     */
    double Cost(double lambda,
                double share,
                double othersSum,
                const DnnSurgeryGameParams& params,
                const DnnSurgeryLoad& load) const;

    /**
     * \brief The game player of the current envelope under a cost model (MakeGamePlayer).
     * \param lambda lambda_i
     * \param load cost model and measured load
     * \return the player (curves in the envelope's order); no curves before Update
     */
    GamePlayer GetPlayer(double lambda, const DnnSurgeryLoad& load) const;

    /**
     * \brief The envelope candidate with the lowest latency at share f under a cost model
     * (AllocationGame::BestCurve), or all-local.
     * \param f the share (FLOP/s); f <= 0 (or no estimates yet) gives all-local
     * \param load cost model and measured load
     * \return the plan (predictedLatency is the per-inference A_P + B_P / f)
     */
    DnnSurgeryPlan ChooseUnderLoad(double f, const DnnSurgeryLoad& load) const;

    /**
     * \brief The game player of a reported envelope.
     * \param report the report
     * \return the player (curves in the report's order)
     */
    static GamePlayer ToGamePlayer(const DnnSurgeryEnvelopeReport& report);

    /**
     * \brief Shares chosen by a centralised allocation policy (AllocationPolicy::Create).
     * \param policy "equal", "greedy", "optimum" or "game"
     * \param players the devices' envelopes
     * \param params game parameters
     * \return one share per player
     */
    static std::vector<double> Allocate(const std::string& policy,
                                        const std::vector<DnnSurgeryEnvelopeReport>& players,
                                        const DnnSurgeryGameParams& params);

    /**
     * \brief Number of layers of the model.
     * \return |V_i|
     */
    std::size_t GetNLayers() const;

    /**
     * \brief Model name.
     * \return the name in the profile
     */
    std::string GetModelName() const;

  private:
    struct Impl;                  //!< holds the algorithm objects
    std::unique_ptr<Impl> m_impl; //!< the implementation
};

} // namespace ns3

#endif /* DNN_SURGERY_PLANNER_H */
