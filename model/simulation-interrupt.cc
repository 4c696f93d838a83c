/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "simulation-interrupt.h"

#include "ns3/simulator.h"

#include <csignal>

namespace ns3
{

namespace
{

/// The signal received, written only by the handler (async-signal-safe).
volatile std::sig_atomic_t g_signal = 0;

extern "C" void
OnSignal(int signal)
{
    g_signal = signal;
    // a second SIGINT or SIGTERM ends the process as usual
    std::signal(signal, SIG_DFL);
}

/// One poll of the flag; reschedules itself until a signal arrives.
void
Poll(Time period)
{
    if (g_signal != 0)
    {
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(period, &Poll, period);
}

} // namespace

void
SimulationInterrupt::Install()
{
    struct sigaction sa = {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGXFSZ, SIG_IGN);
}

void
SimulationInterrupt::Watch(Time period)
{
    Simulator::Schedule(Seconds(0), &Poll, period);
}

bool
SimulationInterrupt::IsRequested()
{
    return g_signal != 0;
}

int
SimulationInterrupt::GetSignal()
{
    return g_signal;
}

std::string
SimulationInterrupt::GetSignalName()
{
    switch (g_signal)
    {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    case 0:
        return "";
    default:
        return "signal " + std::to_string(g_signal);
    }
}

void
SimulationInterrupt::Request(int signal)
{
    g_signal = signal;
}

} // namespace ns3
