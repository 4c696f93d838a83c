/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_SIMULATION_INTERRUPT_H
#define DNN_SURGERY_SIMULATION_INTERRUPT_H

#include "dnn-surgery-error.h"

#include "ns3/nstime.h"

#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * Clean stops on SIGINT and SIGTERM, and write errors instead of SIGXFSZ.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Thrown when a run was stopped by a signal; the run is already marked 'interrupted'.
 */
class DnnSurgeryInterrupted : public DnnSurgeryError
{
  public:
    /**
     * \brief Construct.
     * \param signal the signal number
     * \param message what was stopped
     */
    DnnSurgeryInterrupted(int signal, const std::string& message)
        : DnnSurgeryError(message),
          m_signal(signal)
    {
    }

    /// \return the signal that stopped the run
    int GetSignal() const
    {
        return m_signal;
    }

  private:
    int m_signal; //!< the signal
};

/**
 * \ingroup dnn-surgery
 * Stops a simulation cleanly when the process receives SIGINT or SIGTERM.
 *
 * Install() sets the handlers: the first SIGINT or SIGTERM only records the signal (a second
 * one kills the process as usual); SIGXFSZ is ignored, so that a write beyond the file size
 * limit (ulimit -f) fails with EFBIG and becomes an error message instead of killing the
 * process. Watch() schedules an event that polls the flag every period of simulated time and
 * calls Simulator::Stop() once it is set; the event reads only the flag, so the results of a
 * run are the same with or without it.
 */
class SimulationInterrupt
{
  public:
    /// Install the signal handlers (idempotent).
    static void Install();
    /**
     * \brief Poll for a signal during the simulation, from now on.
     * \param period simulated time between polls
     */
    static void Watch(Time period);
    /// \return whether SIGINT or SIGTERM was received
    static bool IsRequested();
    /// \return the signal received (0 if none)
    static int GetSignal();
    /// \return the name of the signal received ("SIGINT", "SIGTERM", "")
    static std::string GetSignalName();
    /**
     * \brief Record a signal as if it had been received (for tests).
     * \param signal the signal number (0 clears the flag)
     */
    static void Request(int signal);
};

} // namespace ns3

#endif /* DNN_SURGERY_SIMULATION_INTERRUPT_H */
