/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "checked-number.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

namespace
{

/// \return a bound as written in messages (integers without exponent)
std::string
Bound(double x, bool integer)
{
    std::ostringstream o;
    if (integer && std::fabs(x) < 9.1e15)
    {
        o << static_cast<int64_t>(x);
    }
    else
    {
        o << x;
    }
    return o.str();
}

template <typename J>
std::string
ShowT(const J& v)
{
    std::string s = v.dump();
    if (s.size() > 60)
    {
        s = s.substr(0, 57) + "...";
    }
    return s;
}

template <typename J>
std::string
CheckT(const J& v, const NumberRange& range, double& out)
{
    if (range.type == NumberRange::INTEGER)
    {
        int64_t i = 0;
        std::string problem = CheckedNumber::CheckInteger(v, range, i);
        if (problem.empty())
        {
            out = static_cast<double>(i);
        }
        return problem;
    }
    // nlohmann keeps an overflowing literal such as 1e400 as an infinite float
    if (!v.is_number() || !std::isfinite(v.template get<double>()) ||
        !range.Contains(v.template get<double>()))
    {
        return "must be " + range.Describe() + " (got " + ShowT(v) + ")";
    }
    out = v.template get<double>();
    return "";
}

template <typename J>
std::string
CheckIntegerT(const J& v, const NumberRange& range, int64_t& out)
{
    const std::string problem = "must be " + range.Describe() + " (got " + ShowT(v) + ")";
    if (!v.is_number_integer())
    {
        return problem; // a float (even 4.0), a string, a boolean, null, ...
    }
    // compared as integers: a value beyond any bound stays beyond it (no wrap, no rounding)
    const auto lo = static_cast<int64_t>(std::ceil(range.min));
    const auto hi = static_cast<int64_t>(std::floor(range.max));
    if (v.is_number_unsigned())
    {
        const auto u = v.template get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        {
            return problem;
        }
    }
    const auto x = v.template get<int64_t>();
    if (x < lo || x > hi || (range.minOpen && x == lo) || (range.maxOpen && x == hi))
    {
        return problem;
    }
    out = x;
    return "";
}

} // namespace

NumberRange
NumberRange::Real(double min, double max)
{
    NumberRange r;
    r.type = REAL;
    r.min = min;
    r.max = max;
    return r;
}

NumberRange
NumberRange::Positive(double min, double max)
{
    NumberRange r = Real(min, max);
    r.minOpen = true;
    return r;
}

NumberRange
NumberRange::Integer(int64_t min, int64_t max)
{
    NumberRange r;
    r.type = INTEGER;
    r.min = static_cast<double>(min);
    r.max = static_cast<double>(max);
    return r;
}

bool
NumberRange::Contains(double x) const
{
    if (!std::isfinite(x))
    {
        return false;
    }
    bool aboveMin = minOpen ? x > min : x >= min;
    bool belowMax = maxOpen ? x < max : x <= max;
    return aboveMin && belowMax;
}

std::string
NumberRange::Describe() const
{
    const bool integer = type == INTEGER;
    std::string what = integer ? "an integer" : "a number";
    const bool hasMin = std::isfinite(min);
    const bool hasMax = std::isfinite(max);
    if (hasMin && hasMax)
    {
        return what + " in " + (minOpen ? "(" : "[") + Bound(min, integer) + ", " +
               Bound(max, integer) + (maxOpen ? ")" : "]");
    }
    if (hasMin)
    {
        return what + (minOpen ? " > " : " >= ") + Bound(min, integer);
    }
    if (hasMax)
    {
        return what + (maxOpen ? " < " : " <= ") + Bound(max, integer);
    }
    return integer ? what : "a finite number";
}

std::string
CheckedNumber::Check(const nlohmann::json& v, const NumberRange& range, double& out)
{
    return CheckT(v, range, out);
}

std::string
CheckedNumber::Check(const nlohmann::ordered_json& v, const NumberRange& range, double& out)
{
    return CheckT(v, range, out);
}

std::string
CheckedNumber::CheckInteger(const nlohmann::json& v, const NumberRange& range, int64_t& out)
{
    return CheckIntegerT(v, range, out);
}

std::string
CheckedNumber::CheckInteger(const nlohmann::ordered_json& v, const NumberRange& range, int64_t& out)
{
    return CheckIntegerT(v, range, out);
}

std::string
CheckedNumber::Parse(const std::string& text, const NumberRange& range, double& out)
{
    nlohmann::json v = nlohmann::json::parse(text, nullptr, false);
    if (v.is_discarded() || !v.is_number())
    {
        std::string shown = text.size() > 60 ? text.substr(0, 57) + "..." : text;
        return "must be " + range.Describe() + " (got '" + shown + "')";
    }
    return Check(v, range, out);
}

std::string
CheckedNumber::Show(const nlohmann::json& v)
{
    return ShowT(v);
}

std::string
CheckedNumber::Show(const nlohmann::ordered_json& v)
{
    return ShowT(v);
}

} // namespace ns3
