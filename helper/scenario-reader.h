/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_SCENARIO_READER_H
#define DNN_SURGERY_SCENARIO_READER_H

#include "scenario.h"

#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Reads and validates scenario files (JSON), with ns-3 style command-line overrides
 * (`--devices.count=5`).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * A scenario field and its value in one scenario, in command-line override syntax.
 */
struct ScenarioFieldValue
{
    std::string path;  //!< dotted path, as in the override --devices.count=8
    std::string help;  //!< meaning and unit
    std::string value; //!< the value, as an override would write it (lists comma-separated)
};

/**
 * \ingroup dnn-surgery
 * Scenario JSON -> validated Scenario.
 *
 * Every field has a default except "name"; unknown fields are errors (a typo is never
 * ignored); every error throws DnnSurgeryError naming the file (or "command line" for an
 * override), the field and the problem, e.g.
 * `default.json: field 'devices.count': must be an integer >= 1 (got 0)`.
 */
class ScenarioReader
{
  public:
    /**
     * \brief Read a scenario file.
     * \param path file (see FindScenario for names)
     * \param overrides `--field.path=value` arguments applied before validation
     * \return the validated scenario
     */
    static Scenario ReadFile(const std::string& path,
                             const std::vector<std::string>& overrides = {});

    /**
     * \brief Read a scenario from text.
     * \param text the JSON
     * \param source name used in messages (e.g. the file name)
     * \param overrides `--field.path=value` arguments applied before validation
     * \return the validated scenario
     */
    static Scenario ReadString(const std::string& text,
                               const std::string& source,
                               const std::vector<std::string>& overrides = {});

    /**
     * \brief One scenario per sweep value, with sweep.parameter set to that value
     * (and Scenario::sweepValue set); a scenario without a sweep gives itself.
     * \param scenario a validated scenario
     * \return the expanded scenarios
     */
    static std::vector<Scenario> ExpandSweep(const Scenario& scenario);

    /**
     * \brief Whether a command-line argument is a scenario override: `--<field>=<value>`
     * whose first path component is a top-level scenario field.
     * \param arg the argument
     * \return true for a scenario override
     */
    static bool IsOverride(const std::string& arg);

    /**
     * \brief Locate a scenario: an existing path, else `<module>/scenarios/<name>[.json]`.
     * \param nameOrPath a path or a bundled scenario name ("default")
     * \return the path
     */
    static std::string FindScenario(const std::string& nameOrPath);

    /// \return the policy names a scenario may list
    static std::vector<std::string> GetPolicyNames();

    /// \return a description of every field (path, type, default, meaning) for --help
    static std::string DescribeFields();

    /**
     * \brief Every field of the format with its value in a scenario, written as a
     * command-line override would write it (`resnet18:2,mobilenet_v2:1`, `1,2`, `1e+12`), so
     * that `--<path>=<value>` for every field reproduces the scenario.
     * \param scenario a validated scenario
     * \return the fields, in the documented order
     */
    static std::vector<ScenarioFieldValue> GetFieldValues(const Scenario& scenario);
};

} // namespace ns3

#endif /* DNN_SURGERY_SCENARIO_READER_H */
