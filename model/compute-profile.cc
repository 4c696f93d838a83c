/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "compute-profile.h"

#include "dnn-surgery-error.h"

#include <cmath>
#include <sstream>

namespace ns3
{

namespace
{

/// Throw unless x is finite and > 0.
void
CheckPositive(const std::string& where, const std::string& field, double x)
{
    if (!std::isfinite(x) || x <= 0)
    {
        std::ostringstream os;
        os << "compute profile '" << where << "': field '" << field
           << "': must be finite and > 0 (got " << x << ")";
        throw DnnSurgeryError(os.str());
    }
}

/**
 * Efficiencies of a class: compute-bound ops (conv2d, linear, matmul, attention) at `dense`,
 * depthwise convolutions at `depthwise`, memory-bound element-wise ops at `elementwise`
 * (about (memory bandwidth / 8 bytes per FLOP) / peak rate: one fp32 read and write per FLOP).
 */
std::map<std::string, double>
ClassEfficiencies(double dense, double linear, double depthwise, double elementwise)
{
    return {{"input", 1.0},
            {"conv2d", dense},
            {"matmul", dense},
            {"attention", dense},
            {"linear", linear},
            {"dwconv2d", depthwise},
            {"batchnorm", elementwise},
            {"layernorm", elementwise},
            {"relu", elementwise},
            {"gelu", elementwise},
            {"activation", elementwise},
            {"pool", elementwise},
            {"add", elementwise},
            {"mul", elementwise},
            {"concat", elementwise},
            {"softmax", elementwise},
            {"reshape", elementwise},
            {"embedding", elementwise},
            {"other", elementwise}};
}

} // namespace

ComputeProfile::ComputeProfile()
    : m_name("generic-1gflops"),
      m_description("1 GFLOP/s, efficiency 1 for every op"),
      m_flopsPerSecond(1e9),
      m_defaultEfficiency(1.0)
{
}

ComputeProfile
ComputeProfile::CreateRated(const std::string& name,
                            double flopsPerSecond,
                            const std::map<std::string, double>& efficiencies,
                            double defaultEfficiency,
                            const std::string& description)
{
    CheckPositive(name, "flops_per_second", flopsPerSecond);
    CheckPositive(name, "default_efficiency", defaultEfficiency);
    for (const auto& [op, eff] : efficiencies)
    {
        if (!DnnGraph::IsKnownOpType(op))
        {
            throw DnnSurgeryError("compute profile '" + name +
                                  "': field 'efficiency': unknown op type '" + op + "'");
        }
        CheckPositive(name, "efficiency." + op, eff);
    }
    ComputeProfile p;
    p.m_name = name;
    p.m_description = description;
    p.m_flopsPerSecond = flopsPerSecond;
    p.m_efficiency = efficiencies;
    p.m_defaultEfficiency = defaultEfficiency;
    return p;
}

ComputeProfile
ComputeProfile::CreateMeasured(const std::string& deviceTimesName,
                               double nominalFlopsPerSecond,
                               const std::string& description)
{
    std::string name = "measured:" + deviceTimesName;
    if (deviceTimesName.empty())
    {
        throw DnnSurgeryError("compute profile '" + name +
                              "': field 'device_times': empty device_times name");
    }
    CheckPositive(name, "flops_per_second", nominalFlopsPerSecond);
    ComputeProfile p;
    p.m_name = name;
    p.m_description =
        description.empty()
            ? "measured per-layer times from the profile's device_times '" + deviceTimesName + "'"
            : description;
    p.m_flopsPerSecond = nominalFlopsPerSecond;
    p.m_deviceTimesName = deviceTimesName;
    return p;
}

std::vector<std::string>
ComputeProfile::GetNames()
{
    return {"rpi4", "jetson-nano", "phone", "edge-gpu", "cpu-server"};
}

ComputeProfile
ComputeProfile::Get(const std::string& name)
{
    // Class-level assumptions; the sources are cited in doc/dnn-surgery.rst
    // ("Device and server classes"). Rates are fp32 FLOP/s.
    if (name == "rpi4")
    {
        // Raspberry Pi 4 B, 4x Cortex-A72 @ 1.5 GHz, LPDDR4 (~5 GB/s sustained -> eff 0.04).
        // About 8 GFLOP/s fp64 measured with HPL on 4 cores -> 16 GFLOP/s fp32 (2x NEON lanes).
        return CreateRated(name,
                           16e9,
                           ClassEfficiencies(0.5, 0.4, 0.15, 0.04),
                           0.04,
                           "Raspberry Pi 4 class: 16 GFLOP/s fp32 (2 x ~8 GFLOP/s fp64 HPL)");
    }
    if (name == "jetson-nano")
    {
        // Jetson Nano: 128 Maxwell CUDA cores @ 921.6 MHz, 2 FLOP/FMA -> 235.9 GFLOP/s fp32
        // (NVIDIA: 472 GFLOP/s fp16); 25.6 GB/s LPDDR4 -> 3.2 GFLOP/s element-wise.
        return CreateRated(
            name,
            235.9e9,
            ClassEfficiencies(0.4, 0.3, 0.1, 0.0136),
            0.0136,
            "Jetson Nano class: 128 CUDA cores x 921.6 MHz x 2 = 235.9 GFLOP/s fp32");
    }
    if (name == "phone")
    {
        // Snapdragon 855 class CPU: 1x 2.84 + 3x 2.42 GHz Cortex-A76 class cores, 2x 128-bit
        // FMA pipes (16 FLOP/cycle) -> 161.6 GFLOP/s fp32; LPDDR4X 34 GB/s -> 4.2 GFLOP/s.
        return CreateRated(name,
                           161.6e9,
                           ClassEfficiencies(0.3, 0.25, 0.1, 0.026),
                           0.026,
                           "phone class (Snapdragon 855 big cores): 161.6 GFLOP/s fp32 peak");
    }
    if (name == "edge-gpu")
    {
        // NVIDIA T4: 8.1 TFLOP/s fp32 peak (datasheet), 320 GB/s -> 40 GFLOP/s element-wise.
        return CreateRated(name,
                           8.1e12,
                           ClassEfficiencies(0.5, 0.4, 0.05, 0.005),
                           0.005,
                           "edge GPU class (NVIDIA T4): 8.1 TFLOP/s fp32 peak");
    }
    if (name == "cpu-server")
    {
        // Xeon Gold 6230 class: 20 cores x 2.1 GHz x 64 FLOP/cycle (2 AVX-512 FMA units)
        // = 2.69 TFLOP/s fp32; 6x DDR4-2933 = 141 GB/s -> 17.6 GFLOP/s element-wise.
        return CreateRated(name,
                           2.688e12,
                           ClassEfficiencies(0.4, 0.35, 0.08, 0.0065),
                           0.0065,
                           "CPU server class (Xeon Gold 6230): 2.69 TFLOP/s fp32 peak");
    }
    const std::string prefix = "measured:";
    if (name.compare(0, prefix.size(), prefix) == 0)
    {
        return CreateMeasured(name.substr(prefix.size()), 1e12);
    }
    std::string known;
    for (const auto& n : GetNames())
    {
        known += (known.empty() ? "" : ", ") + n;
    }
    throw DnnSurgeryError("compute profile '" + name + "': unknown class (known: " + known +
                          ", or measured:<device_times name>)");
}

std::string
ComputeProfile::GetName() const
{
    return m_name;
}

std::string
ComputeProfile::GetDescription() const
{
    return m_description;
}

double
ComputeProfile::GetFlopsPerSecond() const
{
    return m_flopsPerSecond;
}

double
ComputeProfile::GetEfficiency(const std::string& op) const
{
    if (IsMeasured())
    {
        return 1.0;
    }
    auto it = m_efficiency.find(op);
    return it == m_efficiency.end() ? m_defaultEfficiency : it->second;
}

bool
ComputeProfile::IsMeasured() const
{
    return !m_deviceTimesName.empty();
}

std::string
ComputeProfile::GetDeviceTimesName() const
{
    return m_deviceTimesName;
}

double
ComputeProfile::GetLayerTime(const DnnGraph& graph, std::size_t index) const
{
    const DnnLayer& l = graph.GetLayer(index);
    if (!IsMeasured())
    {
        // t^dev_v = c_v / (R eff(op))
        return l.flops / (m_flopsPerSecond * GetEfficiency(l.op));
    }
    const DnnDeviceTimes* dt = graph.FindDeviceTimes(m_deviceTimesName);
    if (dt == nullptr)
    {
        throw DnnSurgeryError("compute profile '" + m_name + "': the profile of model '" +
                              graph.GetName() + "' has no device_times '" + m_deviceTimesName +
                              "'");
    }
    auto it = dt->times.find(l.name);
    if (it == dt->times.end())
    {
        if (l.op == "input")
        {
            return 0.0;
        }
        throw DnnSurgeryError("compute profile '" + m_name + "': model '" + graph.GetName() +
                              "': layer " + std::to_string(l.id) + " '" + l.name +
                              "': field 'device_times." + m_deviceTimesName + ".times_s': missing");
    }
    return it->second;
}

double
ComputeProfile::GetEffectiveWork(const DnnGraph& graph, std::size_t index) const
{
    if (!IsMeasured())
    {
        const DnnLayer& l = graph.GetLayer(index);
        return l.flops / GetEfficiency(l.op);
    }
    return GetLayerTime(graph, index) * m_flopsPerSecond;
}

} // namespace ns3
