/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the scenario reader: defaults, command-line overrides, sweep expansion,
 * the model mix, the bundled scenarios, and many kinds of bad scenario each rejected with a
 * message naming the file and the field.
 */

#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/scenario-reader.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// A minimal valid scenario.
const std::string MINIMAL = R"({"name": "unit"})";

/// \return the message of the DnnSurgeryError thrown by reading text, or "" if none
std::string
ErrorOf(const std::string& text,
        const std::vector<std::string>& overrides = {},
        const std::string& source = "bad.json")
{
    try
    {
        ScenarioReader::ReadString(text, source, overrides);
    }
    catch (const DnnSurgeryError& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

TEST(Scenario, DefaultsFillEveryField)
{
    Scenario s = ScenarioReader::ReadString(MINIMAL, "min.json");
    EXPECT_EQ(s.name, "unit");
    EXPECT_EQ(s.source, "min.json");
    EXPECT_EQ(s.devices.count, 4u);
    ASSERT_EQ(s.devices.models.size(), 1u);
    EXPECT_EQ(s.devices.models[0].name, "resnet18");
    EXPECT_EQ(s.policies, ScenarioReader::GetPolicyNames());
    EXPECT_EQ(s.seeds, std::vector<uint64_t>{1});
    EXPECT_TRUE(s.sweep.parameter.empty());
    // the resolved JSON holds every field and reads back to the same scenario
    Scenario again = ScenarioReader::ReadString(s.json, "again.json");
    EXPECT_EQ(again.json, s.json);
    EXPECT_NE(s.json.find("\"backhaulRate\""), std::string::npos);
}

TEST(Scenario, OverridesAreAppliedBeforeValidation)
{
    Scenario s = ScenarioReader::ReadString(MINIMAL,
                                            "min.json",
                                            {"--devices.count=7",
                                             "--policies=dds,local",
                                             "--server.capacity=2e12",
                                             "--devices.models=resnet18:2,mobilenet_v2",
                                             "--network.type=p2p",
                                             "--seeds=3,4",
                                             "--name=renamed"});
    EXPECT_EQ(s.devices.count, 7u);
    EXPECT_EQ(s.policies, (std::vector<std::string>{"dds", "local"}));
    EXPECT_DOUBLE_EQ(s.server.capacity, 2e12);
    ASSERT_EQ(s.devices.models.size(), 2u);
    EXPECT_DOUBLE_EQ(s.devices.models[0].weight, 2);
    EXPECT_DOUBLE_EQ(s.devices.models[1].weight, 1);
    EXPECT_EQ(s.network.type, "p2p");
    EXPECT_EQ(s.seeds, (std::vector<uint64_t>{3, 4}));
    EXPECT_EQ(s.name, "renamed");
    // JSON values work too
    Scenario t = ScenarioReader::ReadString(MINIMAL, "min.json", {R"(--policies=["dds"])"});
    EXPECT_EQ(t.policies, std::vector<std::string>{"dds"});

    EXPECT_TRUE(ScenarioReader::IsOverride("--devices.count=5"));
    EXPECT_TRUE(ScenarioReader::IsOverride("--duration=5"));
    EXPECT_FALSE(ScenarioReader::IsOverride("--scenario=default"));
    EXPECT_FALSE(ScenarioReader::IsOverride("--RngRun=3"));
    EXPECT_FALSE(ScenarioReader::IsOverride("devices.count=5"));
}

TEST(Scenario, SweepExpandsToOneScenarioPerValue)
{
    Scenario s = ScenarioReader::ReadString(
        R"({"name": "sw", "sweep": {"parameter": "devices.count", "values": [1, 3, 9]}})",
        "sw.json");
    auto all = ScenarioReader::ExpandSweep(s);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].devices.count, 1u);
    EXPECT_EQ(all[1].devices.count, 3u);
    EXPECT_EQ(all[2].devices.count, 9u);
    EXPECT_EQ(all[2].sweepValue, "9");
    Scenario none = ScenarioReader::ReadString(MINIMAL, "min.json");
    ASSERT_EQ(ScenarioReader::ExpandSweep(none).size(), 1u);
    EXPECT_EQ(ScenarioReader::ExpandSweep(none)[0].sweepValue, "");
    // a sweep over a string field
    Scenario w = ScenarioReader::ReadString(
        MINIMAL,
        "min.json",
        {"--sweep.parameter=mobility.model", "--sweep.values=constant,random-walk"});
    auto ws = ScenarioReader::ExpandSweep(w);
    ASSERT_EQ(ws.size(), 2u);
    EXPECT_EQ(ws[1].mobility.model, "random-walk");
}

TEST(Scenario, ModelMixFollowsTheWeights)
{
    ScenarioDevices d;
    d.models = {{"a", 3}, {"b", 1}, {"c", 2}};
    // every prefix of the sequence is within one device of the exact proportional share
    std::map<std::string, int> count;
    for (uint32_t i = 0; i < 60; ++i)
    {
        count[d.GetModel(i)]++;
        double n = i + 1;
        EXPECT_LE(std::abs(count["a"] - n * 3 / 6), 1.0) << i;
        EXPECT_LE(std::abs(count["b"] - n * 1 / 6), 1.0) << i;
        EXPECT_LE(std::abs(count["c"] - n * 2 / 6), 1.0) << i;
    }
    EXPECT_EQ(count["a"], 30);
    EXPECT_EQ(count["b"], 10);
    EXPECT_EQ(count["c"], 20);
}

TEST(Scenario, BundledScenariosAreValid)
{
    std::string dir = GetDnnSurgerySourceDir() + "/scenarios";
    DIR* d = opendir(dir.c_str());
    ASSERT_NE(d, nullptr);
    int n = 0;
    while (dirent* e = readdir(d))
    {
        std::string name = e->d_name;
        if (name.size() > 5 && name.substr(name.size() - 5) == ".json")
        {
            SCOPED_TRACE(name);
            EXPECT_NO_THROW({
                Scenario s = ScenarioReader::ReadFile(dir + "/" + name);
                EXPECT_FALSE(ScenarioReader::ExpandSweep(s).empty());
            });
            n++;
        }
    }
    closedir(d);
    EXPECT_GE(n, 1);
    EXPECT_EQ(ScenarioReader::FindScenario("default"), dir + "/default.json");
}

TEST(Scenario, BadScenariosAreRejectedWithFileAndField)
{
    struct Case
    {
        std::string text;                   //!< scenario
        std::vector<std::string> overrides; //!< command line
        std::vector<std::string> expected;  //!< substrings of the message
    };

    const std::vector<Case> cases = {
        {R"({"name": "x", )", {}, {"bad.json", "invalid JSON"}},
        {R"([1, 2])", {}, {"bad.json", "must be a JSON object"}},
        {R"({})", {}, {"bad.json", "field 'name'", "missing"}},
        {R"({"name": ""})", {}, {"field 'name'", "must not be empty"}},
        {R"({"name": "x", "duraton": 5})", {}, {"field 'duraton'", "unknown field", "duration"}},
        {R"({"name": "x", "devices": {"cuont": 5}})",
         {},
         {"field 'devices.cuont'", "unknown field", "did you mean 'count'"}},
        {R"({"name": "x", "devices": {"count": 0}})",
         {},
         {"bad.json: field 'devices.count': must be an integer in [1, 1000] (got 0)"}},
        {R"({"name": "x", "devices": {"count": 2.5}})", {}, {"devices.count", "(got 2.5)"}},
        {R"({"name": "x", "devices": {"count": "4"}})", {}, {"devices.count", "(got \"4\")"}},
        {R"({"name": "x", "duration": -1})",
         {},
         {"field 'duration'", "must be a number in (0, 86400] (got -1)"}},
        {R"({"name": "x", "network": {"wifiStandard": "802.11z"}})",
         {},
         {"network.wifiStandard", "must be one of", "802.11ax"}},
        {R"({"name": "x", "network": 5})", {}, {"field 'network'", "must be an object"}},
        {R"({"name": "x", "policies": ["dds", "ddss"]})",
         {},
         {"field 'policies[1]'", "must be one of"}},
        {R"({"name": "x", "policies": ["dds", "dds"]})", {}, {"policies[1]", "listed twice"}},
        {R"({"name": "x", "policies": []})", {}, {"field 'policies'", "non-empty"}},
        {R"({"name": "x", "devices": {"models": [{"name": "resnet19"}]}})",
         {},
         {"devices.models[0].name", "unknown model 'resnet19'", "resnet18"}},
        {R"({"name": "x", "devices": {"models": [{"name": "resnet18", "weight": 0}]}})",
         {},
         {"devices.models[0].weight", "must be a number in (0, 1e+12] (got 0)"}},
        {R"({"name": "x", "devices": {"models": [{"name": "resnet18", "wieght": 2}]}})",
         {},
         {"devices.models[0].wieght", "unknown field"}},
        {R"({"name": "x", "devices": {"maxDistance": 0}})",
         {},
         {"devices.maxDistance", "must be a number in (0, 100000] (got 0)"}},
        {R"({"name": "x", "sweep": {"parameter": "devices.cont", "values": [1]}})",
         {},
         {"field 'sweep.parameter'", "not a field that can be swept", "devices.count"}},
        {R"({"name": "x", "sweep": {"parameter": "devices.count", "values": [2, 0]}})",
         {},
         {"field 'sweep.values[1]'", "must be an integer in [1, 1000] (got 0)"}},
        {R"({"name": "x", "sweep": {"parameter": "devices.count"}})",
         {},
         {"field 'sweep.values'", "at least one value"}},
        {R"({"name": "x", "sweep": {"parameter": "mobility.model", "values": ["walk"]}})",
         {},
         {"sweep.values[0]", "must be one of", "random-walk"}},
        {R"({"name": "x", "seeds": [1, 1]})", {}, {"seeds[1]", "listed twice"}},
        {R"({"name": "x", "seeds": [0]})", {}, {"seeds[0]", "integer in [1, 4294967295]"}},
        {R"({"name": "x", "mobility": {"model": "teleport"}})", {}, {"mobility.model", "one of"}},
        {R"({"name": "x", "server": {"capacity": 0}})",
         {},
         {"server.capacity", "in [1e+06, 1e+18] (got 0)"}},
        {R"({"name": "x", "game": {"maxRounds": -3}})", {}, {"game.maxRounds", "(got -3)"}},
        {MINIMAL,
         {"--devices.cout=5"},
         {"command line", "--devices.cout=5", "unknown field", "devices.count"}},
        {MINIMAL,
         {"--devices.count=many"},
         {"command line (--devices.count=many)", "field 'devices.count'", "(got \"many\")"}},
        {MINIMAL, {"--devices.count"}, {"command line", "--<field>=<value>"}},
    };
    ASSERT_GE(cases.size(), 15u);
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        SCOPED_TRACE("case " + std::to_string(i) + ": " + cases[i].text);
        std::string msg = ErrorOf(cases[i].text, cases[i].overrides);
        ASSERT_FALSE(msg.empty()) << "accepted";
        for (const auto& part : cases[i].expected)
        {
            EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg;
        }
    }
}

TEST(Scenario, FileErrorsNameTheFile)
{
    try
    {
        ScenarioReader::ReadFile("/nonexistent/nothing.json");
        FAIL();
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/nothing.json"), std::string::npos);
    }
    try
    {
        ScenarioReader::FindScenario("no-such-scenario");
        FAIL();
    }
    catch (const DnnSurgeryError& e)
    {
        EXPECT_NE(std::string(e.what()).find("default"), std::string::npos) << e.what();
    }
    EXPECT_NE(ErrorOf("", {}, "empty.json").find("empty.json: invalid JSON"), std::string::npos);
}

/**
 * The inputs of the hardening audit (issue 9), at the reader: each was accepted (or crashed)
 * before the checked number parser and the bounds; each must now be an error naming the field.
 */
TEST(Scenario, HardeningAuditInputsAreFieldErrors)
{
    struct Case
    {
        std::vector<std::string> overrides; //!< command line
        std::vector<std::string> expected;  //!< parts of the message
    };

    const std::vector<Case> cases = {
        {{"--devices.models=resnet18,"}, {"devices.models[1].name", "must be a model name"}},
        {{"--devices.models=,resnet18"}, {"devices.models[0].name"}},
        {{"--devices.models=resnet18:"}, {"devices.models[0].weight"}},
        {{"--devices.models=resnet18:2:3"}, {"devices.models[0].weight"}},
        {{"--devices.count=4294967297"}, {"devices.count", "(got 4294967297)"}},
        {{"--seeds=4294967297"}, {"seeds[0]", "(got 4294967297)"}},
        {{"--seeds=4294967296"}, {"seeds[0]", "[1, 4294967295]"}},
        {{"--runs=18446744073709551617"}, {"field 'runs'"}},
        {{"--server.capacity=1e-300"}, {"server.capacity", "(got 1e-300)"}},
        {{"--devices.timeout=1e300"}, {"devices.timeout"}},
        {{"--duration=1e300"}, {"field 'duration'"}},
        {{"--duration=1e10"}, {"field 'duration'", "86400"}},
        {{"--devices.count=1000000"}, {"devices.count", "1000"}},
        {{"--duration=null"}, {"field 'duration'", "must not be null"}},
        {{"--duration=nan"}, {"field 'duration'"}},
        {{"--duration=inf"}, {"field 'duration'"}},
        {{"--duration=1e400"}, {"field 'duration'"}},
        {{"--devices.lambda=1e-310"}, {"devices.lambda"}},
        {{"--devices.count=1000", "--devices.rate=1000", "--duration=100"},
         {"requests in one run"}},
        {{"--seeds=" +
          [] {
              std::string s;
              for (int i = 1; i <= 1001; ++i)
              {
                  s += (i > 1 ? "," : "") + std::to_string(i);
              }
              return s;
          }()},
         {"field 'seeds'", "at most 1000"}},
        {{"--runs=10000", "--seeds=1,2,3,4,5,6,7,8,9,10,11"}, {"field 'runs'", "runs; at most"}},
        {{"--sweep.parameter=devices.count", "--sweep.values=2,4294967297"},
         {"sweep.values[1]", "(got 4294967297)"}},
    };
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.overrides[0]);
        std::string msg = ErrorOf(MINIMAL, c.overrides);
        ASSERT_FALSE(msg.empty()) << "accepted";
        EXPECT_EQ(msg.rfind("command line (", 0), 0u) << msg;
        for (const auto& part : c.expected)
        {
            EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg;
        }
    }
    // in a file, an explicit null is an error too (before: silently the default)
    EXPECT_NE(
        ErrorOf(R"({"name": "x", "duration": null})").find("field 'duration': must not be null"),
        std::string::npos);
    EXPECT_NE(ErrorOf(R"({"name": "x", "server": {"capacity": null}})").find("server.capacity"),
              std::string::npos);
    EXPECT_NE(ErrorOf(R"({"name": null})").find("field 'name': must not be null"),
              std::string::npos);
}

/**
 * Every bound of a field that sets an ns-3 attribute is inside what the attribute's checker
 * accepts: both ends read without error (the reader runs the checker on each value), so the
 * reader never lets through a value that ns-3 would abort on.
 */
TEST(Scenario, BoundsAgreeWithTheNs3AttributeCheckers)
{
    const std::vector<std::pair<std::string, std::vector<std::string>>> ends = {
        {"server.capacity", {"1e6", "1e18"}},
        {"server.p0", {"0", "1e6"}},
        {"server.kappa", {"0", "1e6"}},
        {"game.epsilon", {"1e-300", "1"}},
        {"game.maxRounds", {"1", "100000"}},
        {"devices.lambda", {"1e-12", "1e12"}},
        {"devices.rate", {"1e-6", "1000"}},
        {"devices.timeout", {"0.001", "3600"}},
        {"game.rateThreshold", {"1e-300", "10"}},
        {"duration", {"1e-9", "86400"}},
        {"devices.count", {"1", "1000"}},
    };
    for (const auto& [field, values] : ends)
    {
        for (const auto& v : values)
        {
            EXPECT_EQ(ErrorOf(MINIMAL, {"--" + field + "=" + v}), "") << field << " = " << v;
        }
    }
}

/// A model that cannot be used (here: a cycle) is a scenario error, found before any run.
TEST(Scenario, ModelsAreFullyValidatedWithTheScenario)
{
    const std::string dir = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : "/tmp");
    const std::string path = dir + "/dnn-surgery-cyclic-" + std::to_string(getpid()) + ".json";
    {
        std::ofstream out(path);
        out << R"({"format": "dnn-surgery-profile", "version": 1, "name": "cyclic",
  "input_bytes": 4, "layers": [
  {"id": 0, "name": "input", "op": "input", "flops": 0, "output_bytes": 4, "param_bytes": 0, "inputs": []},
  {"id": 1, "name": "a", "op": "relu", "flops": 1, "output_bytes": 4, "param_bytes": 0, "inputs": [0, 2]},
  {"id": 2, "name": "b", "op": "relu", "flops": 1, "output_bytes": 4, "param_bytes": 0, "inputs": [1]}]})";
    }
    std::string msg =
        ErrorOf(R"({"name": "x", "devices": {"models": [{"name": ")" + path + R"("}]}})");
    std::remove(path.c_str());
    EXPECT_NE(msg.find("devices.models[0].name"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cycle"), std::string::npos) << msg;
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
}

TEST(Scenario, DeadlineIsNoneFrameOrSeconds)
{
    Scenario none = ScenarioReader::ReadString(MINIMAL, "min.json");
    EXPECT_EQ(none.devices.deadline, 0.0);
    EXPECT_FALSE(none.devices.frameDeadline);
    Scenario frame = ScenarioReader::ReadString(MINIMAL, "min.json", {"--devices.deadline=frame"});
    EXPECT_TRUE(frame.devices.frameDeadline);
    EXPECT_EQ(frame.devices.deadline, 0.0);
    Scenario seconds = ScenarioReader::ReadString(MINIMAL, "min.json", {"--devices.deadline=0.15"});
    EXPECT_FALSE(seconds.devices.frameDeadline);
    EXPECT_DOUBLE_EQ(seconds.devices.deadline, 0.15);
    Scenario json = ScenarioReader::ReadString(R"({"name": "x", "devices": {"deadline": 0.25}})",
                                               "deadline.json");
    EXPECT_DOUBLE_EQ(json.devices.deadline, 0.25);
    // the resolved scenario reads back the same
    Scenario again = ScenarioReader::ReadString(json.json, "again.json");
    EXPECT_DOUBLE_EQ(again.devices.deadline, 0.25);
    for (const char* bad : {R"({"name": "x", "devices": {"deadline": 0}})",
                            R"({"name": "x", "devices": {"deadline": -1}})",
                            R"({"name": "x", "devices": {"deadline": "soon"}})",
                            R"({"name": "x", "devices": {"deadline": true}})"})
    {
        std::string msg = ErrorOf(bad);
        EXPECT_NE(msg.find("field 'devices.deadline'"), std::string::npos) << bad << ": " << msg;
    }
}

TEST(Scenario, PoliciesAcceptTypeIdsAndAttributes)
{
    Scenario s = ScenarioReader::ReadString(
        R"({"name": "x", "policies": ["ns3::DdsPolicy", "dads", "dds[]"]})",
        "policies.json");
    EXPECT_EQ(s.policies, (std::vector<std::string>{"ns3::DdsPolicy", "dads", "dds[]"}));
    for (const char* bad : {R"({"name": "x", "policies": ["ns3::Object"]})",
                            R"({"name": "x", "policies": ["dds[NoSuchAttribute=1]"]})"})
    {
        std::string msg = ErrorOf(bad);
        EXPECT_NE(msg.find("field 'policies[0]'"), std::string::npos) << bad << ": " << msg;
    }
}
