/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-graph-reader.h"

#include "checked-number.h"
#include "dnn-surgery-error.h"
#include "dnn-surgery-version.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

namespace
{

using Json = nlohmann::json;

/// \return a short rendering of a JSON value for error messages
std::string
Show(const Json& v)
{
    return CheckedNumber::Show(v);
}

/// \return the value of a required member, or throws naming where and which
const Json&
Required(const Json& obj, const std::string& key, const std::string& where)
{
    auto it = obj.find(key);
    if (it == obj.end())
    {
        throw DnnSurgeryError(where + ": field '" + key + "': missing");
    }
    return *it;
}

/// Largest work, byte count or time a profile may state (FLOP, bytes, seconds): far beyond any
/// real model, and small enough that sums and the partitioner's integer capacities stay exact.
constexpr double MAX_QUANTITY = 1e18;

/// \return a finite number in [0, MAX_QUANTITY] (not a boolean, not a string), or throws
double
AsNumber(const Json& v, const std::string& key, const std::string& where)
{
    double x = 0;
    std::string problem = CheckedNumber::Check(v, NumberRange::Real(0, MAX_QUANTITY), x);
    if (!problem.empty())
    {
        throw DnnSurgeryError(where + ": field '" + key + "': " + problem);
    }
    return x;
}

/// \return an unsigned 32-bit integer, or throws
uint32_t
AsUnsigned(const Json& v, const std::string& key, const std::string& where)
{
    int64_t x = 0;
    std::string problem =
        CheckedNumber::CheckInteger(v,
                                    NumberRange::Integer(0, std::numeric_limits<uint32_t>::max()),
                                    x);
    if (!problem.empty())
    {
        throw DnnSurgeryError(where + ": field '" + key + "': " + problem);
    }
    return static_cast<uint32_t>(x);
}

/**
 * \brief Reject members that the format does not define: a typo is never ignored.
 * \param obj a JSON object
 * \param known the member names the format defines there
 * \param where the location, for messages
 */
void
RejectUnknown(const Json& obj, const std::vector<std::string>& known, const std::string& where)
{
    for (auto it = obj.begin(); it != obj.end(); ++it)
    {
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
        {
            std::string list;
            for (const auto& k : known)
            {
                list += (list.empty() ? "" : ", ") + k;
            }
            throw DnnSurgeryError(where + ": field '" + it.key() +
                                  "': unknown field (the format defines: " + list + ")");
        }
    }
}

/// \return a string, or throws
std::string
AsString(const Json& v, const std::string& key, const std::string& where)
{
    if (!v.is_string())
    {
        throw DnnSurgeryError(where + ": field '" + key + "': must be a string (got " + Show(v) +
                              ")");
    }
    return v.get<std::string>();
}

/// \return the number of an optional member, or the default
double
OptionalNumber(const Json& obj, const std::string& key, const std::string& where, double def)
{
    auto it = obj.find(key);
    return it == obj.end() ? def : AsNumber(*it, key, where);
}

/// \return the layer parsed from element `index` of "layers"
DnnLayer
ParseLayer(const Json& j, std::size_t index, const std::string& source)
{
    std::string where = source + ": layers[" + std::to_string(index) + "]";
    if (!j.is_object())
    {
        throw DnnSurgeryError(where + ": must be an object (got " + Show(j) + ")");
    }
    DnnLayer l;
    l.id = AsUnsigned(Required(j, "id", where), "id", where);
    RejectUnknown(j,
                  {"id", "name", "op", "flops", "macs", "output_bytes", "param_bytes", "inputs"},
                  source + ": layer " + std::to_string(l.id));
    where = source + ": layer " + std::to_string(l.id);
    l.name = AsString(Required(j, "name", where), "name", where);
    where += " '" + l.name + "'";
    l.op = AsString(Required(j, "op", where), "op", where);
    l.flops = AsNumber(Required(j, "flops", where), "flops", where);
    l.macs = OptionalNumber(j, "macs", where, 0.0);
    l.outputBytes = AsNumber(Required(j, "output_bytes", where), "output_bytes", where);
    l.paramBytes = AsNumber(Required(j, "param_bytes", where), "param_bytes", where);
    const Json& inputs = Required(j, "inputs", where);
    if (!inputs.is_array())
    {
        throw DnnSurgeryError(where + ": field 'inputs': must be an array of layer ids (got " +
                              Show(inputs) + ")");
    }
    for (const auto& in : inputs)
    {
        l.inputs.push_back(AsUnsigned(in, "inputs", where));
    }
    return l;
}

} // namespace

DnnGraph
DnnGraphReader::ReadString(const std::string& text, const std::string& source)
{
    Json j;
    try
    {
        j = Json::parse(text);
    }
    catch (const Json::exception& e)
    {
        throw DnnSurgeryError(source + ": not valid JSON: " + e.what());
    }
    if (!j.is_object())
    {
        throw DnnSurgeryError(source + ": the profile must be a JSON object (got " + Show(j) + ")");
    }
    RejectUnknown(j,
                  {"format",
                   "version",
                   "name",
                   "description",
                   "input_shape",
                   "input_bytes",
                   "published_macs",
                   "published_macs_source",
                   "layers",
                   "device_times"},
                  source);
    std::string format = AsString(Required(j, "format", source), "format", source);
    if (format != "dnn-surgery-profile")
    {
        throw DnnSurgeryError(source + ": field 'format': must be \"dnn-surgery-profile\" (got \"" +
                              format + "\")");
    }
    const Json& version = Required(j, "version", source);
    if (!version.is_number_integer() || version.get<int64_t>() != 1)
    {
        throw DnnSurgeryError(source + ": field 'version': unsupported version " + Show(version) +
                              " (this reader knows version 1)");
    }

    DnnGraph g;
    g.SetName(AsString(Required(j, "name", source), "name", source));
    if (j.contains("description"))
    {
        g.SetDescription(AsString(j["description"], "description", source));
    }
    g.SetInputBytes(AsNumber(Required(j, "input_bytes", source), "input_bytes", source));
    if (j.contains("input_shape"))
    {
        const Json& shape = j["input_shape"];
        if (!shape.is_array())
        {
            throw DnnSurgeryError(source + ": field 'input_shape': must be an array of integers");
        }
        std::vector<int64_t> s;
        for (const auto& d : shape)
        {
            int64_t dim = 0;
            if (!CheckedNumber::CheckInteger(d, NumberRange::Integer(0, int64_t{1} << 40), dim)
                     .empty())
            {
                throw DnnSurgeryError(source +
                                      ": field 'input_shape': must be an array of integers >= 0 "
                                      "(got " +
                                      Show(d) + ")");
            }
            s.push_back(dim);
        }
        g.SetInputShape(s);
    }
    double publishedMacs = OptionalNumber(j, "published_macs", source, 0.0);
    std::string macsSource;
    if (j.contains("published_macs_source"))
    {
        macsSource = AsString(j["published_macs_source"], "published_macs_source", source);
    }
    g.SetPublishedMacs(publishedMacs, macsSource);

    const Json& layers = Required(j, "layers", source);
    if (!layers.is_array())
    {
        throw DnnSurgeryError(source + ": field 'layers': must be an array (got " + Show(layers) +
                              ")");
    }
    for (std::size_t i = 0; i < layers.size(); ++i)
    {
        g.AddLayer(ParseLayer(layers[i], i, source));
    }

    if (j.contains("device_times"))
    {
        const Json& dts = j["device_times"];
        if (!dts.is_object())
        {
            throw DnnSurgeryError(source + ": field 'device_times': must be an object");
        }
        for (const auto& [name, dt] : dts.items())
        {
            std::string where = source + ": device_times '" + name + "'";
            if (!dt.is_object())
            {
                throw DnnSurgeryError(where + ": must be an object");
            }
            RejectUnknown(dt, {"description", "times_s"}, where);
            DnnDeviceTimes times;
            if (dt.contains("description"))
            {
                times.description = AsString(dt["description"], "description", where);
            }
            const Json& ts = Required(dt, "times_s", where);
            if (!ts.is_object())
            {
                throw DnnSurgeryError(where +
                                      ": field 'times_s': must be an object {layer name: seconds}");
            }
            for (const auto& [layer, t] : ts.items())
            {
                times.times[layer] = AsNumber(t, "times_s." + layer, where);
            }
            g.SetDeviceTimes(name, times);
        }
    }
    g.Validate(source);
    return g;
}

DnnGraph
DnnGraphReader::ReadFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw DnnSurgeryError(path + ": cannot open the profile file");
    }
    std::ostringstream os;
    os << in.rdbuf();
    return ReadString(os.str(), path);
}

std::string
DnnGraphReader::WriteString(const DnnGraph& graphIn)
{
    DnnGraph graph = graphIn;
    graph.Validate(graph.GetName().empty() ? "<graph>" : graph.GetName());
    Json j;
    j["format"] = "dnn-surgery-profile";
    j["version"] = 1;
    j["name"] = graph.GetName();
    j["description"] = graph.GetDescription();
    if (!graph.GetInputShape().empty())
    {
        j["input_shape"] = graph.GetInputShape();
    }
    j["input_bytes"] = graph.GetInputBytes();
    if (graph.GetPublishedMacs() > 0)
    {
        j["published_macs"] = graph.GetPublishedMacs();
        j["published_macs_source"] = graph.GetPublishedMacsSource();
    }
    Json layers = Json::array();
    for (std::size_t i = 0; i < graph.GetNLayers(); ++i)
    {
        const DnnLayer& l = graph.GetLayer(i);
        Json lj;
        lj["id"] = l.id;
        lj["name"] = l.name;
        lj["op"] = l.op;
        lj["flops"] = l.flops;
        lj["macs"] = l.macs;
        lj["output_bytes"] = l.outputBytes;
        lj["param_bytes"] = l.paramBytes;
        lj["inputs"] = l.inputs;
        layers.push_back(lj);
    }
    j["layers"] = layers;
    if (!graph.GetAllDeviceTimes().empty())
    {
        Json dts = Json::object();
        for (const auto& [name, dt] : graph.GetAllDeviceTimes())
        {
            dts[name]["description"] = dt.description;
            dts[name]["times_s"] = dt.times;
        }
        j["device_times"] = dts;
    }
    return j.dump(1) + "\n";
}

void
DnnGraphReader::WriteFile(const DnnGraph& graph, const std::string& path)
{
    std::string text = WriteString(graph);
    std::ofstream out(path);
    if (!out || !(out << text) || !out.flush())
    {
        throw DnnSurgeryError(path + ": cannot write the profile file");
    }
}

std::string
DnnGraphReader::GetModelsDir()
{
    const char* env = std::getenv("DNN_SURGERY_MODELS_DIR");
    if (env != nullptr && *env != '\0')
    {
        return env;
    }
    return GetDnnSurgerySourceDir() + "/scenarios/models";
}

std::vector<std::string>
DnnGraphReader::ListModelFiles()
{
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    fs::directory_iterator it(GetModelsDir(), ec);
    if (ec)
    {
        return files;
    }
    for (const auto& entry : it)
    {
        if (entry.is_regular_file(ec) && entry.path().extension() == ".json")
        {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string
DnnGraphReader::FindModel(const std::string& nameOrPath)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (nameOrPath.empty())
    {
        throw DnnSurgeryError("model: empty model name");
    }
    if (fs::is_regular_file(nameOrPath, ec))
    {
        return nameOrPath;
    }
    std::string dir = GetModelsDir();
    std::string file = nameOrPath;
    if (fs::path(file).extension() != ".json")
    {
        file += ".json";
    }
    fs::path candidate = fs::path(dir) / file;
    if (fs::is_regular_file(candidate, ec))
    {
        return candidate.string();
    }
    std::string available;
    for (const auto& f : ListModelFiles())
    {
        available += (available.empty() ? "" : ", ") + fs::path(f).stem().string();
    }
    throw DnnSurgeryError("model '" + nameOrPath + "': no such file, and no " + file + " in " +
                          dir + " (available: " + (available.empty() ? "none" : available) +
                          "; set DNN_SURGERY_MODELS_DIR to use another directory)");
}

} // namespace ns3
