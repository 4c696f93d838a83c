/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PARTITION_POLICY_H
#define PARTITION_POLICY_H

#include "min-cut-partitioner.h"
#include "partition-cost.h"
#include "partition-envelope.h"

#include <memory>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Placement policies (formulation section 6): local, full-offload, neurosurgeon, dads, envelope.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * How a device places its layers for a given server share f.
 */
class PartitionPolicy
{
  public:
    virtual ~PartitionPolicy() = default;
    /**
     * \brief Choose a placement.
     * \param partitioner the device's partitioner (graph, profiles, link)
     * \param envelope the device's envelope (used by "envelope")
     * \param f the server share in FLOP/s (>= 0)
     * \return the placement and its cost
     */
    virtual PartitionResult Choose(const MinCutPartitioner& partitioner,
                                   const PartitionEnvelope& envelope,
                                   double f) const = 0;
    /**
     * \return the policy's name
     */
    virtual std::string GetName() const = 0;
    /**
     * \brief Create a policy by name.
     * \param name "local", "full-offload", "neurosurgeon", "dads" or "envelope"
     * \return the policy
     * \throws DnnSurgeryError listing the names if the name is unknown
     */
    static std::unique_ptr<PartitionPolicy> Create(const std::string& name);
    /**
     * \return the names Create() accepts
     */
    static std::vector<std::string> GetNames();
};

/**
 * \ingroup dnn-surgery
 * Everything on the device.
 */
class LocalPartitionPolicy : public PartitionPolicy
{
  public:
    PartitionResult Choose(const MinCutPartitioner& partitioner,
                           const PartitionEnvelope& envelope,
                           double f) const override;
    std::string GetName() const override;
};

/**
 * \ingroup dnn-surgery
 * Everything but the input on the server (the input tensor d_in is uploaded).
 */
class FullOffloadPartitionPolicy : public PartitionPolicy
{
  public:
    PartitionResult Choose(const MinCutPartitioner& partitioner,
                           const PartitionEnvelope& envelope,
                           double f) const override;
    std::string GetName() const override;
};

/**
 * \ingroup dnn-surgery
 * Neurosurgeon [Kang et al. 2017] on a DAG: the best prefix of the graph's topological order
 * (prefix on the device, the rest on the server), every tensor crossing the cut paid once.
 * Includes the all-local (whole order) and the full-offload (input only) prefixes.
 */
class NeurosurgeonPartitionPolicy : public PartitionPolicy
{
  public:
    PartitionResult Choose(const MinCutPartitioner& partitioner,
                           const PartitionEnvelope& envelope,
                           double f) const override;
    std::string GetName() const override;
};

/**
 * \ingroup dnn-surgery
 * DADS [Hu et al. 2019]: the min-cut at the given share.
 */
class DadsPartitionPolicy : public PartitionPolicy
{
  public:
    PartitionResult Choose(const MinCutPartitioner& partitioner,
                           const PartitionEnvelope& envelope,
                           double f) const override;
    std::string GetName() const override;
};

/**
 * \ingroup dnn-surgery
 * DDS: the best candidate of the envelope at the share (no new min-cut).
 */
class EnvelopePartitionPolicy : public PartitionPolicy
{
  public:
    PartitionResult Choose(const MinCutPartitioner& partitioner,
                           const PartitionEnvelope& envelope,
                           double f) const override;
    std::string GetName() const override;
};

} // namespace ns3

#endif /* PARTITION_POLICY_H */
