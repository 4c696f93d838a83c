/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-reader.h"

#include "dnn-surgery-topology-helper.h"

#include "ns3/checked-number.h"
#include "ns3/compute-profile.h"
#include "ns3/dnn-graph-reader.h"
#include "ns3/dnn-surgery-error.h"
#include "ns3/dnn-surgery-version.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/offloading-policy.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

namespace
{

using Json = nlohmann::ordered_json;

/// Value kinds of scenario fields.
enum class Kind
{
    INT,     //!< integer
    NUMBER,  //!< finite number
    STRING,  //!< string (optionally one of choices)
    STRINGS, //!< non-empty list of distinct strings from choices
    SEEDS,   //!< non-empty list of distinct integers >= 1
    MODELS,  //!< non-empty list of {name, weight}
    VALUES,  //!< non-empty list of distinct scalars
    BOOL,    //!< true or false
    POINTS,  //!< list of [x, y] or [x, y, z] points (m)
};

/// One leaf field of the format.
struct Field
{
    std::string path;                 //!< dotted path
    Kind kind;                        //!< value kind
    double min;                       //!< lower bound (numbers)
    bool minOpen;                     //!< bound excluded
    double max;                       //!< upper bound (numbers), inf = none
    std::vector<std::string> choices; //!< allowed strings (empty = any)
    Json def;                         //!< default (null = required)
    std::string help;                 //!< meaning and unit

    /// \return the numeric range of an INT, NUMBER or SEEDS field
    NumberRange Range() const
    {
        NumberRange r = kind == Kind::NUMBER ? NumberRange::Real(min, max)
                                             : NumberRange::Integer(static_cast<int64_t>(min),
                                                                    static_cast<int64_t>(max));
        r.minOpen = minOpen;
        return r;
    }
};

/// Largest number of requests one run may issue (devices.count x devices.rate x duration).
constexpr double MAX_REQUESTS_PER_RUN = 1e7;
/// Largest number of runs one scenario may ask for (policies x sweep values x seeds x runs).
constexpr double MAX_RUNS = 100000;
/// Longest model mix, and longest list field.
constexpr std::size_t MAX_LIST = 1000;

/**
 * A scenario field that ends up in an ns-3 attribute: its value is also checked with that
 * attribute's own checker, so that the reader never accepts what ns-3 would abort on.
 */
struct AttributeBinding
{
    std::string path;      //!< scenario field
    std::string typeId;    //!< TypeId name of the object
    std::string attribute; //!< attribute name
    char kind;             //!< 'd' DoubleValue, 'u' UintegerValue, 't' TimeValue in seconds
};

/// \return the numeric fields that set ns-3 attributes (see DnnSurgeryComparison::RunOne)
const std::vector<AttributeBinding>&
Bindings()
{
    static const std::vector<AttributeBinding> b = {
        {"server.capacity", "ns3::MecServerApplication", "Capacity", 'd'},
        {"server.p0", "ns3::MecServerApplication", "P0", 'd'},
        {"server.kappa", "ns3::MecServerApplication", "Kappa", 'd'},
        {"game.epsilon", "ns3::MecServerApplication", "Epsilon", 'd'},
        {"game.maxRounds", "ns3::MecServerApplication", "MaxRounds", 'u'},
        {"devices.lambda", "ns3::MobileDeviceApplication", "Lambda", 'd'},
        {"devices.rate", "ns3::MobileDeviceApplication", "FrameRate", 'd'},
        {"devices.timeout", "ns3::MobileDeviceApplication", "RequestTimeout", 't'},
        {"game.rateThreshold", "ns3::MobileDeviceApplication", "RateChangeThreshold", 'd'},
    };
    return b;
}

/**
 * \brief Whether an ns-3 attribute accepts a value.
 * \param b the binding
 * \param x the value
 * \return "" or the problem
 */
std::string
AttributeProblem(const AttributeBinding& b, double x)
{
    TypeId tid;
    TypeId::AttributeInformation info;
    if (!TypeId::LookupByNameFailSafe(b.typeId, &tid) ||
        !tid.LookupAttributeByName(b.attribute, &info))
    {
        return "internal error: no attribute " + b.typeId + "::" + b.attribute;
    }
    Ptr<AttributeValue> v;
    switch (b.kind)
    {
    case 'u':
        v = info.checker->CreateValidValue(UintegerValue(static_cast<uint64_t>(x)));
        break;
    case 't':
        v = info.checker->CreateValidValue(TimeValue(Seconds(x)));
        break;
    default:
        v = info.checker->CreateValidValue(DoubleValue(x));
        break;
    }
    if (!v)
    {
        return "is not accepted by the ns-3 attribute " + b.typeId + "::" + b.attribute;
    }
    return "";
}

/// Top-level objects of the format.
const std::vector<std::string> OBJECTS =
    {"network", "devices", "mobility", "server", "game", "output", "sweep"};

constexpr double INF = std::numeric_limits<double>::infinity();

/// The seconds a per-request deadline may have (as devices.timeout).
const NumberRange DEADLINE_RANGE = NumberRange::Positive(0, 3600);

/**
 * \brief Seconds of a deadline written as a number (through the checked number parser).
 * \param text the text
 * \return the value, or NaN if the text is not a number in DEADLINE_RANGE
 */
double
DeadlineSeconds(const std::string& text)
{
    double v = 0;
    return CheckedNumber::Parse(text, DEADLINE_RANGE, v).empty()
               ? v
               : std::numeric_limits<double>::quiet_NaN();
}

/// \return the policy names (formulation section 6)
std::vector<std::string>
Policies()
{
    return {"local", "full-offload", "neurosurgeon", "dads", "dads-greedy", "optimum", "dds"};
}

/// \return the format, in the order fields are documented and written
const std::vector<Field>&
Fields()
{
    static const std::vector<Field> fields = {
        {"name",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         nullptr,
         "scenario name (recorded with every run)"},
        {"description", Kind::STRING, 0, false, INF, {}, "", "free text"},
        {"duration", Kind::NUMBER, 0, true, 86400, {}, 20.0, "simulated time per run (s)"},
        {"warmup",
         Kind::NUMBER,
         0,
         false,
         86400,
         {},
         0.0,
         "warm-up (s): requests issued before it are recorded but left out of the statistics; "
         "must be less than the duration"},
        {"seeds",
         Kind::SEEDS,
         1,
         false,
         4294967295.0,
         {},
         Json::array({1}),
         "RngSeed values (ns-3 seeds are 32-bit, 0 is invalid)"},
        {"runs", Kind::INT, 1, false, 10000, {}, 1, "RngRun values 1..runs per seed"},
        {"policies",
         Kind::STRINGS,
         0,
         false,
         INF,
         {},
         Json(Policies()),
         "policies compared on identical traffic: built-in names, the short or TypeId name "
         "of any registered OffloadingPolicy, with attributes as name[Attr=value|...]"},
        {"network.type",
         Kind::STRING,
         0,
         false,
         INF,
         {"wifi", "lte", "p2p"},
         "wifi",
         "wifi: Wi-Fi access network; lte: LTE/EPC (ns-3 LTE module) with X2 handover; p2p: "
         "ideal point-to-point link per device (validation)"},
        {"network.wifiStandard",
         Kind::STRING,
         0,
         false,
         INF,
         {"802.11ax"},
         "802.11ax",
         "Wi-Fi standard (the topology helper builds 802.11ax)"},
        {"network.accessPoints", Kind::INT, 1, false, 64, {}, 1, "number of access points"},
        {"network.layout",
         Kind::STRING,
         0,
         false,
         INF,
         {"line", "grid", "hex"},
         "line",
         "AP or eNB layout: Wi-Fi APs stand on a line; LTE eNBs on a line, a square grid or a "
         "hexagonal lattice"},
        {"network.apSpacing",
         Kind::NUMBER,
         0,
         true,
         1e5,
         {},
         60.0,
         "distance between neighbouring APs (m)"},
        {"network.backhaul",
         Kind::STRING,
         0,
         false,
         INF,
         {"p2p", "csma"},
         "p2p",
         "AP <-> server backhaul: one point-to-point link per AP, or one CSMA LAN"},
        {"network.backhaulRate",
         Kind::NUMBER,
         1e3,
         false,
         1e12,
         {},
         1e9,
         "AP <-> server link rate (bit/s)"},
        {"network.backhaulDelay",
         Kind::NUMBER,
         0,
         false,
         10,
         {},
         0.0005,
         "AP <-> server one-way delay (s)"},
        {"network.p2pRate",
         Kind::NUMBER,
         1e3,
         false,
         1e12,
         {},
         2e7,
         "device <-> server link rate of the p2p network (bit/s)"},
        {"network.p2pDelay",
         Kind::NUMBER,
         0,
         false,
         10,
         {},
         0.002,
         "device <-> server one-way delay of the p2p network (s)"},
        {"network.roaming",
         Kind::BOOL,
         0,
         false,
         INF,
         {},
         false,
         "Wi-Fi: one SSID and subnet over a bridged CSMA backhaul, so that stations re-associate "
         "and keep their address and connections (false: one SSID and subnet per AP)"},
        {"network.wifiTxPower",
         Kind::NUMBER,
         -30,
         false,
         40,
         {},
         16.0206,
         "Wi-Fi: transmit power of the APs and stations (dBm; ns-3's default 16.0206)"},
        {"network.enbs", Kind::INT, 1, false, 64, {}, 3, "LTE: number of eNBs (one cell each)"},
        {"network.interSiteDistance",
         Kind::NUMBER,
         0,
         true,
         1e5,
         {},
         500.0,
         "LTE: distance between neighbouring eNBs (m)"},
        {"network.handover",
         Kind::STRING,
         0,
         false,
         INF,
         {"a3-rsrp", "a2-a4-rsrq", "none"},
         "a3-rsrp",
         "LTE: automatic handover algorithm (A3RsrpHandoverAlgorithm, A2A4RsrqHandoverAlgorithm, "
         "or none)"},
        {"network.hysteresis", Kind::NUMBER, 0, false, 15, {}, 3.0, "LTE a3-rsrp: hysteresis (dB)"},
        {"network.timeToTrigger",
         Kind::NUMBER,
         0,
         false,
         5.12,
         {},
         0.256,
         "LTE a3-rsrp: time to trigger (s)"},
        {"network.servingCellThreshold",
         Kind::INT,
         0,
         false,
         34,
         {},
         30,
         "LTE a2-a4-rsrq: serving cell RSRQ threshold (RSRQ range 0-34)"},
        {"network.neighbourCellOffset",
         Kind::INT,
         0,
         false,
         34,
         {},
         1,
         "LTE a2-a4-rsrq: neighbour cell offset (RSRQ range)"},
        {"network.rrc",
         Kind::STRING,
         0,
         false,
         INF,
         {"ideal", "real"},
         "ideal",
         "LTE: ideal RRC, or real RRC messages over the air"},
        {"network.bandwidthRbs",
         Kind::INT,
         6,
         false,
         100,
         {},
         50,
         "LTE: DL and UL bandwidth in resource blocks (6, 15, 25, 50, 75 or 100)"},
        {"network.enbTxPower",
         Kind::NUMBER,
         -30,
         false,
         60,
         {},
         43.0,
         "LTE: eNB transmit power (dBm)"},
        {"network.ueTxPower",
         Kind::NUMBER,
         -30,
         false,
         40,
         {},
         23.0,
         "LTE: UE transmit power (dBm)"},
        {"network.rlcBufferBytes",
         Kind::INT,
         1500,
         false,
         1e9,
         {},
         1048576,
         "LTE: RLC UM transmit buffer of every bearer (bytes; ns-3's default of 10 KiB drops "
         "TCP bursts); set here, it overrides --ns3::LteRlcUm::MaxTxBufferSize"},
        {"devices.count", Kind::INT, 1, false, 1000, {}, 4, "number of devices N"},
        {"devices.models",
         Kind::MODELS,
         0,
         false,
         INF,
         {},
         Json::array({Json{{"name", "resnet18"}, {"weight", 1}}}),
         "model mix: [{\"name\": model in scenarios/models/, \"weight\": > 0}]"},
        {"devices.deviceClass",
         Kind::STRING,
         0,
         false,
         INF,
         ComputeProfile::GetNames(),
         "rpi4",
         "compute profile of the devices"},
        {"devices.lambda",
         Kind::NUMBER,
         1e-12,
         false,
         1e12,
         {},
         1.0,
         "lambda_i, cost weight of money (s per money unit)"},
        {"devices.pattern",
         Kind::STRING,
         0,
         false,
         INF,
         {"periodic", "poisson"},
         "periodic",
         "request arrivals"},
        {"devices.rate",
         Kind::NUMBER,
         1e-6,
         false,
         1000,
         {},
         2.0,
         "requests per second per device"},
        {"devices.maxDistance",
         Kind::NUMBER,
         0,
         true,
         1e5,
         {},
         10.0,
         "devices start uniformly in a disc of this radius around their AP (m)"},
        {"devices.timeout",
         Kind::NUMBER,
         0.001,
         false,
         3600,
         {},
         2.0,
         "offload timeout before local fallback (s)"},
        {"devices.deadline",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         "none",
         "per-request deadline: \"none\", \"frame\" (1 / devices.rate) or seconds > 0"},
        {"mobility.model",
         Kind::STRING,
         0,
         false,
         INF,
         {"constant", "random-walk", "random-waypoint", "path", "ns2"},
         "constant",
         "mobility of the devices: random ones stay in a square of side 2 maxDistance; path: "
         "constant speed along mobility.path; ns2: the ns-2 trace mobility.trace"},
        {"mobility.speed", Kind::NUMBER, 0, true, 100, {}, 1.0, "speed of moving devices (m/s)"},
        {"mobility.path",
         Kind::POINTS,
         0,
         false,
         INF,
         {},
         Json::array(),
         "path: the corners [[x, y], ...] (m) every device follows at mobility.speed"},
        {"mobility.spread",
         Kind::NUMBER,
         0,
         false,
         1e6,
         {},
         0.0,
         "path: each device starts at a point drawn uniformly in the path's first spread metres"},
        {"mobility.trace",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         "",
         "ns2: ns-2 mobility trace ($node_(i) moves device i), relative to the scenario file"},
        {"server.capacity",
         Kind::NUMBER,
         1e6,
         false,
         1e18,
         {},
         1e12,
         "F, server capacity (FLOP/s)"},
        {"server.p0",
         Kind::NUMBER,
         0,
         false,
         1e6,
         {},
         2e-13,
         "p0, base unit price (money per FLOP/s)"},
        {"server.kappa",
         Kind::NUMBER,
         0,
         false,
         1e6,
         {},
         2e-25,
         "kappa, price slope (money per (FLOP/s)^2)"},
        {"server.sharing",
         Kind::STRING,
         0,
         false,
         INF,
         {"reserved", "gps", "weighted-sharing"},
         "reserved",
         "reserved: each device FIFO at f_i; gps: work-conserving GPS with weights f_i "
         "(weighted-sharing: alias of gps)"},
        {"server.placement",
         Kind::STRING,
         0,
         false,
         INF,
         {"central", "per-cell"},
         "central",
         "central: one MEC server; per-cell (LTE, or Wi-Fi with roaming): one server per cell "
         "or AP, each with its own capacity and game; a device migrates to its new cell's "
         "server after a handover"},
        {"server.migrationInFlight",
         Kind::STRING,
         0,
         false,
         INF,
         {"complete", "fallback"},
         "complete",
         "per-cell: at a migration, requests awaiting a result at the old server complete "
         "there (their results come back over the core) or fall back at once"},
        {"server.serverClass",
         Kind::STRING,
         0,
         false,
         INF,
         ComputeProfile::GetNames(),
         "edge-gpu",
         "compute profile of the server"},
        {"game.epsilon",
         Kind::NUMBER,
         0,
         true,
         1,
         {},
         1e-4,
         "epsilon (s): a device moves only if its best response lowers its cost J_i by more"},
        {"game.maxRounds", Kind::INT, 1, false, 100000, {}, 50, "round limit per epoch"},
        {"game.rateThreshold",
         Kind::NUMBER,
         0,
         true,
         10,
         {},
         0.2,
         "relative rate change that makes a device re-enter the game"},
        {"output.pcap",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         "",
         "pcap traces of the access and backhaul devices: file prefix (\"\" = off)"},
        {"output.flowMonitor",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         "",
         "FlowMonitor XML per run and a per-flow-kind summary in run_metrics: file prefix "
         "(\"\" = off)"},
        {"output.netanim",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         "",
         "NetAnim trace per run: file prefix (\"\" = off)"},
        {"sweep.parameter",
         Kind::STRING,
         0,
         false,
         INF,
         {},
         "",
         "field swept (a numeric field path, e.g. devices.count); \"\" = no sweep"},
        {"sweep.values",
         Kind::VALUES,
         0,
         false,
         INF,
         {},
         Json::array(),
         "values of the swept field, one set of runs each"},
    };
    return fields;
}

/**
 * \param path a field path
 * \return the field, or nullptr
 */
const Field*
FindField(const std::string& path)
{
    for (const auto& f : Fields())
    {
        if (f.path == path)
        {
            return &f;
        }
    }
    return nullptr;
}

/// Edit distance, for "did you mean".
std::size_t
Distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
    {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/**
 * \param name an unknown name
 * \param known the known names
 * \return " (did you mean 'x'?)" or the list of known names
 */
std::string
Suggest(const std::string& name, const std::vector<std::string>& known)
{
    std::string best;
    std::size_t bestD = 3;
    for (const auto& k : known)
    {
        std::size_t d = Distance(name, k);
        if (d < bestD)
        {
            bestD = d;
            best = k;
        }
    }
    if (!best.empty())
    {
        return " (did you mean '" + best + "'?)";
    }
    std::string list;
    for (const auto& k : known)
    {
        list += (list.empty() ? "" : ", ") + k;
    }
    return " (known: " + list + ")";
}

/**
 * \param s a path
 * \return its components
 */
std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep))
    {
        out.push_back(cur);
    }
    if (!s.empty() && s.back() == sep)
    {
        out.emplace_back();
    }
    return out;
}

/// \return a value as it would be written in JSON, for messages (shortened)
std::string
Got(const Json& v)
{
    return CheckedNumber::Show(v);
}

/// \return a number formatted compactly for messages
std::string
Num(double x)
{
    std::ostringstream o;
    o << x;
    return o.str();
}

/// \return the directory holding the bundled models
std::string
ModelsDir()
{
    return DnnGraphReader::GetModelsDir();
}

/// \return whether a regular file exists
bool
FileExists(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// \return the bundled model names
std::vector<std::string>
ModelNames()
{
    std::vector<std::string> names;
    DIR* d = opendir(ModelsDir().c_str());
    if (!d)
    {
        return names;
    }
    while (dirent* e = readdir(d))
    {
        std::string n = e->d_name;
        if (n.size() > 5 && n.substr(n.size() - 5) == ".json")
        {
            names.push_back(n.substr(0, n.size() - 5));
        }
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

/// Validation of one scenario document.
class Validator
{
  public:
    /**
     * \param source file name for messages
     * \param origins field path -> where its value came from, for overridden fields
     */
    Validator(const std::string& source, const std::map<std::string, std::string>& origins)
        : m_source(source),
          m_origins(origins)
    {
    }

    /**
     * \brief Throw an error about a field.
     * \param path field path
     * \param problem what is wrong
     */
    [[noreturn]] void Error(const std::string& path, const std::string& problem) const
    {
        std::string origin = m_source;
        for (const auto& [p, o] : m_origins)
        {
            if (path == p || path.rfind(p + ".", 0) == 0 || path.rfind(p + "[", 0) == 0)
            {
                origin = o;
            }
        }
        throw DnnSurgeryError(origin + ": field '" + path + "': " + problem);
    }

    /**
     * \brief Check the document: unknown fields, defaults, types, ranges, cross-field rules.
     * \param root the document (defaults are filled in)
     */
    void Check(Json& root) const
    {
        if (!root.is_object())
        {
            throw DnnSurgeryError(m_source + ": the scenario must be a JSON object (got " +
                                  std::string(root.type_name()) + ")");
        }
        // unknown fields
        std::vector<std::string> top;
        for (const auto& f : Fields())
        {
            auto parts = Split(f.path, '.');
            if (std::find(top.begin(), top.end(), parts[0]) == top.end())
            {
                top.push_back(parts[0]);
            }
        }
        for (auto it = root.begin(); it != root.end(); ++it)
        {
            if (std::find(top.begin(), top.end(), it.key()) == top.end())
            {
                Error(it.key(), "unknown field" + Suggest(it.key(), top));
            }
        }
        for (const auto& obj : OBJECTS)
        {
            if (!root.contains(obj))
            {
                root[obj] = Json::object();
            }
            Json& o = root[obj];
            if (!o.is_object())
            {
                Error(obj, "must be an object (got " + Got(o) + ")");
            }
            std::vector<std::string> known;
            for (const auto& f : Fields())
            {
                if (f.path.rfind(obj + ".", 0) == 0)
                {
                    known.push_back(f.path.substr(obj.size() + 1));
                }
            }
            for (auto it = o.begin(); it != o.end(); ++it)
            {
                if (std::find(known.begin(), known.end(), it.key()) == known.end())
                {
                    Error(obj + "." + it.key(), "unknown field" + Suggest(it.key(), known));
                }
            }
        }
        // leaves: an absent field takes its default; an explicit null is an error, never the
        // default in disguise
        for (const auto& f : Fields())
        {
            const Json* present = Find(root, f.path);
            if (present && present->is_null())
            {
                Error(f.path,
                      f.def.is_null() ? "must not be null (required)"
                                      : "must not be null (leave the field out for the default " +
                                            f.def.dump() + ")");
            }
            Json& v = At(root, f.path);
            if (!present)
            {
                if (f.def.is_null())
                {
                    Error(f.path, "missing (required)");
                }
                v = f.def;
            }
            CheckLeaf(f, v, f.path);
        }
        // cross-field rules
        const std::string param = At(root, "sweep.parameter").get<std::string>();
        const Json& values = At(root, "sweep.values");
        if (param.empty() != values.empty())
        {
            Error(param.empty() ? "sweep.parameter" : "sweep.values",
                  param.empty() ? "must name the swept field when sweep.values is given"
                                : "must list at least one value when sweep.parameter is given");
        }
        if (!param.empty())
        {
            const Field* f = FindField(param);
            if (!f || param.rfind("sweep.", 0) == 0 || param == "name" || param == "description")
            {
                std::vector<std::string> sweepable;
                for (const auto& g : Fields())
                {
                    if (g.path.rfind("sweep.", 0) != 0 && g.path != "name" &&
                        g.path != "description")
                    {
                        sweepable.push_back(g.path);
                    }
                }
                Error("sweep.parameter",
                      "'" + param + "' is not a field that can be swept" +
                          Suggest(param, sweepable));
            }
            for (std::size_t i = 0; i < values.size(); ++i)
            {
                Json copy = values[i];
                CheckLeaf(*f, copy, "sweep.values[" + std::to_string(i) + "]");
            }
        }
        CheckWarmup(root, param, values);
        CheckSize(root);
        CheckAccess(root);
    }

    /**
     * \brief The fields that depend on each other: the access network and the mobility.
     * \param root document
     */
    void CheckAccess(const Json& root) const
    {
        const std::string type = Find(root, "network.type")->get<std::string>();
        const std::string layout = Find(root, "network.layout")->get<std::string>();
        const std::string model = Find(root, "mobility.model")->get<std::string>();
        if (type != "lte" && layout != "line")
        {
            Error("network.layout",
                  "'" + layout + "' is an LTE eNB layout (network.type is '" + type +
                      "'; Wi-Fi APs stand on a line)");
        }
        if (type != "wifi" && Find(root, "network.roaming")->get<bool>())
        {
            Error("network.roaming", "is for Wi-Fi (network.type is '" + type + "')");
        }
        const int64_t rbs = Find(root, "network.bandwidthRbs")->get<int64_t>();
        if (rbs != 6 && rbs != 15 && rbs != 25 && rbs != 50 && rbs != 75 && rbs != 100)
        {
            Error("network.bandwidthRbs",
                  "must be 6, 15, 25, 50, 75 or 100 resource blocks (got " + std::to_string(rbs) +
                      ")");
        }
        if (Find(root, "server.placement")->get<std::string>() != "central" && type != "lte" &&
            !(type == "wifi" && Find(root, "network.roaming")->get<bool>()))
        {
            Error("server.placement",
                  "per-cell servers are built for LTE cells and for the APs of a roaming Wi-Fi "
                  "ESS (network.type is '" +
                      type + "'" + (type == "wifi" ? ", network.roaming is false" : "") + ")");
        }
        if (type == "p2p" && model != "constant")
        {
            Error("mobility.model", "the p2p network has no mobility (got '" + model + "')");
        }
        if (model == "path" && Find(root, "mobility.path")->size() < 2)
        {
            Error("mobility.path", "the path mobility needs at least two points");
        }
        if (model == "ns2" && Find(root, "mobility.trace")->get<std::string>().empty())
        {
            Error("mobility.trace", "the ns2 mobility needs a trace file");
        }
    }

    /**
     * \brief The warm-up must end before the run does (for every swept duration too).
     * \param root document
     * \param param swept field ("" = none)
     * \param values sweep values
     */
    void CheckWarmup(const Json& root, const std::string& param, const Json& values) const
    {
        const Json* wp = Find(root, "warmup");
        const Json* dp = Find(root, "duration");
        if (!wp || !dp || !wp->is_number() || !dp->is_number())
        {
            return; // reported by the fields' own checks
        }
        const Json& w = *wp;
        const Json& d = *dp;
        if (param == "warmup" || param == "duration")
        {
            for (std::size_t i = 0; i < values.size(); ++i)
            {
                if (!values[i].is_number())
                {
                    continue;
                }
                double wi = param == "warmup" ? values[i].get<double>() : w.get<double>();
                double di = param == "duration" ? values[i].get<double>() : d.get<double>();
                if (wi >= di)
                {
                    Error("sweep.values[" + std::to_string(i) + "]",
                          "warmup " + Num(wi) + " s must be less than the duration " + Num(di) +
                              " s");
                }
            }
        }
        else if (w.get<double>() >= d.get<double>())
        {
            Error("warmup",
                  Num(w.get<double>()) + " s must be less than the duration " +
                      Num(d.get<double>()) + " s");
        }
    }

    /**
     * \param root document
     * \param path dotted path
     * \return the element, or nullptr when absent (nothing is created)
     */
    static const Json* Find(const Json& root, const std::string& path)
    {
        const Json* cur = &root;
        for (const auto& p : Split(path, '.'))
        {
            if (!cur->is_object() || !cur->contains(p))
            {
                return nullptr;
            }
            cur = &(*cur)[p];
        }
        return cur;
    }

    /**
     * \param root document
     * \param path dotted path
     * \return the element (created as null if absent)
     */
    static Json& At(Json& root, const std::string& path)
    {
        Json* cur = &root;
        std::string walked;
        for (const auto& p : Split(path, '.'))
        {
            if (!cur->is_object() && !cur->is_null())
            {
                throw DnnSurgeryError("field '" + walked + "': must be an object (got " +
                                      Got(*cur) + ")");
            }
            walked += (walked.empty() ? "" : ".") + p;
            cur = &(*cur)[p];
        }
        return *cur;
    }

  private:
    /**
     * \brief The upper bounds that span fields: requests per run and runs per scenario (for
     * every sweep value), so that no accepted scenario runs without end.
     * \param root a document whose leaves are checked
     */
    void CheckSize(const Json& root) const
    {
        const std::string param = Find(root, "sweep.parameter")->get<std::string>();
        const Json& values = *Find(root, "sweep.values");
        auto number = [&](const std::string& path, const Json* sweepValue) {
            return (sweepValue && path == param ? *sweepValue : *Find(root, path)).get<double>();
        };
        std::vector<const Json*> points{nullptr};
        if (!param.empty())
        {
            points.clear();
            for (const auto& v : values)
            {
                points.push_back(&v);
            }
        }
        for (const Json* point : points)
        {
            if ((param == "devices.count" || param == "devices.rate" || param == "duration") &&
                point && !point->is_number())
            {
                continue; // reported by the sweep value's own check
            }
            double requests = number("devices.count", point) * number("devices.rate", point) *
                              number("duration", point);
            if (requests > MAX_REQUESTS_PER_RUN)
            {
                Error(point && (param == "devices.count" || param == "devices.rate" ||
                                param == "duration")
                          ? "sweep.values"
                          : "duration",
                      "devices.count x devices.rate x duration = " + Num(requests) +
                          " requests in one run; at most " + Num(MAX_REQUESTS_PER_RUN) +
                          " are allowed");
            }
        }
        double runs = static_cast<double>(Find(root, "policies")->size()) *
                      static_cast<double>(std::max<std::size_t>(1, values.size())) *
                      static_cast<double>(Find(root, "seeds")->size()) *
                      Find(root, "runs")->get<double>();
        if (runs > MAX_RUNS)
        {
            Error("runs",
                  "policies x sweep values x seeds x runs = " + Num(runs) + " runs; at most " +
                      Num(MAX_RUNS) + " are allowed");
        }
    }

    /**
     * \brief Check one value against its field.
     * \param f the field
     * \param v the value
     * \param path path named in messages
     */
    void CheckLeaf(const Field& f, const Json& v, const std::string& path) const
    {
        switch (f.kind)
        {
        case Kind::INT:
            CheckInt(f, v, path);
            break;
        case Kind::NUMBER:
            CheckNumber(f, v, path);
            break;
        case Kind::STRING:
            CheckString(f, v, path);
            break;
        case Kind::STRINGS: {
            if (!v.is_array() || v.empty())
            {
                Error(path, "must be a non-empty list of names (got " + Got(v) + ")");
            }
            std::set<std::string> seen;
            for (std::size_t i = 0; i < v.size(); ++i)
            {
                std::string p = path + "[" + std::to_string(i) + "]";
                CheckString(f, v[i], p);
                if (!seen.insert(v[i].get<std::string>()).second)
                {
                    Error(p, "'" + v[i].get<std::string>() + "' is listed twice");
                }
            }
            break;
        }
        case Kind::SEEDS: {
            if (!v.is_array() || v.empty() || v.size() > MAX_LIST)
            {
                Error(path,
                      "must be a non-empty list of at most " + std::to_string(MAX_LIST) +
                          " integers (got " + Got(v) + ")");
            }
            std::set<int64_t> seen;
            for (std::size_t i = 0; i < v.size(); ++i)
            {
                std::string p = path + "[" + std::to_string(i) + "]";
                CheckInt(f, v[i], p);
                if (!seen.insert(v[i].get<int64_t>()).second)
                {
                    Error(p, "seed " + Got(v[i]) + " is listed twice");
                }
            }
            break;
        }
        case Kind::MODELS:
            CheckModels(v, path);
            break;
        case Kind::BOOL:
            if (!v.is_boolean())
            {
                Error(path, "must be true or false (got " + Got(v) + ")");
            }
            break;
        case Kind::POINTS: {
            if (!v.is_array() || v.size() > MAX_LIST)
            {
                Error(path,
                      "must be a list of at most " + std::to_string(MAX_LIST) +
                          " points [x, y] (got " + Got(v) + ")");
            }
            for (std::size_t i = 0; i < v.size(); ++i)
            {
                const std::string p = path + "[" + std::to_string(i) + "]";
                if (!v[i].is_array() || v[i].size() < 2 || v[i].size() > 3)
                {
                    Error(p,
                          "must be a point [x, y] or [x, y, z] in metres (got " + Got(v[i]) + ")");
                }
                for (std::size_t c = 0; c < v[i].size(); ++c)
                {
                    double x = 0;
                    std::string problem =
                        CheckedNumber::Check(v[i][c], NumberRange::Real(-1e7, 1e7), x);
                    if (!problem.empty())
                    {
                        Error(p + "[" + std::to_string(c) + "]", problem);
                    }
                }
            }
            break;
        }
        case Kind::VALUES: {
            if (!v.is_array() || v.size() > MAX_LIST)
            {
                Error(path,
                      "must be a list of at most " + std::to_string(MAX_LIST) + " values (got " +
                          Got(v) + ")");
            }
            std::set<std::string> seen;
            for (std::size_t i = 0; i < v.size(); ++i)
            {
                if (!v[i].is_primitive() || v[i].is_null())
                {
                    Error(path + "[" + std::to_string(i) + "]",
                          "must be a number or a string (got " + Got(v[i]) + ")");
                }
                if (!seen.insert(v[i].dump()).second)
                {
                    Error(path + "[" + std::to_string(i) + "]",
                          "value " + Got(v[i]) + " is listed twice");
                }
            }
            break;
        }
        }
    }

    /// Check an integer field (exactly: a value beyond the bounds never wraps into them).
    void CheckInt(const Field& f, const Json& v, const std::string& path) const
    {
        int64_t x = 0;
        std::string problem = CheckedNumber::CheckInteger(v, f.Range(), x);
        if (!problem.empty())
        {
            Error(path, problem);
        }
        CheckAttribute(f, static_cast<double>(x), path);
    }

    /// Check a number field (finite, in range).
    void CheckNumber(const Field& f, const Json& v, const std::string& path) const
    {
        double x = 0;
        std::string problem = CheckedNumber::Check(v, f.Range(), x);
        if (!problem.empty())
        {
            Error(path, problem);
        }
        CheckAttribute(f, x, path);
    }

    /// Check a value with the checker of the ns-3 attribute it will set, if any.
    void CheckAttribute(const Field& f, double x, const std::string& path) const
    {
        for (const auto& b : Bindings())
        {
            if (b.path == f.path)
            {
                std::string problem = AttributeProblem(b, x);
                if (!problem.empty())
                {
                    Error(path, problem + " (got " + Num(x) + ")");
                }
            }
        }
    }

    /// Check a string field.
    void CheckString(const Field& f, const Json& v, const std::string& path) const
    {
        if (f.path == "devices.deadline" && v.is_number())
        {
            double x = 0;
            if (!CheckedNumber::Check(v, DEADLINE_RANGE, x).empty())
            {
                Error(path,
                      "must be \"none\", \"frame\" or " + DEADLINE_RANGE.Describe() +
                          " of seconds (got " + Got(v) + ")");
            }
            return;
        }
        if (!v.is_string())
        {
            Error(path, "must be a string (got " + Got(v) + ")");
        }
        const std::string s = v.get<std::string>();
        if (!f.choices.empty() &&
            std::find(f.choices.begin(), f.choices.end(), s) == f.choices.end())
        {
            std::string list;
            for (const auto& c : f.choices)
            {
                list += (list.empty() ? "" : ", ") + c;
            }
            Error(path, "must be one of " + list + " (got " + Got(v) + ")");
        }
        if (f.path == "name" && s.empty())
        {
            Error(path, "must not be empty");
        }
        if (f.path == "devices.deadline" && s != "none" && s != "frame" &&
            !(DeadlineSeconds(s) > 0))
        {
            Error(path,
                  "must be \"none\", \"frame\" or " + DEADLINE_RANGE.Describe() +
                      " of seconds (got " + Got(v) + ")");
        }
        if (f.path == "policies")
        {
            try
            {
                OffloadingPolicy::MakeFactory(s);
            }
            catch (const DnnSurgeryError& e)
            {
                Error(path, e.what());
            }
        }
        if (f.path.rfind("output.", 0) == 0 && !s.empty())
        {
            CheckOutputPrefix(s, path);
        }
    }

    /**
     * \brief An output file prefix must name a file in an existing, writable directory:
     * checked here, because ns-3 aborts when it cannot open a trace file.
     * \param prefix the prefix
     * \param path field path for messages
     */
    void CheckOutputPrefix(const std::string& prefix, const std::string& path) const
    {
        auto slash = prefix.find_last_of('/');
        const std::string dir = slash == std::string::npos ? "." : prefix.substr(0, slash + 1);
        const std::string name = slash == std::string::npos ? prefix : prefix.substr(slash + 1);
        struct stat st;
        if (name.empty())
        {
            Error(path, "'" + prefix + "' names a directory; give a file prefix (dir/name)");
        }
        if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        {
            Error(path, "directory '" + dir + "' of '" + prefix + "' does not exist");
        }
        if (access(dir.c_str(), W_OK) != 0)
        {
            Error(path, "directory '" + dir + "' of '" + prefix + "' is not writable");
        }
    }

    /// Check the model mix.
    void CheckModels(const Json& v, const std::string& path) const
    {
        if (!v.is_array() || v.empty() || v.size() > MAX_LIST)
        {
            Error(path,
                  "must be a non-empty list of {\"name\": ..., \"weight\": ...} (got " + Got(v) +
                      ")");
        }
        std::set<std::string> seen;
        for (std::size_t i = 0; i < v.size(); ++i)
        {
            std::string p = path + "[" + std::to_string(i) + "]";
            const Json& m = v[i];
            if (!m.is_object())
            {
                Error(p, "must be an object {\"name\": ..., \"weight\": ...} (got " + Got(m) + ")");
            }
            for (auto it = m.begin(); it != m.end(); ++it)
            {
                if (it.key() != "name" && it.key() != "weight")
                {
                    Error(p + "." + it.key(),
                          "unknown field" + Suggest(it.key(), {"name", "weight"}));
                }
            }
            if (!m.contains("name") || !m["name"].is_string() ||
                m["name"].get<std::string>().empty())
            {
                Error(p + ".name",
                      "must be a model name (got " +
                          (m.contains("name") ? Got(m["name"]) : "nothing") + ")");
            }
            const std::string name = m["name"].get<std::string>();
            std::string file;
            try
            {
                file = DnnGraphReader::FindModel(name);
            }
            catch (const DnnSurgeryError&)
            {
                Error(p + ".name", "unknown model '" + name + "'" + Suggest(name, ModelNames()));
            }
            // the whole profile is read and validated now (a cycle, a bad layer), before any
            // database is opened or any ns-3 object is made
            try
            {
                DnnGraphReader::ReadFile(file);
            }
            catch (const DnnSurgeryError& e)
            {
                Error(p + ".name", "model '" + name + "' cannot be used: " + e.what());
            }
            if (!seen.insert(name).second)
            {
                Error(p + ".name", "model '" + name + "' is listed twice");
            }
            if (m.contains("weight"))
            {
                double w = 0;
                std::string problem =
                    CheckedNumber::Check(m["weight"], NumberRange::Positive(0, 1e12), w);
                if (!problem.empty())
                {
                    Error(p + ".weight", problem);
                }
            }
        }
    }

    std::string m_source;                         //!< file name
    std::map<std::string, std::string> m_origins; //!< overridden fields
};

/**
 * \brief Parse an override value: JSON if it parses, else a plain string; lists also accept
 * comma-separated items, and the model mix "name[:weight],...".
 * \param f the field
 * \param text the value text
 * \return the value
 */
Json
ParseValue(const Field& f, const std::string& text)
{
    if (f.kind == Kind::POINTS)
    {
        // "[[x,y],...]", the "[x,y],[x,y]" that --PrintHelp shows, or "" (no points)
        Json p = Json::parse(text.empty() ? "[]" : text, nullptr, false);
        if (p.is_discarded() || (p.is_array() && !p.empty() && !p[0].is_array()))
        {
            Json wrapped = Json::parse("[" + text + "]", nullptr, false);
            if (!wrapped.is_discarded())
            {
                return wrapped;
            }
        }
        return p.is_discarded() ? Json(text) : p;
    }
    Json v = Json::parse(text, nullptr, false);
    bool isList = f.kind == Kind::STRINGS || f.kind == Kind::SEEDS || f.kind == Kind::VALUES;
    if (!v.is_discarded() && (!isList || v.is_array()) && f.kind != Kind::MODELS)
    {
        if (f.kind == Kind::STRING && !v.is_string())
        {
            return text; // e.g. --network.wifiStandard=802.11 parsed as a number
        }
        return v;
    }
    if (f.kind == Kind::MODELS)
    {
        if (!v.is_discarded() && v.is_array())
        {
            return v;
        }
        Json list = Json::array();
        for (const auto& item : Split(text, ','))
        {
            // "name[:weight]"; an empty item ("resnet18,") gives an empty name, which the
            // checks reject by field
            auto colon = item.find(':');
            Json m{{"name", item.substr(0, colon)}};
            if (colon != std::string::npos)
            {
                std::string weight = item.substr(colon + 1);
                Json w = Json::parse(weight, nullptr, false);
                m["weight"] = w.is_discarded() ? Json(weight) : w;
            }
            list.push_back(m);
        }
        return list;
    }
    if (isList)
    {
        Json list = Json::array();
        for (const auto& item : Split(text, ','))
        {
            Json e = Json::parse(item, nullptr, false);
            list.push_back(e.is_discarded() || f.kind == Kind::STRINGS ? Json(item) : e);
        }
        return list;
    }
    return text;
}

/**
 * \brief Build the Scenario struct from a checked document.
 * \param root checked document
 * \param source file name
 * \return the scenario
 */
Scenario
ToScenario(Json& root, const std::string& source)
{
    auto at = [&root](const std::string& p) -> Json& { return Validator::At(root, p); };
    Scenario s;
    s.source = source;
    s.name = at("name").get<std::string>();
    s.description = at("description").get<std::string>();
    s.duration = at("duration").get<double>();
    s.warmup = at("warmup").get<double>();
    s.seeds = at("seeds").get<std::vector<uint64_t>>();
    s.runs = at("runs").get<uint32_t>();
    s.policies = at("policies").get<std::vector<std::string>>();
    s.network.type = at("network.type").get<std::string>();
    s.network.wifiStandard = at("network.wifiStandard").get<std::string>();
    s.network.accessPoints = at("network.accessPoints").get<uint32_t>();
    s.network.layout = at("network.layout").get<std::string>();
    s.network.apSpacing = at("network.apSpacing").get<double>();
    s.network.backhaul = at("network.backhaul").get<std::string>();
    s.network.backhaulRate = at("network.backhaulRate").get<double>();
    s.network.backhaulDelay = at("network.backhaulDelay").get<double>();
    s.network.p2pRate = at("network.p2pRate").get<double>();
    s.network.p2pDelay = at("network.p2pDelay").get<double>();
    s.network.roaming = at("network.roaming").get<bool>();
    s.network.wifiTxPower = at("network.wifiTxPower").get<double>();
    s.network.enbs = at("network.enbs").get<uint32_t>();
    s.network.interSiteDistance = at("network.interSiteDistance").get<double>();
    s.network.handover = at("network.handover").get<std::string>();
    s.network.hysteresis = at("network.hysteresis").get<double>();
    s.network.timeToTrigger = at("network.timeToTrigger").get<double>();
    s.network.servingCellThreshold = at("network.servingCellThreshold").get<uint32_t>();
    s.network.neighbourCellOffset = at("network.neighbourCellOffset").get<uint32_t>();
    s.network.rrc = at("network.rrc").get<std::string>();
    s.network.bandwidthRbs = at("network.bandwidthRbs").get<uint32_t>();
    s.network.enbTxPower = at("network.enbTxPower").get<double>();
    s.network.ueTxPower = at("network.ueTxPower").get<double>();
    s.network.rlcBufferBytes = at("network.rlcBufferBytes").get<uint32_t>();
    s.devices.count = at("devices.count").get<uint32_t>();
    for (auto& m : at("devices.models"))
    {
        if (!m.contains("weight"))
        {
            m["weight"] = 1;
        }
        s.devices.models.push_back({m["name"].get<std::string>(), m["weight"].get<double>()});
    }
    s.devices.deviceClass = at("devices.deviceClass").get<std::string>();
    s.devices.lambda = at("devices.lambda").get<double>();
    s.devices.pattern = at("devices.pattern").get<std::string>();
    s.devices.rate = at("devices.rate").get<double>();
    s.devices.maxDistance = at("devices.maxDistance").get<double>();
    s.devices.timeout = at("devices.timeout").get<double>();
    {
        const Json& d = at("devices.deadline");
        s.devices.frameDeadline = d.is_string() && d.get<std::string>() == "frame";
        s.devices.deadline = d.is_number()                 ? d.get<double>()
                             : d == "none" || d == "frame" ? 0
                                                           : DeadlineSeconds(d.get<std::string>());
    }
    s.mobility.model = at("mobility.model").get<std::string>();
    s.mobility.speed = at("mobility.speed").get<double>();
    for (const auto& p : at("mobility.path"))
    {
        s.mobility.path.push_back(
            {p[0].get<double>(), p[1].get<double>(), p.size() > 2 ? p[2].get<double>() : 0.0});
    }
    s.mobility.spread = at("mobility.spread").get<double>();
    s.mobility.trace = at("mobility.trace").get<std::string>();
    s.server.capacity = at("server.capacity").get<double>();
    s.server.p0 = at("server.p0").get<double>();
    s.server.kappa = at("server.kappa").get<double>();
    s.server.sharing = at("server.sharing").get<std::string>();
    s.server.serverClass = at("server.serverClass").get<std::string>();
    s.server.placement = at("server.placement").get<std::string>();
    s.server.migrationInFlight = at("server.migrationInFlight").get<std::string>();
    s.game.epsilon = at("game.epsilon").get<double>();
    s.game.maxRounds = at("game.maxRounds").get<uint32_t>();
    s.game.rateThreshold = at("game.rateThreshold").get<double>();
    s.output.pcap = at("output.pcap").get<std::string>();
    s.output.flowMonitor = at("output.flowMonitor").get<std::string>();
    s.output.netanim = at("output.netanim").get<std::string>();
    s.sweep.parameter = at("sweep.parameter").get<std::string>();
    for (const auto& v : at("sweep.values"))
    {
        s.sweep.values.push_back(v.dump());
    }
    s.json = root.dump(2);
    return s;
}

/**
 * \brief Parse, override, check and convert.
 * \param text JSON
 * \param source file name
 * \param overrides command-line overrides
 * \param extra further (path, value, origin) settings applied after the overrides
 * \return the scenario
 */
Scenario
Build(const std::string& text,
      const std::string& source,
      const std::vector<std::string>& overrides,
      const std::vector<std::pair<std::string, Json>>& extra = {})
{
    Json root;
    try
    {
        root = Json::parse(text);
    }
    catch (const Json::parse_error& e)
    {
        std::string what = e.what();
        auto pos = what.find("parse error");
        throw DnnSurgeryError(
            source + ": invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
    }
    if (!root.is_object())
    {
        throw DnnSurgeryError(source + ": the scenario must be a JSON object (got " +
                              std::string(root.type_name()) + ")");
    }
    std::map<std::string, std::string> origins;
    for (const auto& arg : overrides)
    {
        auto eq = arg.find('=');
        if (arg.rfind("--", 0) != 0 || eq == std::string::npos)
        {
            throw DnnSurgeryError("command line: '" + arg +
                                  "': a scenario override is --<field>=<value>");
        }
        std::string path = arg.substr(2, eq - 2);
        const Field* f = FindField(path);
        if (!f)
        {
            std::vector<std::string> known;
            for (const auto& g : Fields())
            {
                known.push_back(g.path);
            }
            throw DnnSurgeryError("command line: '" + arg + "': unknown field '" + path + "'" +
                                  Suggest(path, known));
        }
        Validator::At(root, path) = ParseValue(*f, arg.substr(eq + 1));
        origins[path] = "command line (" + arg + ")";
    }
    for (const auto& [path, value] : extra)
    {
        Validator::At(root, path) = value;
    }
    Validator(source, origins).Check(root);
    return ToScenario(root, source);
}

/// \return the base name of a path, for messages
std::string
BaseName(const std::string& path)
{
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

/**
 * \brief Build, then expand the sweep once so that every sweep value is checked up front.
 * \param text JSON
 * \param source file name
 * \param overrides command-line overrides
 * \return the scenario
 */
Scenario
BuildChecked(const std::string& text,
             const std::string& source,
             const std::vector<std::string>& overrides)
{
    try
    {
        Scenario s = Build(text, source, overrides);
        ScenarioReader::ExpandSweep(s);
        return s;
    }
    catch (const DnnSurgeryError& e)
    {
        std::string what = e.what();
        if (what.rfind("field '", 0) == 0)
        {
            throw DnnSurgeryError(source + ": " + what); // from Validator::At
        }
        throw;
    }
    catch (const Json::exception& e)
    {
        // the checks above should leave nothing for the JSON library to reject
        throw DnnSurgeryError(source + ": " + e.what());
    }
}

} // namespace

Scenario
ScenarioReader::ReadString(const std::string& text,
                           const std::string& source,
                           const std::vector<std::string>& overrides)
{
    return BuildChecked(text, source, overrides);
}

Scenario
ScenarioReader::ReadFile(const std::string& path, const std::vector<std::string>& overrides)
{
    std::ifstream in(path);
    if (!in)
    {
        throw DnnSurgeryError(path + ": cannot open the scenario file");
    }
    std::stringstream buf;
    buf << in.rdbuf();
    Scenario s = BuildChecked(buf.str(), BaseName(path), overrides);
    auto slash = path.find_last_of('/');
    s.directory = slash == std::string::npos ? "." : path.substr(0, slash);
    // the ns-2 trace, for every sweep value, before any file is written or object made
    for (const Scenario& e : ExpandSweep(s))
    {
        if (e.mobility.model == "ns2")
        {
            try
            {
                DnnSurgeryTopologyHelper::CheckNs2Trace(e.ResolveTrace(), e.devices.count);
            }
            catch (const DnnSurgeryError& err)
            {
                throw DnnSurgeryError(s.source + ": " + err.what());
            }
        }
    }
    return s;
}

std::vector<Scenario>
ScenarioReader::ExpandSweep(const Scenario& scenario)
{
    if (scenario.sweep.parameter.empty())
    {
        return {scenario};
    }
    std::vector<Scenario> out;
    for (const auto& value : scenario.sweep.values)
    {
        Json v = Json::parse(value);
        Scenario s;
        try
        {
            s = Build(scenario.json, scenario.source, {}, {{scenario.sweep.parameter, v}});
        }
        catch (const DnnSurgeryError& e)
        {
            throw DnnSurgeryError(std::string(e.what()) + " (with sweep value " +
                                  scenario.sweep.parameter + " = " + value + ")");
        }
        s.sweepValue = value;
        s.directory = scenario.directory;
        out.push_back(s);
    }
    return out;
}

bool
ScenarioReader::IsOverride(const std::string& arg)
{
    if (arg.rfind("--", 0) != 0)
    {
        return false;
    }
    auto eq = arg.find('=');
    std::string key = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    std::string first = key.substr(0, key.find('.'));
    for (const auto& f : Fields())
    {
        if (f.path.substr(0, f.path.find('.')) == first)
        {
            return true;
        }
    }
    return false;
}

std::string
ScenarioReader::FindScenario(const std::string& nameOrPath)
{
    if (FileExists(nameOrPath))
    {
        return nameOrPath;
    }
    std::string dir = GetDnnSurgerySourceDir() + "/scenarios/";
    for (const auto& candidate : {dir + nameOrPath, dir + nameOrPath + ".json"})
    {
        if (FileExists(candidate))
        {
            return candidate;
        }
    }
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str()))
    {
        while (dirent* e = readdir(d))
        {
            std::string n = e->d_name;
            if (n.size() > 5 && n.substr(n.size() - 5) == ".json")
            {
                names.push_back(n.substr(0, n.size() - 5));
            }
        }
        closedir(d);
    }
    std::sort(names.begin(), names.end());
    std::string list;
    for (const auto& n : names)
    {
        list += (list.empty() ? "" : ", ") + n;
    }
    throw DnnSurgeryError(nameOrPath + ": no such scenario file (bundled scenarios in " + dir +
                          ": " + list + ")");
}

std::vector<std::string>
ScenarioReader::GetPolicyNames()
{
    return Policies();
}

std::string
ScenarioReader::DescribeFields()
{
    std::ostringstream o;
    for (const auto& f : Fields())
    {
        o << "  --" << f.path << "=<";
        switch (f.kind)
        {
        case Kind::INT:
            o << "int";
            break;
        case Kind::NUMBER:
            o << "number";
            break;
        case Kind::STRING:
            o << "string";
            break;
        case Kind::BOOL:
            o << "bool";
            break;
        default:
            o << "list";
            break;
        }
        o << ">  " << f.help;
        if (f.kind == Kind::INT || f.kind == Kind::NUMBER || f.kind == Kind::SEEDS)
        {
            o << " [" << f.Range().Describe() << "]";
        }
        if (!f.def.is_null())
        {
            o << " [default " << f.def.dump() << "]";
        }
        o << "\n";
    }
    return o.str();
}

std::vector<ScenarioFieldValue>
ScenarioReader::GetFieldValues(const Scenario& scenario)
{
    Json root = Json::parse(scenario.json);
    auto text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    std::vector<ScenarioFieldValue> out;
    for (const auto& f : Fields())
    {
        const Json& v = Validator::At(root, f.path);
        std::string value;
        if (f.kind == Kind::MODELS)
        {
            for (const auto& m : v)
            {
                value += (value.empty() ? "" : ",") + m["name"].get<std::string>() + ":" +
                         text(m.contains("weight") ? m["weight"] : Json(1));
            }
        }
        else if (v.is_array())
        {
            for (const auto& e : v)
            {
                value += (value.empty() ? "" : ",") + text(e);
            }
        }
        else
        {
            value = text(v);
        }
        out.push_back({f.path, f.help, value});
    }
    return out;
}

} // namespace ns3
