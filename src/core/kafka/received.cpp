#include "core/kafka/received.h"

namespace orderctl::core::kafka {

std::string message_error(const rd_kafka_message_t& message) {
    return rd_kafka_message_errstr(&message);
}

std::optional<std::string_view> last_header(const rd_kafka_message_t& message, const char* name) {
    rd_kafka_headers_t* headers = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    if (rd_kafka_message_headers(&message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return std::nullopt;
    return std::string_view(static_cast<const char*>(value), size);
}

}  // namespace orderctl::core::kafka
