/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Prints the original default of every attribute of every registered TypeId, and every global
 * value, one "Type::Attribute = value" line each, sorted. utils/ns3-attribute-defaults.sh builds
 * it against an installed ns-3 or a built ns-3 tree, so that two ns-3 releases can be compared
 * default by default (diff of the two outputs).
 */

#include "ns3/core-module.h"

#include <iostream>
#include <set>
#include <string>

using namespace ns3;

/**
 * \brief Print the attribute defaults of every TypeId of the linked ns-3 libraries.
 * \return 0
 */
int
main()
{
    std::set<std::string> lines;
    for (uint32_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId t = TypeId::GetRegistered(i);
        for (std::size_t j = 0; j < t.GetAttributeN(); ++j)
        {
            TypeId::AttributeInformation a = t.GetAttribute(j);
            std::string v = "<none>";
            auto pointer = DynamicCast<const PointerValue>(a.originalInitialValue);
            if (pointer)
            {
                // an object default: its type, not its address
                Ptr<Object> object = pointer->GetObject();
                v = object ? "<" + object->GetInstanceTypeId().GetName() + ">" : "<null>";
            }
            else if (a.originalInitialValue)
            {
                v = a.originalInitialValue->SerializeToString(a.checker);
            }
            lines.insert(t.GetName() + "::" + a.name + " = " + v);
        }
    }
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        StringValue s;
        (*it)->GetValue(s);
        lines.insert("global::" + (*it)->GetName() + " = " + s.Get());
    }
    for (const auto& l : lines)
    {
        std::cout << l << "\n";
    }
    return 0;
}
