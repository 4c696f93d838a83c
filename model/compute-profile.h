/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COMPUTE_PROFILE_H
#define COMPUTE_PROFILE_H

#include "dnn-graph.h"

#include <map>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * How fast a device or a server runs each layer (formulation section 1: t^dev_v and c_v).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Speed of one processor class.
 *
 * Two kinds:
 * - rate-based: a nominal rate R (FLOP/s) and a per-op-type efficiency eff(op) in (0, 1]; the
 *   time of layer v is t_v = c_v / (R eff(op_v)) and its effective work c_v / eff(op_v);
 * - measured: per-layer times t_v taken from a profile's `device_times` entry of a given name,
 *   with a nominal rate R used to convert them into effective work t_v R (so a server share
 *   f = R runs the layers at their measured times).
 *
 * On a server with share f (FLOP/s at the nominal rate) layer v takes GetEffectiveWork(v) / f,
 * i.e. c_v / f for eff = 1 (formulation: t^srv_v(f) = c_v / f, or profiled time x F / f).
 *
 * The named classes (Get()) are class-level assumptions documented, with their sources, in the
 * module doc ("Device and server classes").
 */
class ComputeProfile
{
  public:
    /** A 1 GFLOP/s processor with efficiency 1 for every op (mostly for tests). */
    ComputeProfile();

    /**
     * \brief Build a rate-based profile.
     * \param name the name (for output)
     * \param flopsPerSecond R, nominal rate in FLOP/s (finite, > 0)
     * \param efficiencies eff(op) by op type (finite, > 0); ops not listed use defaultEfficiency
     * \param defaultEfficiency efficiency of ops not listed (finite, > 0)
     * \param description where the numbers come from
     * \return the profile
     * \throws DnnSurgeryError on a bad number or an unknown op type
     */
    static ComputeProfile CreateRated(const std::string& name,
                                      double flopsPerSecond,
                                      const std::map<std::string, double>& efficiencies,
                                      double defaultEfficiency = 1.0,
                                      const std::string& description = "");
    /**
     * \brief Build a profile from measured per-layer times.
     * \param deviceTimesName the `device_times` entry of the profile to use
     * \param nominalFlopsPerSecond R, the rate a share f = R stands for (finite, > 0)
     * \param description where the numbers come from
     * \return the profile (named "measured:<deviceTimesName>")
     * \throws DnnSurgeryError on a bad number
     */
    static ComputeProfile CreateMeasured(const std::string& deviceTimesName,
                                         double nominalFlopsPerSecond,
                                         const std::string& description = "");
    /**
     * \brief A named class: "rpi4", "jetson-nano", "phone" (devices), "edge-gpu", "cpu-server"
     * (servers), or "measured:<device_times name>" (nominal rate 1 TFLOP/s).
     * \param name the class name
     * \return the profile
     * \throws DnnSurgeryError listing the known names if the name is unknown
     */
    static ComputeProfile Get(const std::string& name);
    /**
     * \return the names of the built-in classes
     */
    static std::vector<std::string> GetNames();

    /**
     * \return the name
     */
    std::string GetName() const;
    /**
     * \return where the numbers come from
     */
    std::string GetDescription() const;
    /**
     * \return R, the nominal rate in FLOP/s
     */
    double GetFlopsPerSecond() const;
    /**
     * \param op an op type
     * \return eff(op) (1 for a measured profile)
     */
    double GetEfficiency(const std::string& op) const;
    /**
     * \return true if the times come from a profile's `device_times`
     */
    bool IsMeasured() const;
    /**
     * \return the `device_times` entry used (empty for a rate-based profile)
     */
    std::string GetDeviceTimesName() const;
    /**
     * \brief t^dev_v: time of one layer on this processor at its full rate.
     * \param graph the graph
     * \param index the layer index
     * \return seconds
     * \throws DnnSurgeryError if a measured profile's times are not in the graph
     */
    double GetLayerTime(const DnnGraph& graph, std::size_t index) const;
    /**
     * \brief Effective work of a layer: the FLOP at the nominal rate it costs, c_v / eff(op)
     * (or t_v R for a measured profile). A server with share f runs it in this / f seconds.
     * \param graph the graph
     * \param index the layer index
     * \return FLOP
     */
    double GetEffectiveWork(const DnnGraph& graph, std::size_t index) const;

  private:
    std::string m_name;                         //!< name
    std::string m_description;                  //!< sources
    double m_flopsPerSecond;                    //!< R
    std::map<std::string, double> m_efficiency; //!< eff(op)
    double m_defaultEfficiency;                 //!< eff of ops not listed
    std::string m_deviceTimesName;              //!< measured times entry (empty: rate-based)
};

} // namespace ns3

#endif /* COMPUTE_PROFILE_H */
