// Reading what a consumer's poll() returned, for code outside core/kafka: a message's error and
// its headers. The key, value, partition and offset are plain fields (message->key, ...).
#pragma once

#include <librdkafka/rdkafka.h>

#include <optional>
#include <string>
#include <string_view>

namespace orderctl::core::kafka {

// An event, not a record: librdkafka's error text for it (message->err is not 0).
std::string message_error(const rd_kafka_message_t& message);

// The value of the last header called `name`, or nullopt when there is none. Valid as long as
// the message is.
std::optional<std::string_view> last_header(const rd_kafka_message_t& message, const char* name);

}  // namespace orderctl::core::kafka
