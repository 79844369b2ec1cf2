// A consumed record as the commands see it: a read-only view over librdkafka's message (valid
// while the MessagePtr it came from lives), so that no command reads librdkafka's structs.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orderctl::core::kafka {

class Message {
  public:
    explicit Message(const rd_kafka_message_t* message) : message_(message) {}

    // Not 0 when poll() returned an event, not a record (see errc:: in library.h).
    int error_code() const { return message_->err; }
    // librdkafka's text for that event.
    std::string error() const { return rd_kafka_message_errstr(message_); }

    int32_t partition() const { return message_->partition; }
    int64_t offset() const { return message_->offset; }
    // Null (absent) is distinct from empty.
    std::optional<std::string_view> key() const {
        if (!message_->key) return std::nullopt;
        return std::string_view(static_cast<const char*>(message_->key), message_->key_len);
    }
    std::optional<std::string_view> value() const {
        if (!message_->payload) return std::nullopt;
        return std::string_view(static_cast<const char*>(message_->payload), message_->len);
    }
    // The value, with a null value as empty.
    std::string_view payload() const { return value().value_or(std::string_view()); }

    // Milliseconds since the epoch (-1: none), and its kind: "create", "log-append" or null.
    int64_t timestamp_ms(const char** type) const {
        rd_kafka_timestamp_type_t kind;
        const int64_t ms = rd_kafka_message_timestamp(message_, &kind);
        *type = kind == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? "create"
                : kind == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "log-append"
                                                             : nullptr;
        return ms;
    }

    // The last header called `name` (a null value reads as empty); nullopt when there is none.
    std::optional<std::string_view> last_header(const char* name) const {
        rd_kafka_headers_t* headers = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        if (rd_kafka_message_headers(message_, &headers) ||
            rd_kafka_header_get_last(headers, name, &value, &size))
            return std::nullopt;
        return value ? std::string_view(static_cast<const char*>(value), size) : std::string_view();
    }
    // Calls visit(name, value) for every header in order; a null value is nullopt.
    template <typename Visit>
    void for_each_header(Visit&& visit) const {
        rd_kafka_headers_t* headers = nullptr;
        if (rd_kafka_message_headers(message_, &headers)) return;
        const char* name;
        const void* value;
        size_t size;
        for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i) {
            std::optional<std::string_view> text;
            if (value) text = std::string_view(static_cast<const char*>(value), size);
            visit(std::string_view(name), text);
        }
    }

  private:
    const rd_kafka_message_t* message_;
};

}  // namespace orderctl::core::kafka
