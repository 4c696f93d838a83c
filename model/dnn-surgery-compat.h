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
 * - ns-3.42 turned TestCase::TestDuration and TestSuite::Type into scoped enums
 *   (TestCase::Duration::QUICK, TestSuite::Type::UNIT); 3.46 removed the old names.
 * - ns-3.42 deprecated EventId::IsRunning() in favour of EventId::IsPending().
 * - ns-3.41 requires the enum type as template argument of MakeEnumAccessor<T>().
 * - ns-3.43 renamed the exported CMake targets (ns3::libcore -> ns3::core): handled in
 *   cmake/standalone.cmake, not here.
 */

#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/test.h"

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
