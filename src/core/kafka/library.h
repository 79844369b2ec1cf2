// What orderctl needs to know of librdkafka itself outside core/kafka: its version, the names
// and texts of its error codes, the codes callers tell apart, and the logical offsets.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>

namespace orderctl::core::kafka {

// The linked librdkafka's version ("2.0.2").
std::string library_version();

// A short, stable name for a librdkafka error code ("TOPIC_ALREADY_EXISTS").
std::string error_name(int code);
// librdkafka's text for an error code ("Broker: Topic already exists").
std::string error_text(int code);

// The error codes callers tell apart (an int, as ItemResult::code and Delivery::error are).
namespace errc {
inline constexpr int kNoError = RD_KAFKA_RESP_ERR_NO_ERROR;
inline constexpr int kPartitionEof = RD_KAFKA_RESP_ERR__PARTITION_EOF;
inline constexpr int kTopicAlreadyExists = RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS;
inline constexpr int kUnknownTopicOrPartition = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
inline constexpr int kInvalidReplicationFactor = RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR;
inline constexpr int kInvalidConfig = RD_KAFKA_RESP_ERR_INVALID_CONFIG;
inline constexpr int kPolicyViolation = RD_KAFKA_RESP_ERR_POLICY_VIOLATION;
inline constexpr int kTopicAuthorizationFailed = RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED;
}  // namespace errc

// Logical offsets: a partition's first record, and its end (the next record written).
inline constexpr int64_t kOffsetBeginning = RD_KAFKA_OFFSET_BEGINNING;
inline constexpr int64_t kOffsetEnd = RD_KAFKA_OFFSET_END;

}  // namespace orderctl::core::kafka
