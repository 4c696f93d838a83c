/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_CHECKED_NUMBER_H
#define DNN_SURGERY_CHECKED_NUMBER_H

#include <cstdint>
#include <limits>
#include <nlohmann/json_fwd.hpp>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * The one checked number parser of the module: every number read from a scenario file, a
 * command-line override or a DNN profile goes through it, so that a value is always finite, in
 * its range and of its integer width, or it is an error that says which.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * The values a number field accepts: a real or an integer, in [min, max] with either end
 * optionally open. Integers are checked exactly (no conversion through double), so a value
 * outside the range can never wrap into it.
 */
struct NumberRange
{
    /// Real (any finite number) or integer (a JSON integer, no fraction or exponent).
    enum Type
    {
        REAL,    //!< finite number
        INTEGER, //!< integer; min and max must be integers
    };

    Type type{REAL};                                      //!< what kind of number
    double min{-std::numeric_limits<double>::infinity()}; //!< lower bound
    bool minOpen{false};                                  //!< min itself excluded
    double max{std::numeric_limits<double>::infinity()};  //!< upper bound
    bool maxOpen{false};                                  //!< max itself excluded

    /**
     * \brief A real in [min, max] (ends closed).
     * \param min lower bound
     * \param max upper bound
     * \return the range
     */
    static NumberRange Real(double min, double max);
    /**
     * \brief A real in (min, max] (lower end open).
     * \param min lower bound, excluded
     * \param max upper bound
     * \return the range
     */
    static NumberRange Positive(double min, double max);
    /**
     * \brief An integer in [min, max].
     * \param min lower bound
     * \param max upper bound (at most 2^53, so that it is exact as a double)
     * \return the range
     */
    static NumberRange Integer(int64_t min, int64_t max);

    /**
     * \brief Whether a real lies in the range (ignoring the type).
     * \param x the value
     * \return true if x is finite and within the bounds
     */
    bool Contains(double x) const;

    /// \return the range in words, e.g. "an integer in [1, 1000]" or "a number > 0"
    std::string Describe() const;
};

/**
 * \ingroup dnn-surgery
 * Checks numbers against a NumberRange. Each function returns an empty string when the value
 * is good (and stores it), else the problem in words, e.g. "must be an integer in [1, 1000]
 * (got 4294967297)"; the caller puts the file and the field in front of it.
 */
class CheckedNumber
{
  public:
    /**
     * \brief Check a JSON value.
     * \param v the value (any JSON type: a string, a boolean or null is a problem too)
     * \param range what it must be
     * \param[out] out the value, when good
     * \return "" or the problem
     */
    static std::string Check(const nlohmann::json& v, const NumberRange& range, double& out);
    /// \copydoc Check(const nlohmann::json&,const NumberRange&,double&)
    static std::string Check(const nlohmann::ordered_json& v,
                             const NumberRange& range,
                             double& out);
    /**
     * \brief Check a JSON value that must be an integer.
     * \param v the value
     * \param range what it must be (type INTEGER)
     * \param[out] out the value, when good
     * \return "" or the problem
     */
    static std::string CheckInteger(const nlohmann::json& v,
                                    const NumberRange& range,
                                    int64_t& out);
    /// \copydoc CheckInteger(const nlohmann::json&,const NumberRange&,int64_t&)
    static std::string CheckInteger(const nlohmann::ordered_json& v,
                                    const NumberRange& range,
                                    int64_t& out);
    /**
     * \brief Parse a number written as text (a command-line value): the whole text must be
     * one JSON number (no spaces, no trailing characters, no "nan" or "inf").
     * \param text the text
     * \param range what it must be
     * \param[out] out the value, when good
     * \return "" or the problem
     */
    static std::string Parse(const std::string& text, const NumberRange& range, double& out);

    /**
     * \brief A value as it appears in messages (shortened to 60 characters).
     * \param v the value
     * \return its JSON text
     */
    static std::string Show(const nlohmann::json& v);
    /// \copydoc Show(const nlohmann::json&)
    static std::string Show(const nlohmann::ordered_json& v);
};

} // namespace ns3

#endif /* DNN_SURGERY_CHECKED_NUMBER_H */
