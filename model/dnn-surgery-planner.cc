/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-surgery-planner.h"

#include "allocation-game.h"
#include "allocation-policy.h"
#include "compute-profile.h"
#include "dnn-graph-reader.h"
#include "dnn-graph.h"
#include "dnn-surgery-error.h"
#include "game-player-adapter.h"
#include "min-cut-partitioner.h"
#include "partition-envelope.h"
#include "partition-policy.h"

#include <cmath>
#include <sstream>

namespace ns3
{

/// The algorithm objects of a planner.
struct DnnSurgeryPlanner::Impl
{
    DnnGraph graph;                                 //!< the model
    ComputeProfile device;                          //!< device profile
    ComputeProfile server;                          //!< server profile
    std::unique_ptr<MinCutPartitioner> partitioner; //!< for the current rates
    PartitionEnvelope envelope;                     //!< for the current rates
    bool ready{false};                              //!< Update was called
    std::unique_ptr<MinCutPartitioner> localOnly;   //!< rate-independent local plan

    /**
     * \brief Convert a partition result.
     * \param r the result
     * \param f the share
     * \param curve envelope index or -1
     * \return the plan
     */
    DnnSurgeryPlan ToPlan(const PartitionResult& r, double f, int curve) const
    {
        DnnSurgeryPlan p;
        p.offloads = r.cost.Offloads();
        p.deviceTime = r.cost.deviceTime;
        p.bytesUp = p.offloads ? r.cost.bytesUp : 0;
        p.bytesDown = p.offloads ? r.cost.bytesDown : 0;
        p.serverWork = p.offloads ? r.cost.serverWork : 0;
        p.share = p.offloads ? f : 0;
        p.predictedLatency = p.offloads ? r.cost.Latency(f) : r.cost.A();
        p.curve = p.offloads ? curve : -1;
        p.onServer = r.placement.onServer;
        const PartitionResult& local = partitioner ? partitioner->Local() : localOnly->Local();
        p.localDeviceTime = local.cost.deviceTime;
        return p;
    }

    /**
     * \brief Game player of the current envelope.
     * \param lambda lambda_i
     * \return the player
     */
    GamePlayer Player(double lambda) const
    {
        return MakeGamePlayer(envelope, lambda);
    }

    /**
     * \brief Game player of the current envelope under a cost model.
     * \param lambda lambda_i
     * \param load the cost model and measured load
     * \return the player
     */
    GamePlayer Player(double lambda, const DnnSurgeryLoad& load) const
    {
        if (!load.loadAware)
        {
            return MakeGamePlayer(envelope, lambda);
        }
        return MakeGamePlayer(envelope, lambda, load.requestRate, load.penalty);
    }
};

DnnSurgeryPlanner::DnnSurgeryPlanner(const std::string& model,
                                     const std::string& deviceProfile,
                                     const std::string& serverProfile)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->graph = DnnGraphReader::ReadFile(DnnGraphReader::FindModel(model));
    m_impl->device = ComputeProfile::Get(deviceProfile);
    m_impl->server = ComputeProfile::Get(serverProfile);
    LinkRates nominal{1e9, 1e9, 0};
    m_impl->localOnly =
        std::make_unique<MinCutPartitioner>(m_impl->graph, m_impl->device, m_impl->server, nominal);
}

DnnSurgeryPlanner::~DnnSurgeryPlanner() = default;

void
DnnSurgeryPlanner::Update(double uplinkBps, double downlinkBps, double rtt, double capacity)
{
    if (!(uplinkBps > 0) || !(downlinkBps > 0) || !(rtt >= 0) || !(capacity > 0))
    {
        std::ostringstream oss;
        oss << "planner for model '" << m_impl->graph.GetName()
            << "': fields 'rates/capacity': must be > 0 (got r=" << uplinkBps
            << " r'=" << downlinkBps << " rtt=" << rtt << " F=" << capacity << ")";
        throw DnnSurgeryError(oss.str());
    }
    LinkRates rates{uplinkBps, downlinkBps, rtt};
    m_impl->partitioner =
        std::make_unique<MinCutPartitioner>(m_impl->graph, m_impl->device, m_impl->server, rates);
    m_impl->envelope = m_impl->partitioner->ComputeEnvelope(capacity);
    m_impl->ready = true;
}

bool
DnnSurgeryPlanner::IsReady() const
{
    return m_impl->ready;
}

DnnSurgeryPlan
DnnSurgeryPlanner::Local() const
{
    const MinCutPartitioner& p = m_impl->partitioner ? *m_impl->partitioner : *m_impl->localOnly;
    return m_impl->ToPlan(p.Local(), 0, -1);
}

DnnSurgeryPlan
DnnSurgeryPlanner::Choose(const std::string& partitionPolicy, double f) const
{
    if (!m_impl->ready || !(f > 0))
    {
        return Local();
    }
    PartitionResult r =
        PartitionPolicy::Create(partitionPolicy)->Choose(*m_impl->partitioner, m_impl->envelope, f);
    int curve = -1;
    const auto& cands = m_impl->envelope.GetCandidates();
    for (std::size_t k = 0; k < cands.size(); ++k)
    {
        if (cands[k].placement == r.placement)
        {
            curve = static_cast<int>(k);
        }
    }
    return m_impl->ToPlan(r, f, curve);
}

DnnSurgeryEnvelopeReport
DnnSurgeryPlanner::GetEnvelope(double lambda) const
{
    DnnSurgeryEnvelopeReport r;
    r.lambda = lambda;
    if (!m_impl->ready)
    {
        return r;
    }
    GamePlayer g = m_impl->Player(lambda);
    r.localLatency = g.localLatency;
    for (const auto& c : g.curves)
    {
        r.curves.emplace_back(c.a, c.b);
    }
    return r;
}

DnnSurgeryBestResponse
DnnSurgeryPlanner::BestResponse(double lambda,
                                double othersSum,
                                const DnnSurgeryGameParams& params) const
{
    return BestResponse(lambda, othersSum, params, DnnSurgeryLoad{}); // the paper's cost
}

double
DnnSurgeryPlanner::Cost(double lambda,
                        double share,
                        double othersSum,
                        const DnnSurgeryGameParams& params) const
{
    return Cost(lambda, share, othersSum, params, DnnSurgeryLoad{}); // the paper's cost
}

DnnSurgeryBestResponse
DnnSurgeryPlanner::BestResponse(double lambda,
                                double othersSum,
                                const DnnSurgeryGameParams& params,
                                const DnnSurgeryLoad& load) const
{
    GameParams gp{params.capacity, params.p0, params.kappa, params.epsilon, params.maxRounds};
    GamePlayer g = m_impl->Player(lambda, load);
    BestResponseResult br = AllocationGame::BestResponse(g, othersSum, gp);
    DnnSurgeryBestResponse out;
    out.share = br.share;
    out.curve = br.curve;
    out.cost = br.cost;
    out.latency = br.latency;
    return out;
}

double
DnnSurgeryPlanner::Cost(double lambda,
                        double share,
                        double othersSum,
                        const DnnSurgeryGameParams& params,
                        const DnnSurgeryLoad& load) const
{
    GameParams gp{params.capacity, params.p0, params.kappa, params.epsilon, params.maxRounds};
    return AllocationGame::Cost(m_impl->Player(lambda, load), share, othersSum, gp);
}

GamePlayer
DnnSurgeryPlanner::GetPlayer(double lambda, const DnnSurgeryLoad& load) const
{
    return m_impl->Player(lambda, load);
}

DnnSurgeryPlan
DnnSurgeryPlanner::ChooseUnderLoad(double f, const DnnSurgeryLoad& load) const
{
    if (!m_impl->ready || !(f > 0))
    {
        return Local();
    }
    const int curve = AllocationGame::BestCurve(m_impl->Player(1.0, load), f);
    if (curve < 0)
    {
        return Local();
    }
    return m_impl->ToPlan(m_impl->envelope.GetCandidates()[curve], f, curve);
}

std::vector<double>
DnnSurgeryPlanner::Allocate(const std::string& policy,
                            const std::vector<DnnSurgeryEnvelopeReport>& players,
                            const DnnSurgeryGameParams& params)
{
    std::vector<GamePlayer> gps;
    for (const auto& r : players)
    {
        gps.push_back(ToGamePlayer(r));
    }
    GameParams gp{params.capacity, params.p0, params.kappa, params.epsilon, params.maxRounds};
    return AllocationPolicy::Create(policy)->Allocate(gps, gp);
}

GamePlayer
DnnSurgeryPlanner::ToGamePlayer(const DnnSurgeryEnvelopeReport& report)
{
    GamePlayer g;
    g.localLatency = report.localLatency;
    g.lambda = report.lambda;
    for (const auto& c : report.curves)
    {
        g.curves.push_back({c.first, c.second});
    }
    return g;
}

std::size_t
DnnSurgeryPlanner::GetNLayers() const
{
    return m_impl->graph.GetNLayers();
}

std::string
DnnSurgeryPlanner::GetModelName() const
{
    return m_impl->graph.GetName();
}

} // namespace ns3
