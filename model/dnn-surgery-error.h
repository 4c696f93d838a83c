/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_ERROR_H
#define DNN_SURGERY_ERROR_H

#include <stdexcept>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * The exception type of the module's input validation.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Error in a user-supplied input (profile, scenario, command-line value). Its message names the
 * file, the element and the field, and says what is wrong.
 */
class DnnSurgeryError : public std::runtime_error
{
  public:
    /**
     * \brief Construct from a complete message.
     * \param message what is wrong, naming file, element and field
     */
    explicit DnnSurgeryError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

} // namespace ns3

#endif /* DNN_SURGERY_ERROR_H */
