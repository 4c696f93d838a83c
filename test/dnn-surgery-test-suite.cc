/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery-tests
 * The umbrella "dnn-surgery" suite: checks that the module's ns-3 compatibility layer works on
 * the ns-3 version it is built against (attributes of enum type, test types).
 */

#include "ns3/dnn-surgery-compat.h"
#include "ns3/enum.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/string.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/// An Object with one enum attribute, declared through the compat macro.
class CompatProbe : public Object
{
  public:
    /// Values of the probe attribute.
    enum Mode
    {
        MODE_A,
        MODE_B,
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId("ns3::DnnSurgeryCompatProbe")
                .SetParent<Object>()
                .AddConstructor<CompatProbe>()
                .AddAttribute("Mode",
                              "A test attribute of enum type.",
                              EnumValue(MODE_A),
                              DNN_SURGERY_MAKE_ENUM_ACCESSOR(Mode, &CompatProbe::m_mode),
                              MakeEnumChecker(MODE_A, "A", MODE_B, "B"));
        return tid;
    }

    Mode m_mode{MODE_A}; //!< the attribute's value
};

/// Enum attributes declared through DNN_SURGERY_MAKE_ENUM_ACCESSOR round-trip through strings.
class CompatEnumAttributeTestCase : public TestCase
{
  public:
    CompatEnumAttributeTestCase()
        : TestCase("enum attribute through the compat accessor")
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory;
        factory.SetTypeId(CompatProbe::GetTypeId());
        factory.Set("Mode", StringValue("B"));
        Ptr<CompatProbe> probe = factory.Create<CompatProbe>();
        NS_TEST_ASSERT_MSG_EQ(probe->m_mode, CompatProbe::MODE_B, "attribute set by name");
        probe->SetAttribute("Mode", StringValue("A"));
        NS_TEST_ASSERT_MSG_EQ(probe->m_mode, CompatProbe::MODE_A, "attribute reset by name");
        StringValue back;
        probe->GetAttribute("Mode", back);
        NS_TEST_ASSERT_MSG_EQ(back.Get(), "A", "attribute reads back as its name");
    }
};

/// The umbrella test suite of the module.
class DnnSurgeryTestSuite : public TestSuite
{
  public:
    DnnSurgeryTestSuite()
        : TestSuite("dnn-surgery", dnnsurgerycompat::UNIT)
    {
        AddTestCase(new CompatEnumAttributeTestCase, dnnsurgerycompat::QUICK);
    }
};

/// Static instance registering the suite.
DnnSurgeryTestSuite g_dnnSurgeryTestSuite;

} // namespace
