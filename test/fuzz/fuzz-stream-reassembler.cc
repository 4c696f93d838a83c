/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * Fuzz target: the protocol stream reassembler fed arbitrary bytes, cut into arbitrary
 * segments, as a TCP socket would deliver them. The first input byte chooses the mode:
 *
 *  - raw (even): the rest of the input is the stream. Properties: Next() returns whole
 *    messages or throws DnnSurgeryError (desynchronised or malformed stream), never crashes;
 *    every message it returns deserializes with its type's header exactly as the applications
 *    do, consuming the whole head; buffered bytes never exceed the bytes given.
 *  - round trip (odd): the rest of the input describes messages (type, device id, fields,
 *    payload size), which are framed with Frame(), concatenated and delivered in arbitrary
 *    segments. Property: they come out whole, in order, with the same type, device, header
 *    fields and payload size.
 */

#include "fuzz-target.h"

#include "ns3/dnn-surgery-error.h"
#include "ns3/surgery-header.h"
#include "ns3/surgery-stream-reassembler.h"

#include <cstring>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// Reads bytes of the input in order; zeros once it is exhausted.
class Bytes
{
  public:
    /// \param data the input \param size its length
    Bytes(const uint8_t* data, size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    /// \return the next byte (0 past the end)
    uint8_t U8()
    {
        return m_pos < m_size ? m_data[m_pos++] : 0;
    }

    /// \return the next 4 bytes, big-endian
    uint32_t U32()
    {
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k)
        {
            v = (v << 8) | U8();
        }
        return v;
    }

    /// \return the next 8 bytes as a double
    double Real()
    {
        uint64_t bits = (uint64_t{U32()} << 32) | U32();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }

    /// \return whether bytes are left
    bool More() const
    {
        return m_pos < m_size;
    }

    /// \return the rest of the input
    std::vector<uint8_t> Rest()
    {
        std::vector<uint8_t> r(m_data + m_pos, m_data + m_size);
        m_pos = m_size;
        return r;
    }

  private:
    const uint8_t* m_data; //!< input
    size_t m_size;         //!< its length
    size_t m_pos{0};       //!< read position
};

/// Deserializes a message head the way the applications do; \return the head bytes left over.
uint32_t
Decode(SurgeryMessage& m)
{
    switch (m.common.GetMessageType())
    {
    case SurgeryHeader::JOIN: {
        SurgeryJoinHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::LEAVE: {
        SurgeryLeaveHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::PROBE:
    case SurgeryHeader::PROBE_ECHO: {
        SurgeryProbeHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::STATE: {
        SurgeryStateHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::DEMAND: {
        SurgeryDemandHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::GRANT: {
        SurgeryGrantHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::ENVELOPE: {
        SurgeryEnvelopeHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::TENSOR: {
        SurgeryTensorHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    case SurgeryHeader::RESULT: {
        SurgeryResultHeader h;
        m.head->RemoveHeader(h);
        break;
    }
    }
    return m.head->GetSize();
}

/// Delivers a stream to a reassembler in segments whose sizes the input chooses.
void
Deliver(SurgeryStreamReassembler& rx,
        const std::vector<uint8_t>& stream,
        Bytes& plan,
        std::vector<SurgeryMessage>& out,
        bool& desync)
{
    size_t pos = 0;
    while (pos < stream.size() && !desync)
    {
        size_t len = 1 + (plan.More() ? plan.U8() * 7 % 1500 : 1447);
        len = std::min(len, stream.size() - pos);
        rx.Add(Create<Packet>(stream.data() + pos, static_cast<uint32_t>(len)));
        pos += len;
        try
        {
            SurgeryMessage m;
            while (rx.Next(m))
            {
                out.push_back(m);
            }
        }
        catch (const DnnSurgeryError&)
        {
            desync = true; // the applications drop the connection here
        }
    }
}

/// \return the bytes of a packet
std::vector<uint8_t>
Serialize(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), p->GetSize());
    return b;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Bytes in(data, size);
    const bool roundTrip = in.U8() & 1;
    SurgeryStreamReassembler rx;
    std::vector<SurgeryMessage> got;
    bool desync = false;
    if (!roundTrip)
    {
        std::vector<uint8_t> stream = in.Rest();
        Bytes plan(stream.data(), std::min<size_t>(stream.size(), 16));
        Deliver(rx, stream, plan, got, desync);
        for (auto& m : got)
        {
            FUZZ_CHECK(Decode(m) == 0, "a returned head deserializes exactly");
        }
        return 0;
    }

    // round trip: build up to 16 well-formed messages from the input
    struct Sent
    {
        SurgeryHeader::MessageType type;
        uint32_t device;
        uint32_t payload;
        std::vector<uint8_t> head;
    };

    std::vector<Sent> sent;
    std::vector<uint8_t> stream;
    for (int k = 0; k < 16 && in.More(); ++k)
    {
        auto type = static_cast<SurgeryHeader::MessageType>(1 + in.U8() % 10);
        uint32_t device = in.U32();
        uint32_t payload = 0;
        Ptr<Packet> p;
        switch (type)
        {
        case SurgeryHeader::JOIN: {
            SurgeryJoinHeader h;
            h.m_lambda = in.Real();
            h.m_reentry = in.U8() & 1;
            p = SurgeryStreamReassembler::Frame(type, device, h, 0);
            break;
        }
        case SurgeryHeader::ENVELOPE: {
            SurgeryEnvelopeHeader h;
            h.m_lambda = in.Real();
            h.m_localLatency = in.Real();
            for (int c = in.U8() % 8; c > 0; --c)
            {
                h.m_curves.emplace_back(in.Real(), in.Real());
            }
            p = SurgeryStreamReassembler::Frame(type, device, h, 0);
            break;
        }
        case SurgeryHeader::TENSOR: {
            payload = in.U32() % 200000;
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryTensorHeader(), payload);
            break;
        }
        case SurgeryHeader::RESULT: {
            payload = in.U32() % 20000;
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryResultHeader(), payload);
            break;
        }
        case SurgeryHeader::PROBE:
        case SurgeryHeader::PROBE_ECHO: {
            payload = in.U32() % 70000;
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryProbeHeader(), payload);
            break;
        }
        case SurgeryHeader::LEAVE:
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryLeaveHeader(), 0);
            break;
        case SurgeryHeader::STATE:
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryStateHeader(), 0);
            break;
        case SurgeryHeader::DEMAND:
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryDemandHeader(), 0);
            break;
        case SurgeryHeader::GRANT:
            p = SurgeryStreamReassembler::Frame(type, device, SurgeryGrantHeader(), 0);
            break;
        }
        std::vector<uint8_t> bytes = Serialize(p);
        std::vector<uint8_t> head(bytes.begin() + SurgeryHeader::SIZE, bytes.end() - payload);
        sent.push_back({type, device, payload, head});
        stream.insert(stream.end(), bytes.begin(), bytes.end());
    }
    Deliver(rx, stream, in, got, desync);
    FUZZ_CHECK(!desync, "well-formed messages never desynchronise the stream");
    FUZZ_CHECK(got.size() == sent.size(), "every message comes out");
    for (size_t k = 0; k < got.size(); ++k)
    {
        FUZZ_CHECK(got[k].common.GetMessageType() == sent[k].type, "same type");
        FUZZ_CHECK(got[k].common.GetDeviceId() == sent[k].device, "same device");
        FUZZ_CHECK(got[k].payloadBytes == sent[k].payload, "same payload size");
        FUZZ_CHECK(Serialize(got[k].head) == sent[k].head, "same header bytes");
        FUZZ_CHECK(Decode(got[k]) == 0, "the head deserializes exactly");
    }
    FUZZ_CHECK(rx.GetBufferedBytes() == 0, "nothing left over");
    return 0;
}

void
DnnSurgeryFuzzWriteSeeds(const std::string& dir)
{
    // raw mode: a real stream (a join, an envelope with two curves, a tensor, a result)
    std::vector<uint8_t> raw{0};
    SurgeryJoinHeader join;
    SurgeryEnvelopeHeader env;
    env.m_curves = {{0.01, 1e9}, {0.02, 5e8}};
    for (Ptr<Packet> p :
         {SurgeryStreamReassembler::Frame(SurgeryHeader::JOIN, 3, join, 0),
          SurgeryStreamReassembler::Frame(SurgeryHeader::ENVELOPE, 3, env, 0),
          SurgeryStreamReassembler::Frame(SurgeryHeader::TENSOR, 3, SurgeryTensorHeader(), 3000),
          SurgeryStreamReassembler::Frame(SurgeryHeader::RESULT, 3, SurgeryResultHeader(), 40)})
    {
        std::vector<uint8_t> b = Serialize(p);
        raw.insert(raw.end(), b.begin(), b.end());
    }
    DnnSurgeryFuzzWriteFile(dir, "raw-stream.bin", std::string(raw.begin(), raw.end()));
    // a lying envelope: 1,000,000 curves declared in a body of 20 bytes
    std::vector<uint8_t> lie = Serialize(
        SurgeryStreamReassembler::Frame(SurgeryHeader::ENVELOPE, 1, SurgeryEnvelopeHeader(), 0));
    lie[SurgeryHeader::SIZE + 16] = 0x00;
    lie[SurgeryHeader::SIZE + 17] = 0x0f;
    lie[SurgeryHeader::SIZE + 18] = 0x42;
    lie[SurgeryHeader::SIZE + 19] = 0x40;
    lie.insert(lie.begin(), 0);
    DnnSurgeryFuzzWriteFile(dir, "lying-envelope.bin", std::string(lie.begin(), lie.end()));
    // round-trip mode: a few message descriptions
    DnnSurgeryFuzzWriteFile(dir,
                            "round-trip.bin",
                            std::string("\x01\x00\x00\x00\x00\x07\x08\x00\x00\x00\x09\x02"
                                        "abcdefghabcdefghabcdefghabcdefgh\x09\x00\x00\x01\x00"
                                        "\x00\x10\x00\x07",
                                        48));
}
