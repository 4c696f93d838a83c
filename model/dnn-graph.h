/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_GRAPH_H
#define DNN_GRAPH_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The layer graph G = (V, E) of a DNN (formulation section 1): a DAG whose vertices are layers
 * (work c_v in FLOP, output tensor d_v in bytes) and whose edges u->w mean "w consumes u's
 * output".
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * One layer (vertex v of G) as read from a profile.
 */
struct DnnLayer
{
    uint32_t id{0};               //!< identifier used by `inputs` of other layers
    std::string name;             //!< unique name (key of measured device times)
    std::string op;               //!< op type, one of DnnGraph::GetOpTypes()
    double flops{0};              //!< c_v: work in FLOP
    double macs{0};               //!< multiply-accumulates (informative)
    double outputBytes{0};        //!< d_v: bytes of the output tensor
    double paramBytes{0};         //!< bytes of the parameters (informative)
    std::vector<uint32_t> inputs; //!< ids of the layers whose outputs this layer consumes
};

/**
 * \ingroup dnn-surgery
 * Measured per-layer times of one processor, kept with a profile (`device_times`).
 */
struct DnnDeviceTimes
{
    std::string description;             //!< how the times were measured
    std::map<std::string, double> times; //!< seconds, by layer name
};

/**
 * \ingroup dnn-surgery
 * A DNN layer graph: a DAG of DnnLayer with exactly one input layer.
 *
 * Build it with the setters and AddLayer(), then call Validate(); the structural getters
 * (topological order, successors, ...) are available only on a validated graph. Layers are
 * addressed by *index* (their position 0..n-1 in the profile); ids are only used to resolve
 * `inputs`.
 */
class DnnGraph
{
  public:
    DnnGraph();

    /**
     * \brief Set the model name.
     * \param name the model name, e.g. "resnet18"
     */
    void SetName(const std::string& name);
    /**
     * \return the model name
     */
    const std::string& GetName() const;
    /**
     * \brief Set the free-text description.
     * \param description the description
     */
    void SetDescription(const std::string& description);
    /**
     * \return the free-text description
     */
    const std::string& GetDescription() const;
    /**
     * \brief Set d_in, the bytes of the model input (camera frame etc.).
     * \param bytes the input size in bytes
     */
    void SetInputBytes(double bytes);
    /**
     * \return d_in, the bytes of the model input
     */
    double GetInputBytes() const;
    /**
     * \brief Set the shape of the input tensor (informative).
     * \param shape the shape, e.g. {1, 3, 224, 224}
     */
    void SetInputShape(const std::vector<int64_t>& shape);
    /**
     * \return the shape of the input tensor (may be empty)
     */
    const std::vector<int64_t>& GetInputShape() const;
    /**
     * \brief Set the published MAC count and its source (informative, may be 0 / empty).
     * \param macs the published multiply-accumulate count
     * \param source where the number comes from
     */
    void SetPublishedMacs(double macs, const std::string& source);
    /**
     * \return the published MAC count (0 if unknown)
     */
    double GetPublishedMacs() const;
    /**
     * \return the source of the published MAC count
     */
    const std::string& GetPublishedMacsSource() const;

    /**
     * \brief Append a layer (invalidates a previous validation).
     * \param layer the layer
     */
    void AddLayer(const DnnLayer& layer);
    /**
     * \brief Attach measured per-layer times under a name (invalidates a previous validation).
     * \param name the name a ComputeProfile refers to
     * \param times the measured times
     */
    void SetDeviceTimes(const std::string& name, const DnnDeviceTimes& times);
    /**
     * \return every named set of measured per-layer times
     */
    const std::map<std::string, DnnDeviceTimes>& GetAllDeviceTimes() const;
    /**
     * \brief Look up a named set of measured per-layer times.
     * \param name the name
     * \return the times, or nullptr if the profile has none of that name
     */
    const DnnDeviceTimes* FindDeviceTimes(const std::string& name) const;

    /**
     * \brief Check every rule of the profile format and build the structure (index of ids,
     * successors, predecessors, topological order, outputs).
     * \param source the file (or other origin) named in error messages
     * \throws DnnSurgeryError naming source, layer and field on the first violation
     */
    void Validate(const std::string& source);
    /**
     * \return true if Validate() succeeded and nothing changed since
     */
    bool IsValidated() const;

    /**
     * \return the number of layers n = |V|
     */
    std::size_t GetNLayers() const;
    /**
     * \param index the layer index 0..n-1
     * \return the layer
     */
    const DnnLayer& GetLayer(std::size_t index) const;
    /**
     * \param id a layer id
     * \return the index of the layer with that id (validated graph only)
     */
    std::size_t GetIndexOfId(uint32_t id) const;
    /**
     * \return a topological order of the layer indices (Kahn's algorithm, smallest index first,
     * so a profile already in topological order keeps its order)
     */
    const std::vector<std::size_t>& GetTopologicalOrder() const;
    /**
     * \param index a layer index
     * \return the indices of the layers consuming its output (no duplicates)
     */
    const std::vector<std::size_t>& GetSuccessors(std::size_t index) const;
    /**
     * \param index a layer index
     * \return the indices of the layers whose outputs it consumes
     */
    const std::vector<std::size_t>& GetPredecessors(std::size_t index) const;
    /**
     * \return the index of the input layer
     */
    std::size_t GetInputIndex() const;
    /**
     * \return the indices of the layers without consumers (the graph's outputs)
     */
    const std::vector<std::size_t>& GetOutputIndices() const;
    /**
     * \return sum of c_v over all layers (FLOP)
     */
    double GetTotalFlops() const;
    /**
     * \return sum of the layers' parameter bytes
     */
    double GetTotalParamBytes() const;
    /**
     * \return the number of edges |E|
     */
    std::size_t GetNEdges() const;

    /**
     * \return the op types a layer may have
     */
    static const std::vector<std::string>& GetOpTypes();
    /**
     * \param op an op type
     * \return true if it is one of GetOpTypes()
     */
    static bool IsKnownOpType(const std::string& op);

  private:
    /** Abort if the graph has not been validated. \param what the getter called */
    void CheckValidated(const char* what) const;

    std::string m_name;                                  //!< model name
    std::string m_description;                           //!< description
    double m_inputBytes;                                 //!< d_in
    std::vector<int64_t> m_inputShape;                   //!< input shape
    double m_publishedMacs;                              //!< published MACs
    std::string m_publishedMacsSource;                   //!< their source
    std::vector<DnnLayer> m_layers;                      //!< layers by index
    std::map<std::string, DnnDeviceTimes> m_deviceTimes; //!< measured times by name

    bool m_validated;                             //!< Validate() succeeded
    std::map<uint32_t, std::size_t> m_indexOfId;  //!< id -> index
    std::vector<std::vector<std::size_t>> m_succ; //!< successors by index
    std::vector<std::vector<std::size_t>> m_pred; //!< predecessors by index
    std::vector<std::size_t> m_topo;              //!< topological order
    std::vector<std::size_t> m_outputs;           //!< layers without consumers
    std::size_t m_input;                          //!< the input layer
    std::size_t m_nEdges;                         //!< |E|
};

} // namespace ns3

#endif /* DNN_GRAPH_H */
