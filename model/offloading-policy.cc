/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "offloading-policy.h"

#include "dds-policy.h"
#include "dnn-surgery-error.h"

#include "ns3/log.h"
#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OffloadingPolicy");

NS_OBJECT_ENSURE_REGISTERED(OffloadingPolicy);

TypeId
OffloadingPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::OffloadingPolicy").SetParent<Object>().SetGroupName("DnnSurgery");
    return tid;
}

OffloadingPolicy::OffloadingPolicy()
{
    NS_LOG_FUNCTION(this);
}

OffloadingPolicy::~OffloadingPolicy()
{
    NS_LOG_FUNCTION(this);
}

uint8_t
OffloadingPolicy::GetWireCode() const
{
    return 0xff;
}

OffloadingPolicy::Coordination
OffloadingPolicy::GetCoordination() const
{
    return COORDINATION_STATIC;
}

DnnSurgeryDemand
OffloadingPolicy::ComputeDemand(const DnnSurgeryPlanner& planner,
                                double lambda,
                                double currentShare,
                                double othersSum,
                                const DnnSurgeryGameParams& params) const
{
    DnnSurgeryBestResponse br = planner.BestResponse(lambda, othersSum, params);
    double current = planner.Cost(lambda, currentShare, othersSum, params);
    DnnSurgeryDemand d;
    d.changed = current - br.cost > params.epsilon;
    d.demand = d.changed ? br.share : currentShare;
    d.curve = br.curve;
    return d;
}

DnnSurgeryDemand
OffloadingPolicy::ComputeDemand(const DnnSurgeryPlanner& planner,
                                const DnnSurgeryDemandContext& context) const
{
    return ComputeDemand(planner,
                         context.lambda,
                         context.currentShare,
                         context.othersSum,
                         context.game);
}

bool
OffloadingPolicy::UsesRequestRate() const
{
    return false;
}

std::vector<double>
OffloadingPolicy::Allocate(const std::vector<DnnSurgeryPeerState>& peers,
                           const DnnSurgeryGameParams& params) const
{
    return EqualSplit(peers.size(), params.capacity);
}

bool
OffloadingPolicy::SharesCapacity() const
{
    return false;
}

double
OffloadingPolicy::GetServiceWeight(double share) const
{
    return share;
}

std::vector<double>
OffloadingPolicy::EqualSplit(std::size_t n, double capacity)
{
    return std::vector<double>(n, n > 0 ? capacity / static_cast<double>(n) : 0.0);
}

namespace
{

/**
 * \brief Every registered, constructible subclass of OffloadingPolicy.
 * \return their TypeIds, in registration order
 */
std::vector<TypeId>
RegisteredPolicies()
{
    std::vector<TypeId> out;
    TypeId base = OffloadingPolicy::GetTypeId();
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId t = TypeId::GetRegistered(i);
        if (t != base && t.IsChildOf(base) && t.HasConstructor())
        {
            out.push_back(t);
        }
    }
    return out;
}

/**
 * \brief Short name of a registered policy type.
 * \param t the TypeId
 * \return its GetName()
 */
std::string
ShortName(TypeId t)
{
    ObjectFactory f;
    f.SetTypeId(t);
    Ptr<OffloadingPolicy> p = f.Create<OffloadingPolicy>();
    return p ? p->GetName() : std::string();
}

/**
 * \brief Remove leading and trailing blanks.
 * \param s text
 * \return trimmed text
 */
std::string
Trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

} // namespace

std::vector<std::string>
OffloadingPolicy::GetBuiltinNames()
{
    return {"local",
            "full-offload",
            "neurosurgeon",
            "dads",
            "dads-greedy",
            "optimum",
            "dds",
            "dds-load"};
}

std::vector<std::string>
OffloadingPolicy::GetRegisteredNames()
{
    std::vector<std::string> out;
    for (TypeId t : RegisteredPolicies())
    {
        out.push_back(ShortName(t) + " (" + t.GetName() + ")");
    }
    return out;
}

TypeId
OffloadingPolicy::LookupTypeId(const std::string& name)
{
    TypeId t;
    if (TypeId::LookupByNameFailSafe(name, &t))
    {
        if (t != GetTypeId() && t.IsChildOf(GetTypeId()) && t.HasConstructor())
        {
            return t;
        }
        throw DnnSurgeryError("policy '" + name +
                              "': this TypeId is not a constructible subclass of "
                              "ns3::OffloadingPolicy");
    }
    for (TypeId r : RegisteredPolicies())
    {
        if (ShortName(r) == name)
        {
            return r;
        }
    }
    // built-ins first, in the order of formulation section 6, then the other registered ones
    std::vector<std::string> known = GetBuiltinNames();
    for (TypeId r : RegisteredPolicies())
    {
        std::string n = ShortName(r);
        if (std::find(known.begin(), known.end(), n) == known.end())
        {
            known.push_back(n);
        }
    }
    std::string list;
    for (const auto& n : known)
    {
        list += (list.empty() ? "" : ", ") + n;
    }
    throw DnnSurgeryError("policy '" + name + "': must be one of " + list +
                          " or the TypeId name of a registered subclass of "
                          "ns3::OffloadingPolicy");
}

ObjectFactory
OffloadingPolicy::MakeFactory(const std::string& spec)
{
    std::string name = spec;
    std::string attributes;
    auto open = spec.find('[');
    if (open != std::string::npos)
    {
        if (spec.back() != ']')
        {
            throw DnnSurgeryError("policy '" + spec + "': attributes must be written " +
                                  "name[Attr=value|Attr2=value]");
        }
        name = spec.substr(0, open);
        attributes = spec.substr(open + 1, spec.size() - open - 2);
    }
    name = Trim(name);
    TypeId tid = LookupTypeId(name);
    ObjectFactory factory;
    factory.SetTypeId(tid);
    std::size_t pos = 0;
    while (!Trim(attributes).empty() && pos <= attributes.size())
    {
        auto bar = attributes.find('|', pos);
        std::string item =
            attributes.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
        pos = bar == std::string::npos ? attributes.size() + 1 : bar + 1;
        auto eq = item.find('=');
        if (eq == std::string::npos)
        {
            throw DnnSurgeryError("policy '" + spec + "': attribute '" + Trim(item) +
                                  "' needs a value (Attr=value)");
        }
        std::string attr = Trim(item.substr(0, eq));
        std::string value = Trim(item.substr(eq + 1));
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(attr, &info))
        {
            throw DnnSurgeryError("policy '" + spec + "': " + tid.GetName() +
                                  " has no attribute '" + attr + "'");
        }
        Ptr<AttributeValue> v = info.checker->CreateValidValue(StringValue(value));
        if (!v)
        {
            throw DnnSurgeryError("policy '" + spec + "': attribute '" + attr +
                                  "': invalid value '" + value + "'");
        }
        factory.Set(attr, *v);
    }
    return factory;
}

Ptr<OffloadingPolicy>
OffloadingPolicy::CreateDefault()
{
    return CreateObject<DdsPolicy>();
}

Ptr<OffloadingPolicy>
OffloadingPolicy::Create(const std::string& spec)
{
    return MakeFactory(spec).Create<OffloadingPolicy>();
}

} // namespace ns3
