/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The layer graph, the JSON profile reader/writer (valid and malformed files) and the compute
 * profiles.
 */

#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-graph.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using namespace ns3;
using Json = nlohmann::json;

namespace
{

/// \return the hand-made test profile's path
std::string
TwoHeadsPath()
{
    return GetDnnSurgerySourceDir() + "/test/data/two-heads.json";
}

/// \return the text of a file
std::string
Slurp(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/// \return a fresh temporary directory for this test program
std::string
TempDir()
{
    static std::string dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("dnn-surgery-gtest-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d.string();
    }();
    return dir;
}

} // namespace

TEST(DnnGraph, ReadsHandMadeProfile)
{
    DnnGraph g = DnnGraphReader::ReadFile(TwoHeadsPath());
    EXPECT_EQ(g.GetName(), "two-heads");
    EXPECT_EQ(g.GetNLayers(), 9U);
    EXPECT_EQ(g.GetNEdges(), 9U);
    EXPECT_DOUBLE_EQ(g.GetInputBytes(), 12288);
    EXPECT_EQ(g.GetInputIndex(), 0U);
    EXPECT_EQ(g.GetOutputIndices(), (std::vector<std::size_t>{7, 8}));
    EXPECT_EQ(g.GetSuccessors(2), (std::vector<std::size_t>{3, 4})); // relu1 feeds conv2 and add
    EXPECT_EQ(g.GetPredecessors(4), (std::vector<std::size_t>{3, 2}));
    EXPECT_EQ(g.GetSuccessors(6), (std::vector<std::size_t>{7, 8}));
    EXPECT_EQ(g.GetTopologicalOrder(), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_DOUBLE_EQ(g.GetTotalFlops(),
                     3538944 + 16384 + 75497472 + 16384 + 16384 + 0 + 1280 + 512);
    EXPECT_EQ(g.GetLayer(3).name, "conv2");
    EXPECT_EQ(g.GetLayer(3).op, "conv2d");
    EXPECT_DOUBLE_EQ(g.GetLayer(3).paramBytes, 36864);
    EXPECT_EQ(g.GetIndexOfId(6), 6U);
    ASSERT_NE(g.FindDeviceTimes("test-cpu"), nullptr);
    EXPECT_DOUBLE_EQ(g.FindDeviceTimes("test-cpu")->times.at("conv2"), 0.02);
    EXPECT_EQ(g.FindDeviceTimes("nope"), nullptr);
}

TEST(DnnGraph, TopologicalOrderOfUnsortedFile)
{
    // Layers listed out of order, ids not 0..n-1.
    DnnGraph g;
    g.SetName("unsorted");
    g.SetInputBytes(10);
    g.AddLayer({40, "c", "add", 1, 0, 1, 0, {20, 30}});
    g.AddLayer({30, "b", "relu", 1, 0, 1, 0, {10}});
    g.AddLayer({10, "in", "input", 0, 0, 10, 0, {}});
    g.AddLayer({20, "a", "relu", 1, 0, 1, 0, {10}});
    g.Validate("unsorted");
    // Kahn, smallest index first: in(2), then b(1) and a(3) ready -> b, a, then c(0).
    EXPECT_EQ(g.GetTopologicalOrder(), (std::vector<std::size_t>{2, 1, 3, 0}));
    EXPECT_EQ(g.GetInputIndex(), 2U);
    EXPECT_EQ(g.GetOutputIndices(), (std::vector<std::size_t>{0}));
    // Structural getters refuse an unvalidated graph.
    g.AddLayer({50, "d", "relu", 1, 0, 1, 0, {40}});
    EXPECT_FALSE(g.IsValidated());
    EXPECT_THROW(g.GetTopologicalOrder(), DnnSurgeryError);
}

TEST(DnnGraph, RejectsNonFiniteNumbers)
{
    // JSON cannot carry NaN or infinity; a graph built in code can.
    for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), -1.0})
    {
        DnnGraph g;
        g.SetName("nf");
        g.SetInputBytes(10);
        g.AddLayer({0, "in", "input", 0, 0, 10, 0, {}});
        g.AddLayer({1, "fc", "linear", bad, 0, 4, 0, {0}});
        try
        {
            g.Validate("nf.json");
            ADD_FAILURE() << "accepted flops " << bad;
        }
        catch (const DnnSurgeryError& e)
        {
            EXPECT_EQ(std::string(e.what()).rfind("nf.json: layer 1 'fc': field 'flops': must be "
                                                  "finite and >= 0 (got ",
                                                  0),
                      0U)
                << e.what();
        }
    }
    DnnGraph empty;
    EXPECT_THROW(empty.Validate("empty.json"), DnnSurgeryError);
}

TEST(DnnGraph, WriteReadRoundTrip)
{
    DnnGraph g = DnnGraphReader::ReadFile(TwoHeadsPath());
    std::string path = TempDir() + "/roundtrip.json";
    DnnGraphReader::WriteFile(g, path);
    DnnGraph h = DnnGraphReader::ReadFile(path);
    EXPECT_EQ(h.GetName(), g.GetName());
    EXPECT_EQ(h.GetDescription(), g.GetDescription());
    EXPECT_EQ(h.GetInputShape(), g.GetInputShape());
    EXPECT_EQ(h.GetInputBytes(), g.GetInputBytes());
    ASSERT_EQ(h.GetNLayers(), g.GetNLayers());
    for (std::size_t i = 0; i < g.GetNLayers(); ++i)
    {
        const DnnLayer& a = g.GetLayer(i);
        const DnnLayer& b = h.GetLayer(i);
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.op, b.op);
        EXPECT_EQ(a.flops, b.flops);
        EXPECT_EQ(a.macs, b.macs);
        EXPECT_EQ(a.outputBytes, b.outputBytes);
        EXPECT_EQ(a.paramBytes, b.paramBytes);
        EXPECT_EQ(a.inputs, b.inputs);
    }
    ASSERT_NE(h.FindDeviceTimes("test-cpu"), nullptr);
    EXPECT_EQ(h.FindDeviceTimes("test-cpu")->times, g.FindDeviceTimes("test-cpu")->times);
    // Writing to an impossible path is an error naming the path.
    try
    {
        DnnGraphReader::WriteFile(g, "/nonexistent-dir/x.json");
        ADD_FAILURE() << "write to a missing directory succeeded";
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.json"), std::string::npos);
    }
}

/// One kind of malformed profile: how to break the valid one and what the error must say.
struct Malformed
{
    std::string kind;                  //!< short name (also the file name)
    std::function<void(Json&)> mutate; //!< applied to the valid profile
    std::vector<std::string> expected; //!< substrings of the message
    std::string rawText;               //!< if not empty, the file's whole text

    /**
     * \brief Construct.
     * \param k kind \param m mutation \param e expected substrings \param raw raw text
     */
    Malformed(std::string k,
              std::function<void(Json&)> m,
              std::vector<std::string> e,
              std::string raw = "")
        : kind(std::move(k)),
          mutate(std::move(m)),
          expected(std::move(e)),
          rawText(std::move(raw))
    {
    }
};

TEST(DnnGraphReader, RejectsMalformedProfiles)
{
    const Json valid = Json::parse(Slurp(TwoHeadsPath()));
    auto layer = [](Json& j, int id) -> Json& {
        for (auto& l : j["layers"])
        {
            if (l["id"] == id)
            {
                return l;
            }
        }
        throw std::logic_error("no layer");
    };
    std::vector<Malformed> cases = {
        {"not-json", nullptr, {"not valid JSON"}, "{\"format\": \"dnn-surgery-profile\", "},
        {"empty-file", nullptr, {"not valid JSON"}, " "},
        {"not-object", nullptr, {"must be a JSON object"}, "[1, 2]"},
        {"wrong-format", [](Json& j) { j["format"] = "onnx"; }, {"field 'format'", "onnx"}},
        {"wrong-version", [](Json& j) { j["version"] = 2; }, {"field 'version'", "2"}},
        {"missing-layers", [](Json& j) { j.erase("layers"); }, {"field 'layers': missing"}},
        {"empty-graph",
         [](Json& j) { j["layers"] = Json::array(); },
         {"field 'layers'", "no layers"}},
        {"duplicate-id",
         [&](Json& j) { layer(j, 3)["id"] = 2; },
         {"layer 2 'conv2'", "field 'id'", "duplicate id", "relu1"}},
        {"duplicate-name",
         [&](Json& j) { layer(j, 5)["name"] = "add"; },
         {"layer 5 'add'", "field 'name'", "duplicate name"}},
        {"dangling-input",
         [&](Json& j) {
             layer(j, 4)["inputs"] = {3, 99};
         },
         {"layer 4 'add'", "field 'inputs'", "dangling input id 99"}},
        {"cycle",
         [&](Json& j) {
             layer(j, 1)["inputs"] = {0, 4};
         },
         {"field 'inputs'", "cycle", "'conv1'", "'add'"}},
        {"self-loop",
         [&](Json& j) { layer(j, 5)["inputs"] = {5}; },
         {"layer 5 'pool'", "field 'inputs'", "self-loop"}},
        {"duplicate-input",
         [&](Json& j) {
             layer(j, 4)["inputs"] = {3, 3};
         },
         {"layer 4 'add'", "field 'inputs'", "duplicate input id 3"}},
        {"negative-flops",
         [&](Json& j) { layer(j, 3)["flops"] = -3; },
         {"layer 3 'conv2': field 'flops': must be a number in [0, 1e+18] (got -3)"}},
        {"infinite-bytes",
         nullptr,
         {"not valid JSON", "overflow", "1e999"}, // JSON has no infinity: a parse error
         "__INF__"},
        {"negative-param-bytes",
         [&](Json& j) { layer(j, 7)["param_bytes"] = -1.5; },
         {"layer 7 'fc_class'", "field 'param_bytes'", "-1.5"}},
        {"string-flops",
         [&](Json& j) { layer(j, 3)["flops"] = "many"; },
         {"layer 3 'conv2'", "field 'flops'", "must be a number"}},
        {"missing-output-bytes",
         [&](Json& j) { layer(j, 6).erase("output_bytes"); },
         {"layer 6 'flatten'", "field 'output_bytes': missing"}},
        {"missing-input",
         [&](Json& j) { layer(j, 2)["inputs"] = Json::array(); },
         {"layer 2 'relu1'", "field 'inputs'", "missing input"}},
        {"unknown-layer-field",
         [&](Json& j) { layer(j, 3)["flopz"] = 5; },
         {"layer 3", "field 'flopz'", "unknown field"}},
        {"unknown-top-field",
         [](Json& j) { j["input_byte"] = 5; },
         {"field 'input_byte'", "unknown field"}},
        {"unknown-device-times-field",
         [](Json& j) { j["device_times"]["test-cpu"]["time_s"] = 1; },
         {"device_times 'test-cpu'", "field 'time_s'", "unknown field"}},
        {"id-beyond-32-bits",
         [&](Json& j) { layer(j, 3)["id"] = 4294967299ULL; },
         {"field 'id'", "(got 4294967299)"}},
        {"huge-flops", [&](Json& j) { layer(j, 3)["flops"] = 1e300; }, {"field 'flops'", "1e+18"}},
        {"bad-id",
         [&](Json& j) { layer(j, 3)["id"] = -1; },
         {"layers[3]", "field 'id'", "must be an integer in [0, 4294967295] (got -1)"}},
        {"unknown-op",
         [&](Json& j) { layer(j, 5)["op"] = "maxpool3d"; },
         {"layer 5 'pool'", "field 'op'", "unknown op type 'maxpool3d'"}},
        {"two-inputs",
         [&](Json& j) {
             layer(j, 2)["op"] = "input";
             layer(j, 2)["inputs"] = Json::array();
         },
         {"field 'op'", "exactly one layer", "found 2"}},
        {"no-input-layer",
         [&](Json& j) { layer(j, 0)["op"] = "reshape"; },
         {"exactly one layer", "found 0"}},
        {"input-bytes-mismatch",
         [](Json& j) { j["input_bytes"] = 1000; },
         {"layer 0 'input'", "field 'output_bytes'", "must equal input_bytes"}},
        {"input-with-flops",
         [&](Json& j) { layer(j, 0)["flops"] = 5; },
         {"layer 0 'input'", "field 'flops'"}},
        {"device-times-missing-layer",
         [](Json& j) { j["device_times"]["test-cpu"]["times_s"].erase("conv2"); },
         {"layer 3 'conv2'", "device_times.test-cpu.times_s", "missing"}},
        {"device-times-negative",
         [](Json& j) { j["device_times"]["test-cpu"]["times_s"]["pool"] = -0.1; },
         {"device_times 'test-cpu'",
          "field 'times_s.pool'",
          "must be a number in [0, 1e+18] (got -0.1)"}},
        {"device-times-unknown-layer",
         [](Json& j) { j["device_times"]["test-cpu"]["times_s"]["ghost"] = 0.1; },
         {"device_times.test-cpu.times_s", "unknown layer name 'ghost'"}},
    };
    ASSERT_GE(cases.size(), 12U);
    for (const auto& c : cases)
    {
        std::string path = TempDir() + "/bad-" + c.kind + ".json";
        std::string text;
        if (c.rawText == "__INF__")
        {
            Json j = valid;
            layer(j, 5)["output_bytes"] = 123456789;
            text = j.dump();
            text.replace(text.find("123456789"), 9, "1e999"); // overflows to +infinity
        }
        else if (!c.rawText.empty())
        {
            text = c.rawText;
        }
        else
        {
            Json j = valid;
            c.mutate(j);
            text = j.dump(1);
        }
        std::ofstream(path) << text;
        try
        {
            DnnGraphReader::ReadFile(path);
            ADD_FAILURE() << c.kind << ": accepted";
        }
        catch (const DnnSurgeryError& e)
        {
            std::string m = e.what();
            EXPECT_EQ(m.rfind(path + ": ", 0), 0U)
                << c.kind << ": message must start with the file: " << m;
            for (const auto& s : c.expected)
            {
                EXPECT_NE(m.find(s), std::string::npos)
                    << c.kind << ": message lacks \"" << s << "\": " << m;
            }
        }
    }
    // A missing file.
    EXPECT_THROW(DnnGraphReader::ReadFile(TempDir() + "/does-not-exist.json"), DnnSurgeryError);
}

TEST(DnnGraphReader, FindModel)
{
    const char* old = std::getenv("DNN_SURGERY_MODELS_DIR");
    std::string saved = old ? old : "";
    setenv("DNN_SURGERY_MODELS_DIR", (GetDnnSurgerySourceDir() + "/test/data").c_str(), 1);
    EXPECT_EQ(DnnGraphReader::FindModel("two-heads"),
              GetDnnSurgerySourceDir() + "/test/data/two-heads.json");
    EXPECT_EQ(DnnGraphReader::FindModel(TwoHeadsPath()), TwoHeadsPath());
    try
    {
        DnnGraphReader::FindModel("no-such-model");
        ADD_FAILURE() << "found a missing model";
    }
    catch (const DnnSurgeryError& e)
    {
        std::string m = e.what();
        EXPECT_NE(m.find("no-such-model"), std::string::npos) << m;
        EXPECT_NE(m.find("available: "), std::string::npos) << m;
        EXPECT_NE(m.find("two-heads"), std::string::npos) << m;
    }
    if (old)
    {
        setenv("DNN_SURGERY_MODELS_DIR", saved.c_str(), 1);
    }
    else
    {
        unsetenv("DNN_SURGERY_MODELS_DIR");
        EXPECT_EQ(DnnGraphReader::GetModelsDir(), GetDnnSurgerySourceDir() + "/scenarios/models");
    }
}

TEST(ComputeProfile, NamedClasses)
{
    DnnGraph g = DnnGraphReader::ReadFile(TwoHeadsPath());
    for (const auto& name : ComputeProfile::GetNames())
    {
        ComputeProfile p = ComputeProfile::Get(name);
        EXPECT_EQ(p.GetName(), name);
        EXPECT_GT(p.GetFlopsPerSecond(), 1e9);
        EXPECT_FALSE(p.GetDescription().empty());
        for (const auto& op : DnnGraph::GetOpTypes())
        {
            EXPECT_GT(p.GetEfficiency(op), 0.0) << name << " " << op;
            EXPECT_LE(p.GetEfficiency(op), 1.0) << name << " " << op;
        }
        // Compute-bound convolutions run closer to peak than memory-bound element-wise ops.
        EXPECT_GT(p.GetEfficiency("conv2d"), p.GetEfficiency("relu"));
        for (std::size_t v = 0; v < g.GetNLayers(); ++v)
        {
            const DnnLayer& l = g.GetLayer(v);
            double eff = p.GetEfficiency(l.op);
            EXPECT_DOUBLE_EQ(p.GetLayerTime(g, v), l.flops / (p.GetFlopsPerSecond() * eff));
            EXPECT_DOUBLE_EQ(p.GetEffectiveWork(g, v), l.flops / eff);
        }
    }
    // Device classes are slower than server classes.
    for (const char* dev : {"rpi4", "jetson-nano", "phone"})
    {
        for (const char* srv : {"edge-gpu", "cpu-server"})
        {
            EXPECT_LT(ComputeProfile::Get(dev).GetFlopsPerSecond(),
                      ComputeProfile::Get(srv).GetFlopsPerSecond());
        }
    }
    try
    {
        ComputeProfile::Get("cray-1");
        ADD_FAILURE() << "unknown class accepted";
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("rpi4"), std::string::npos) << e.what();
    }
}

TEST(ComputeProfile, MeasuredAndCustom)
{
    DnnGraph g = DnnGraphReader::ReadFile(TwoHeadsPath());
    ComputeProfile m = ComputeProfile::Get("measured:test-cpu");
    EXPECT_TRUE(m.IsMeasured());
    EXPECT_DOUBLE_EQ(m.GetLayerTime(g, 3), 0.02);
    EXPECT_DOUBLE_EQ(m.GetEffectiveWork(g, 3), 0.02 * 1e12);
    ComputeProfile m2 = ComputeProfile::CreateMeasured("test-cpu", 5e11);
    EXPECT_DOUBLE_EQ(m2.GetEffectiveWork(g, 1), 0.001 * 5e11);
    try
    {
        ComputeProfile::Get("measured:other").GetLayerTime(g, 1);
        ADD_FAILURE() << "missing device_times accepted";
    }
    catch (const DnnSurgeryError& e)
    {
        std::string msg = e.what();
        EXPECT_NE(msg.find("two-heads"), std::string::npos) << msg;
        EXPECT_NE(msg.find("'other'"), std::string::npos) << msg;
    }
    ComputeProfile c = ComputeProfile::CreateRated("custom", 2e9, {{"conv2d", 0.5}}, 0.25);
    EXPECT_DOUBLE_EQ(c.GetLayerTime(g, 3), 75497472 / (2e9 * 0.5));
    EXPECT_DOUBLE_EQ(c.GetLayerTime(g, 2), 16384 / (2e9 * 0.25));
    EXPECT_THROW(ComputeProfile::CreateRated("x", 0, {}), DnnSurgeryError);
    EXPECT_THROW(ComputeProfile::CreateRated("x", 1e9, {{"conv2d", -1}}), DnnSurgeryError);
    EXPECT_THROW(ComputeProfile::CreateRated("x", 1e9, {{"conv9d", 1}}), DnnSurgeryError);
    EXPECT_THROW(ComputeProfile::CreateRated("x", std::nan(""), {}), DnnSurgeryError);
    EXPECT_THROW(ComputeProfile::CreateMeasured("", 1e9), DnnSurgeryError);
}
