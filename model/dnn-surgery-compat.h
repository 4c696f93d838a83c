/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_COMPAT_H
#define DNN_SURGERY_COMPAT_H

/**
 * \file
 * \ingroup dnn-surgery
 * The one place where dnn-surgery absorbs differences between ns-3 versions.
 *
 * DNN_SURGERY_NS3_VERSION is 300 + the minor version (3.37 -> 337). It is set by the build
 * (cmake/dependencies.cmake) from the installed package version or the tree's VERSION file.
 *
 * Known differences handled here:
 * - ns-3.36 merged the per-band 802.11ax standards (WIFI_STANDARD_80211ax_5GHZ, ...) into
 *   WIFI_STANDARD_80211ax (band from the ChannelSettings attribute, 5 GHz by default).
 * - ns-3.36 made Simulator::Schedule accept any callable (lambdas, std::function); before, only
 *   function and member-function pointers: use dnnsurgerycompat::Schedule for a lambda.
 * - waf trees (3.33 to 3.35) build the module with wscript-compat/wscript, which sets
 *   DNN_SURGERY_NS3_VERSION from the tree's VERSION file.
 * - ns-3.42 turned TestCase::TestDuration and TestSuite::Type into scoped enums
 *   (TestCase::Duration::QUICK, TestSuite::Type::UNIT); 3.46 removed the old names.
 * - ns-3.42 deprecated EventId::IsRunning() in favour of EventId::IsPending().
 * - ns-3.41 requires the enum type as template argument of MakeEnumAccessor<T>().
 * - ns-3.43 renamed the exported CMake targets (ns3::libcore -> ns3::core): handled in
 *   cmake/standalone.cmake, not here.
 */

#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/wifi-standards.h"

#include <functional>
#include <utility>

#ifndef DNN_SURGERY_NS3_VERSION
/// ns-3 version as 300 + minor (set by the build; 3.37 if it is not).
#define DNN_SURGERY_NS3_VERSION 337
#endif

namespace ns3
{
namespace dnnsurgerycompat
{

#if DNN_SURGERY_NS3_VERSION >= 342
/// Test duration type of this ns-3 version.
using TestDuration = TestCase::Duration;
/// A test case that runs in seconds.
constexpr TestDuration QUICK = TestCase::Duration::QUICK;
/// A test case that runs in tens of seconds.
constexpr TestDuration EXTENSIVE = TestCase::Duration::EXTENSIVE;
/// Unit test suite type.
constexpr TestSuite::Type UNIT = TestSuite::Type::UNIT;
/// System test suite type.
constexpr TestSuite::Type SYSTEM = TestSuite::Type::SYSTEM;
#else
/// Test duration type of this ns-3 version.
using TestDuration = TestCase::TestDuration;
/// A test case that runs in seconds.
constexpr TestDuration QUICK = TestCase::QUICK;
/// A test case that runs in tens of seconds.
constexpr TestDuration EXTENSIVE = TestCase::EXTENSIVE;
/// Unit test suite type.
constexpr TestSuite::Type UNIT = TestSuite::UNIT;
/// System test suite type.
constexpr TestSuite::Type SYSTEM = TestSuite::SYSTEM;
#endif

/**
 * \brief Whether an event is scheduled and has neither run nor been cancelled.
 * \param event the event
 * \return EventId::IsPending() from ns-3.42 on, EventId::IsRunning() before
 */
inline bool
IsPending(const EventId& event)
{
#if DNN_SURGERY_NS3_VERSION >= 342
    return event.IsPending();
#else
    return event.IsRunning();
#endif
}

#if DNN_SURGERY_NS3_VERSION < 336
/**
 * \brief Runs a std::function (the event body of Schedule() before ns-3.36).
 * \param f the function
 */
inline void
InvokeFunction(std::function<void()> f)
{
    f();
}
#endif

/**
 * \brief Simulator::Schedule for a lambda or std::function, on every supported ns-3 version.
 * \param delay the delay from now
 * \param f the function to run
 * \return the event
 */
inline EventId
Schedule(const Time& delay, std::function<void()> f)
{
#if DNN_SURGERY_NS3_VERSION >= 336
    return Simulator::Schedule(delay, std::move(f));
#else
    return Simulator::Schedule(delay, &InvokeFunction, std::move(f));
#endif
}

/// 802.11ax (HE) on 5 GHz, the standard the module's Wi-Fi topologies use.
#if DNN_SURGERY_NS3_VERSION >= 336
constexpr WifiStandard WIFI_STANDARD_HE_5GHZ = WIFI_STANDARD_80211ax;
#else
constexpr WifiStandard WIFI_STANDARD_HE_5GHZ = WIFI_STANDARD_80211ax_5GHZ;
#endif

/**
 * True where ns-3's Wi-Fi aborts on an internal EDCA collision that loses a group-addressed
 * frame: ns-3.35's FrameExchangeManager::NotifyInternalCollision calls
 * WifiRemoteStationManager::ReportDataFailed on it, which asserts that the frame is unicast
 * (ns-3.37 only reports unicast data frames there). Seen in the mobility suite's Wi-Fi walk
 * without roaming (the station leaves its AP's range and keeps its SSID); with NS3_ASSERT off
 * (optimized builds) the frame is only counted as a failed transmission.
 */
#if DNN_SURGERY_NS3_VERSION < 337 && defined(NS3_ASSERT_ENABLE)
constexpr bool WIFI_GROUP_INTERNAL_COLLISION_ASSERTS = true;
#else
constexpr bool WIFI_GROUP_INTERNAL_COLLISION_ASSERTS = false;
#endif

/**
 * True where a late ADDBA response can leave a Block Ack recipient waiting forever: on
 * ns-3.35 the originator gives up on its ADDBA request after QosTxop::AddBaResponseTimeout
 * (1 ms by default), sends the head MPDU with normal acknowledgment and, when that MPDU is
 * dropped after its retries, sends no BlockAckReq because no agreement is established. When
 * the ADDBA response then arrives, both ends establish an agreement starting at the dropped
 * sequence number, and the recipient holds every later MPDU in its reorder buffer. Seen in
 * the mobility suite's per-AP migration walk: right after the re-association the station is
 * still busy with BlockAckReqs for its old AP, answers the new AP's ADDBA request 48 ms late,
 * and its downlink stays dead (ARP replies ACKed at the MAC, never delivered). ns-3.37 does
 * not show it.
 */
#if DNN_SURGERY_NS3_VERSION < 337
constexpr bool WIFI_LATE_ADDBA_RESPONSE_STALLS = true;
#else
constexpr bool WIFI_LATE_ADDBA_RESPONSE_STALLS = false;
#endif

} // namespace dnnsurgerycompat
} // namespace ns3

/**
 * \ingroup dnn-surgery
 * MakeEnumAccessor for an attribute of enum type \p EnumType bound to \p accessor.
 */
#if DNN_SURGERY_NS3_VERSION >= 341
#define DNN_SURGERY_MAKE_ENUM_ACCESSOR(EnumType, accessor) MakeEnumAccessor<EnumType>(accessor)
#else
#define DNN_SURGERY_MAKE_ENUM_ACCESSOR(EnumType, accessor) MakeEnumAccessor(accessor)
#endif

#endif /* DNN_SURGERY_COMPAT_H */
