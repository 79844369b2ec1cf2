#include "core/kafka/library.h"

namespace orderctl::core::kafka {

std::string library_version() {
    return rd_kafka_version_str();
}

std::string error_name(int code) {
    return rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code));
}

std::string error_text(int code) {
    return rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code));
}

}  // namespace orderctl::core::kafka
