/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SURGERY_HEADER_H
#define SURGERY_HEADER_H

#include "ns3/header.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * The protocol messages of Decentralized DNN Surgery (formulation section 5 and 7), as
 * ns3::Header subclasses that travel in real packets over a TCP stream.
 *
 * Every message is framed as
 *
 *     SurgeryHeader (12 bytes: magic, type, device id, body length)
 *     <message header> (one of the classes below, chosen by the type)
 *     <payload>       (real bytes: tensors, results, probe fillers)
 *
 * The body length counts the message header and the payload, so a receiver can reassemble a
 * message from a byte stream (SurgeryStreamReassembler) without knowing the message type.
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * Common framing header of every DDS protocol message.
 */
class SurgeryHeader : public Header
{
  public:
    /// Message types of the protocol.
    enum MessageType : uint8_t
    {
        JOIN = 1,       //!< device -> server: join (or re-enter) the game
        LEAVE = 2,      //!< device -> server: leave the game
        PROBE = 3,      //!< device -> server: RTT / rate probe (payload = filler bytes)
        PROBE_ECHO = 4, //!< server -> device: probe echo with server timestamps
        STATE = 5,      //!< server -> devices: (epoch, S, p0, kappa, F) broadcast
        DEMAND = 6,     //!< device -> server: demanded share f_i
        GRANT = 7,      //!< server -> device: granted share f_i
        ENVELOPE = 8,   //!< device -> server: envelope (A,B) curves, local latency, lambda
        TENSOR = 9,     //!< device -> server: cut tensors of one request (payload = d bytes)
        RESULT = 10,    //!< server -> device: result of one request (payload = d_out bytes)
    };

    /// Magic number opening every message (detects a desynchronised stream).
    static constexpr uint16_t MAGIC = 0xD5D5;
    /// Serialized size of this header in bytes.
    static constexpr uint32_t SIZE = 12;

    SurgeryHeader();

    /**
     * \brief Construct a header.
     * \param type the message type
     * \param deviceId the device the message is from or to
     * \param bodyLength bytes that follow this header (message header + payload)
     */
    SurgeryHeader(MessageType type, uint32_t deviceId, uint32_t bodyLength);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    /**
     * \brief Get the message type.
     * \return the message type
     */
    MessageType GetMessageType() const;
    /**
     * \brief Set the message type.
     * \param type the message type
     */
    void SetMessageType(MessageType type);
    /**
     * \brief Get the device id.
     * \return the device id
     */
    uint32_t GetDeviceId() const;
    /**
     * \brief Set the device id.
     * \param id the device id
     */
    void SetDeviceId(uint32_t id);
    /**
     * \brief Get the number of bytes after this header.
     * \return the body length in bytes
     */
    uint32_t GetBodyLength() const;
    /**
     * \brief Set the number of bytes after this header.
     * \param length the body length in bytes
     */
    void SetBodyLength(uint32_t length);
    /**
     * \brief Whether the magic number read by Deserialize was correct.
     * \return true if the header is valid
     */
    bool IsValid() const;
    /**
     * \brief Name of a message type.
     * \param type the type
     * \return its name, e.g. "TENSOR"
     */
    static const char* TypeName(MessageType type);

  private:
    uint16_t m_magic{MAGIC};  //!< magic number as read
    MessageType m_type{JOIN}; //!< message type
    uint32_t m_deviceId{0};   //!< device id
    uint32_t m_bodyLength{0}; //!< bytes after this header
};

/**
 * \ingroup dnn-surgery
 * JOIN message: a device joins the game (or re-enters it after a rate change or a reconnection).
 */
class SurgeryJoinHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    double m_lambda{1.0};  //!< lambda_i, the device's cost weight (s per money unit)
    bool m_reentry{false}; //!< true when re-entering (rate change, reconnection)
};

/**
 * \ingroup dnn-surgery
 * LEAVE message: the device leaves the game (its share returns to the pool).
 */
class SurgeryLeaveHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint8_t m_reason{0}; //!< 0 = application stopped, 1 = other
};

/**
 * \ingroup dnn-surgery
 * PROBE / PROBE_ECHO message: measures RTT (small probe) and link rates (probe with filler
 * payload; the echo carries the server's receipt and send timestamps and \c m_replyBytes of
 * filler on the downlink).
 */
class SurgeryProbeHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint32_t m_seq{0};        //!< probe sequence number
    uint32_t m_replyBytes{0}; //!< filler bytes the echo must carry (downlink probe)
    Time m_deviceSendTime;    //!< when the device sent the probe
    Time m_serverRecvTime;    //!< when the server had received the whole probe (echo only)
    Time m_serverSendTime;    //!< when the server sent the echo (echo only)
};

/**
 * \ingroup dnn-surgery
 * STATE message: the server's broadcast of the game state (epoch, S, p0, kappa, F), with the
 * device whose turn it is to answer with a best response (sequential best-response dynamics),
 * and the share currently granted to the receiver.
 */
class SurgeryStateHeader : public Header
{
  public:
    /// Value of m_turn when no device is asked to answer.
    static constexpr uint32_t NO_TURN = 0xffffffff;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint32_t m_epoch{0};      //!< game epoch (one per triggered game)
    uint32_t m_step{0};       //!< step within the epoch (demand/answer matching)
    uint32_t m_round{0};      //!< round (full pass) within the epoch
    uint32_t m_turn{NO_TURN}; //!< device id asked to answer, or NO_TURN
    uint32_t m_nDevices{0};   //!< number of devices currently joined (N)
    uint8_t m_policy{0};      //!< the server's allocation mode (MecServerApplication::Policy)
    bool m_final{false};      //!< the epoch is over (equilibrium or round limit)
    double m_aggregate{0};    //!< S = sum_j f_j
    double m_p0{0};           //!< p0, unit price intercept
    double m_kappa{0};        //!< kappa, price slope
    double m_capacity{0};     //!< F, server capacity (FLOP/s)
    double m_epsilon{0};      //!< epsilon of the epsilon-NE
    double m_yourShare{0};    //!< f_i currently granted to the receiver
};

/**
 * \ingroup dnn-surgery
 * DEMAND message: a device's best response f_i to the state of (epoch, step).
 */
class SurgeryDemandHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint32_t m_epoch{0};   //!< epoch of the state answered
    uint32_t m_step{0};    //!< step of the state answered
    double m_demand{0};    //!< demanded share f_i (FLOP/s)
    int32_t m_curve{-1};   //!< envelope curve of the best response (-1 = local)
    bool m_changed{false}; //!< a move: the best response lowers J_i by more than epsilon
};

/**
 * \ingroup dnn-surgery
 * GRANT message: the share granted to a device: min(demand, F - S_-i), or an allocation
 * computed by the server (equal share, optimum).
 */
class SurgeryGrantHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint32_t m_epoch{0};   //!< epoch of the grant
    double m_share{0};     //!< granted f_i (FLOP/s)
    double m_aggregate{0}; //!< S after the grant
    bool m_trimmed{false}; //!< the demand did not fit and was trimmed to F - S_-i
};

/**
 * \ingroup dnn-surgery
 * ENVELOPE message: a device's envelope T*_i(f) as (A,B) curves, its all-local latency and its
 * lambda_i. Only the optimum policy uses it (the server computes the social optimum from the
 * reported envelopes); the game never needs it.
 */
class SurgeryEnvelopeHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    double m_lambda{1.0};                            //!< lambda_i
    double m_localLatency{0};                        //!< all-local latency A_local (s)
    std::vector<std::pair<double, double>> m_curves; //!< (A_P, B_P) of each candidate
};

/**
 * \ingroup dnn-surgery
 * TENSOR message: the cut tensors of one request. The header is followed by m_tensorBytes of
 * payload (the real d bytes crossing the cut).
 */
class SurgeryTensorHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint32_t m_requestId{0};   //!< request id (per device)
    uint32_t m_tensorBytes{0}; //!< payload bytes that follow
    uint32_t m_resultBytes{0}; //!< d_out, bytes the result must carry
    double m_serverWork{0};    //!< B_P, server work (FLOP at nominal rate)
    Time m_deviceSendTime;     //!< when the device handed the tensor to its socket
};

/**
 * \ingroup dnn-surgery
 * RESULT message: the result of one request with the server's timestamps (tensor receipt,
 * compute start and end, send), followed by m_resultBytes of payload (d_out).
 */
class SurgeryResultHeader : public Header
{
  public:
    /// Status of a result.
    enum Status : uint8_t
    {
        OK = 0,       //!< computed
        REJECTED = 1, //!< not computed: the device had no share
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    /// \return the TypeId of this header (inherited from Header)
    TypeId GetInstanceTypeId() const override;
    /// Print the fields (inherited from Header). \param os the output stream
    void Print(std::ostream& os) const override;
    /// \return the size of the serialized header in bytes (inherited from Header)
    uint32_t GetSerializedSize() const override;
    /// Write the header (inherited from Header). \param start where to write
    void Serialize(Buffer::Iterator start) const override;
    /// Read the header (inherited from Header). \param start where to read \return bytes read
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint32_t m_requestId{0};   //!< request id
    uint8_t m_status{OK};      //!< Status
    uint32_t m_resultBytes{0}; //!< payload bytes that follow
    Time m_deviceSendTime;     //!< echoed from the tensor
    Time m_serverRecvTime;     //!< when the whole tensor had arrived
    Time m_computeStart;       //!< when the server started the request's work
    Time m_computeEnd;         //!< when the server finished it
    Time m_serverSendTime;     //!< when the result was handed to the server's socket
};

} // namespace ns3

#endif /* SURGERY_HEADER_H */
