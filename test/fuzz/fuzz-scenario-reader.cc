/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Fuzz target: the scenario reader with command-line overrides, fed arbitrary bytes. The input
 * is a scenario text, optionally followed by a line "--" and one override per line
 * ("--devices.count=5"). Properties: the reader returns a valid scenario or throws
 * DnnSurgeryError (anything else is a bug); an accepted scenario reads again from its own
 * resolved JSON to the same scenario, and its sweep expands without error into values that are
 * each within the bounds.
 */

#include "fuzz-target.h"

#include "ns3/dnn-surgery-error.h"
#include "ns3/scenario-reader.h"

#include <string>
#include <vector>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> overrides;
    auto sep = text.find("\n--\n");
    if (sep != std::string::npos)
    {
        std::string rest = text.substr(sep + 4);
        text = text.substr(0, sep);
        std::string line;
        for (char c : rest + "\n")
        {
            if (c == '\n')
            {
                if (!line.empty())
                {
                    overrides.push_back(line);
                }
                line.clear();
            }
            else
            {
                line += c;
            }
        }
    }
    Scenario s;
    try
    {
        s = ScenarioReader::ReadString(text, "fuzz.json", overrides);
    }
    catch (const DnnSurgeryError&)
    {
        return 0;
    }
    Scenario again = ScenarioReader::ReadString(s.json, "fuzz-resolved.json");
    FUZZ_CHECK(again.json == s.json, "the resolved scenario reads back to itself");
    FUZZ_CHECK(s.devices.count >= 1 && s.devices.count <= 1000, "device count in bounds");
    FUZZ_CHECK(s.duration > 0 && s.duration <= 86400, "duration in bounds");
    FUZZ_CHECK(!s.seeds.empty() && s.seeds.front() >= 1 && s.seeds.front() <= 4294967295ULL,
               "seeds in bounds");
    for (const auto& x : ScenarioReader::ExpandSweep(s))
    {
        FUZZ_CHECK(x.devices.count >= 1 && x.devices.count <= 1000, "swept count in bounds");
        FUZZ_CHECK(x.devices.count * x.devices.rate * x.duration <= 1e7, "requests bounded");
    }
    return 0;
}

void
DnnSurgeryFuzzWriteSeeds(const std::string& dir)
{
    DnnSurgeryFuzzWriteFile(dir, "minimal.txt", R"({"name": "fuzz"})");
    DnnSurgeryFuzzWriteFile(dir,
                            "overrides.txt",
                            "{\"name\": \"fuzz\", \"devices\": {\"count\": 3}}\n--\n"
                            "--devices.models=resnet18:2,mobilenet_v2\n--seeds=1,2\n"
                            "--server.capacity=2e11\n--duration=5\n");
    DnnSurgeryFuzzWriteFile(
        dir,
        "sweep.txt",
        R"({"name": "sweep", "policies": ["dds", "dads"], "seeds": [1, 2], "runs": 2,
"network": {"type": "p2p", "p2pRate": 2e7},
"server": {"capacity": 1e12, "p0": 2e-13, "kappa": 2e-25, "sharing": "weighted-sharing"},
"game": {"epsilon": 1e-4, "maxRounds": 50},
"sweep": {"parameter": "server.capacity", "values": [1e11, 1e12]}})");
    DnnSurgeryFuzzWriteFile(
        dir,
        "bad-values.txt",
        "{\"name\": \"x\", \"duration\": null}\n--\n--devices.count=4294967297\n"
        "--devices.models=resnet18,\n");
}
