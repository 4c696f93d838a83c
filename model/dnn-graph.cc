/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-graph.h"

#include "dnn-surgery-error.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// \return a number as text for error messages
std::string
Num(double x)
{
    std::ostringstream os;
    os.precision(10);
    os << x;
    return os.str();
}

/// \return "source: layer <id> '<name>': field '<field>': <problem>"
std::string
LayerError(const std::string& source,
           const DnnLayer& layer,
           const std::string& field,
           const std::string& problem)
{
    std::ostringstream os;
    os << source << ": layer " << layer.id << " '" << layer.name << "': field '" << field
       << "': " << problem;
    return os.str();
}

/// Throw if x is not finite and >= 0.
void
CheckNonNegative(const std::string& source,
                 const DnnLayer& layer,
                 const std::string& field,
                 double x)
{
    if (!std::isfinite(x) || x < 0)
    {
        throw DnnSurgeryError(
            LayerError(source, layer, field, "must be finite and >= 0 (got " + Num(x) + ")"));
    }
}

} // namespace

DnnGraph::DnnGraph()
    : m_inputBytes(0),
      m_publishedMacs(0),
      m_validated(false),
      m_input(0),
      m_nEdges(0)
{
}

void
DnnGraph::SetName(const std::string& name)
{
    m_name = name;
}

const std::string&
DnnGraph::GetName() const
{
    return m_name;
}

void
DnnGraph::SetDescription(const std::string& description)
{
    m_description = description;
}

const std::string&
DnnGraph::GetDescription() const
{
    return m_description;
}

void
DnnGraph::SetInputBytes(double bytes)
{
    m_inputBytes = bytes;
    m_validated = false;
}

double
DnnGraph::GetInputBytes() const
{
    return m_inputBytes;
}

void
DnnGraph::SetInputShape(const std::vector<int64_t>& shape)
{
    m_inputShape = shape;
}

const std::vector<int64_t>&
DnnGraph::GetInputShape() const
{
    return m_inputShape;
}

void
DnnGraph::SetPublishedMacs(double macs, const std::string& source)
{
    m_publishedMacs = macs;
    m_publishedMacsSource = source;
}

double
DnnGraph::GetPublishedMacs() const
{
    return m_publishedMacs;
}

const std::string&
DnnGraph::GetPublishedMacsSource() const
{
    return m_publishedMacsSource;
}

void
DnnGraph::AddLayer(const DnnLayer& layer)
{
    m_layers.push_back(layer);
    m_validated = false;
}

void
DnnGraph::SetDeviceTimes(const std::string& name, const DnnDeviceTimes& times)
{
    m_deviceTimes[name] = times;
    m_validated = false;
}

const std::map<std::string, DnnDeviceTimes>&
DnnGraph::GetAllDeviceTimes() const
{
    return m_deviceTimes;
}

const DnnDeviceTimes*
DnnGraph::FindDeviceTimes(const std::string& name) const
{
    auto it = m_deviceTimes.find(name);
    return it == m_deviceTimes.end() ? nullptr : &it->second;
}

const std::vector<std::string>&
DnnGraph::GetOpTypes()
{
    static const std::vector<std::string> ops = {"input",
                                                 "conv2d",
                                                 "dwconv2d",
                                                 "linear",
                                                 "matmul",
                                                 "batchnorm",
                                                 "layernorm",
                                                 "relu",
                                                 "gelu",
                                                 "activation",
                                                 "pool",
                                                 "add",
                                                 "mul",
                                                 "concat",
                                                 "softmax",
                                                 "reshape",
                                                 "attention",
                                                 "embedding",
                                                 "other"};
    return ops;
}

bool
DnnGraph::IsKnownOpType(const std::string& op)
{
    const auto& ops = GetOpTypes();
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

void
DnnGraph::Validate(const std::string& source)
{
    m_validated = false;
    const std::size_t n = m_layers.size();
    if (n == 0)
    {
        throw DnnSurgeryError(source + ": field 'layers': the graph has no layers");
    }
    if (!std::isfinite(m_inputBytes) || m_inputBytes < 0)
    {
        throw DnnSurgeryError(source + ": field 'input_bytes': must be finite and >= 0 (got " +
                              Num(m_inputBytes) + ")");
    }

    // Per-layer fields, unique ids and names.
    std::map<uint32_t, std::size_t> indexOfId;
    std::set<std::string> names;
    std::size_t nInputs = 0;
    std::size_t input = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const DnnLayer& l = m_layers[i];
        if (l.name.empty())
        {
            throw DnnSurgeryError(LayerError(source, l, "name", "must be a non-empty string"));
        }
        if (!IsKnownOpType(l.op))
        {
            std::string known;
            for (const auto& op : GetOpTypes())
            {
                known += (known.empty() ? "" : ", ") + op;
            }
            throw DnnSurgeryError(
                LayerError(source,
                           l,
                           "op",
                           "unknown op type '" + l.op + "' (known: " + known + ")"));
        }
        CheckNonNegative(source, l, "flops", l.flops);
        CheckNonNegative(source, l, "macs", l.macs);
        CheckNonNegative(source, l, "output_bytes", l.outputBytes);
        CheckNonNegative(source, l, "param_bytes", l.paramBytes);
        if (!indexOfId.emplace(l.id, i).second)
        {
            throw DnnSurgeryError(LayerError(source,
                                             l,
                                             "id",
                                             "duplicate id (also used by layer '" +
                                                 m_layers[indexOfId[l.id]].name + "')"));
        }
        if (!names.insert(l.name).second)
        {
            throw DnnSurgeryError(LayerError(source, l, "name", "duplicate name"));
        }
        if (l.op == "input")
        {
            ++nInputs;
            input = i;
        }
    }
    if (nInputs != 1)
    {
        throw DnnSurgeryError(source +
                              ": field 'op': exactly one layer must have op 'input' (found " +
                              std::to_string(nInputs) + ")");
    }
    {
        const DnnLayer& l = m_layers[input];
        if (!l.inputs.empty())
        {
            throw DnnSurgeryError(
                LayerError(source, l, "inputs", "the input layer must have no inputs"));
        }
        if (l.flops != 0)
        {
            throw DnnSurgeryError(
                LayerError(source,
                           l,
                           "flops",
                           "the input layer must have 0 flops (got " + Num(l.flops) + ")"));
        }
        if (std::abs(l.outputBytes - m_inputBytes) > 1e-9 * std::max(1.0, m_inputBytes))
        {
            throw DnnSurgeryError(LayerError(source,
                                             l,
                                             "output_bytes",
                                             "the input layer's output_bytes (" +
                                                 Num(l.outputBytes) + ") must equal input_bytes (" +
                                                 Num(m_inputBytes) + ")"));
        }
    }

    // Edges.
    std::vector<std::vector<std::size_t>> succ(n);
    std::vector<std::vector<std::size_t>> pred(n);
    std::size_t nEdges = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const DnnLayer& l = m_layers[i];
        if (i != input && l.inputs.empty())
        {
            throw DnnSurgeryError(LayerError(source,
                                             l,
                                             "inputs",
                                             "missing input: every layer except the input layer "
                                             "needs at least one input"));
        }
        std::set<uint32_t> seen;
        for (uint32_t id : l.inputs)
        {
            if (id == l.id)
            {
                throw DnnSurgeryError(
                    LayerError(source, l, "inputs", "self-loop (the layer consumes itself)"));
            }
            auto it = indexOfId.find(id);
            if (it == indexOfId.end())
            {
                throw DnnSurgeryError(LayerError(source,
                                                 l,
                                                 "inputs",
                                                 "dangling input id " + std::to_string(id) +
                                                     " (no layer has that id)"));
            }
            if (!seen.insert(id).second)
            {
                throw DnnSurgeryError(
                    LayerError(source, l, "inputs", "duplicate input id " + std::to_string(id)));
            }
            pred[i].push_back(it->second);
            succ[it->second].push_back(i);
            ++nEdges;
        }
    }

    // Topological order (Kahn, smallest index first) and cycle detection.
    std::vector<std::size_t> indeg(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        indeg[i] = pred[i].size();
    }
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t i = 0; i < n; ++i)
    {
        if (indeg[i] == 0)
        {
            ready.push(i);
        }
    }
    std::vector<std::size_t> topo;
    topo.reserve(n);
    while (!ready.empty())
    {
        std::size_t v = ready.top();
        ready.pop();
        topo.push_back(v);
        for (std::size_t w : succ[v])
        {
            if (--indeg[w] == 0)
            {
                ready.push(w);
            }
        }
    }
    if (topo.size() != n)
    {
        // Walk predecessors inside the unsorted remainder until a layer repeats: a cycle.
        std::size_t v = 0;
        while (indeg[v] == 0)
        {
            ++v;
        }
        std::vector<std::size_t> path;
        std::vector<int> pos(n, -1);
        while (pos[v] < 0)
        {
            pos[v] = static_cast<int>(path.size());
            path.push_back(v);
            for (std::size_t u : pred[v])
            {
                if (indeg[u] > 0)
                {
                    v = u;
                    break;
                }
            }
        }
        std::string cycle;
        for (std::size_t k = path.size(); k-- > static_cast<std::size_t>(pos[v]);)
        {
            cycle += "'" + m_layers[path[k]].name + "' -> ";
        }
        cycle += "'" + m_layers[v].name + "'";
        throw DnnSurgeryError(
            LayerError(source, m_layers[v], "inputs", "the graph has a cycle: " + cycle));
    }

    // Measured device times: one finite, non-negative time per layer (the input layer may be
    // omitted: it does no work), no unknown names.
    for (const auto& [dtName, dt] : m_deviceTimes)
    {
        for (const auto& [layerName, t] : dt.times)
        {
            if (names.count(layerName) == 0)
            {
                throw DnnSurgeryError(source + ": field 'device_times." + dtName +
                                      ".times_s': unknown layer name '" + layerName + "'");
            }
            if (!std::isfinite(t) || t < 0)
            {
                throw DnnSurgeryError(source + ": field 'device_times." + dtName +
                                      ".times_s': layer '" + layerName +
                                      "': must be finite and >= 0 (got " + Num(t) + ")");
            }
        }
        for (std::size_t i = 0; i < n; ++i)
        {
            if (i != input && dt.times.count(m_layers[i].name) == 0)
            {
                throw DnnSurgeryError(LayerError(source,
                                                 m_layers[i],
                                                 "device_times." + dtName + ".times_s",
                                                 "missing measured time for this layer"));
            }
        }
    }

    m_outputs.clear();
    for (std::size_t i = 0; i < n; ++i)
    {
        if (succ[i].empty())
        {
            m_outputs.push_back(i);
        }
    }
    m_indexOfId = std::move(indexOfId);
    m_succ = std::move(succ);
    m_pred = std::move(pred);
    m_topo = std::move(topo);
    m_input = input;
    m_nEdges = nEdges;
    m_validated = true;
}

bool
DnnGraph::IsValidated() const
{
    return m_validated;
}

void
DnnGraph::CheckValidated(const char* what) const
{
    if (!m_validated)
    {
        throw DnnSurgeryError("DnnGraph '" + m_name + "': " + what +
                              " called before a successful Validate()");
    }
}

std::size_t
DnnGraph::GetNLayers() const
{
    return m_layers.size();
}

const DnnLayer&
DnnGraph::GetLayer(std::size_t index) const
{
    return m_layers.at(index);
}

std::size_t
DnnGraph::GetIndexOfId(uint32_t id) const
{
    CheckValidated("GetIndexOfId");
    auto it = m_indexOfId.find(id);
    if (it == m_indexOfId.end())
    {
        throw DnnSurgeryError("DnnGraph '" + m_name + "': no layer has id " + std::to_string(id));
    }
    return it->second;
}

const std::vector<std::size_t>&
DnnGraph::GetTopologicalOrder() const
{
    CheckValidated("GetTopologicalOrder");
    return m_topo;
}

const std::vector<std::size_t>&
DnnGraph::GetSuccessors(std::size_t index) const
{
    CheckValidated("GetSuccessors");
    return m_succ.at(index);
}

const std::vector<std::size_t>&
DnnGraph::GetPredecessors(std::size_t index) const
{
    CheckValidated("GetPredecessors");
    return m_pred.at(index);
}

std::size_t
DnnGraph::GetInputIndex() const
{
    CheckValidated("GetInputIndex");
    return m_input;
}

const std::vector<std::size_t>&
DnnGraph::GetOutputIndices() const
{
    CheckValidated("GetOutputIndices");
    return m_outputs;
}

double
DnnGraph::GetTotalFlops() const
{
    double sum = 0;
    for (const auto& l : m_layers)
    {
        sum += l.flops;
    }
    return sum;
}

double
DnnGraph::GetTotalParamBytes() const
{
    double sum = 0;
    for (const auto& l : m_layers)
    {
        sum += l.paramBytes;
    }
    return sum;
}

std::size_t
DnnGraph::GetNEdges() const
{
    CheckValidated("GetNEdges");
    return m_nEdges;
}

} // namespace ns3
