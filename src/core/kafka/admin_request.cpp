#include "core/kafka/admin_request.h"

#include <chrono>

namespace orderctl::core::kafka {

AdminRequest::AdminRequest(Client& client, rd_kafka_admin_op_t op, bool validate_only)
    : client_(client),
      options_(rd_kafka_AdminOptions_new(client.handle(), op)),
      queue_(rd_kafka_queue_new(client.handle())) {
    char errstr[256];
    const int timeout_ms = static_cast<int>(client.timeout().count());
    rd_kafka_AdminOptions_set_request_timeout(options_, timeout_ms, errstr, sizeof errstr);
    // Only some operations take these two; librdkafka refuses them for the others.
    rd_kafka_AdminOptions_set_operation_timeout(options_, timeout_ms, errstr, sizeof errstr);
    if (validate_only) rd_kafka_AdminOptions_set_validate_only(options_, 1, errstr, sizeof errstr);
}

AdminRequest::~AdminRequest() {
    rd_kafka_queue_destroy(queue_);
    rd_kafka_AdminOptions_destroy(options_);
}

EventPtr AdminRequest::wait_event(const std::string& what) {
    using Clock = std::chrono::steady_clock;
    // A little past the request timeout, so librdkafka reports its own timeout first.
    const auto deadline = Clock::now() + client_.timeout() + std::chrono::seconds(2);
    while (Clock::now() < deadline) {
        if (rd_kafka_event_t* event = rd_kafka_queue_poll(queue_, 100)) {
            EventPtr result(event);
            rd_kafka_resp_err_t code = rd_kafka_event_error(event);
            if (code == RD_KAFKA_RESP_ERR__TIMED_OUT || code == RD_KAFKA_RESP_ERR__TRANSPORT) {
                client_.check_connection();
                throw client_.timeout_error(what);
            }
            return result;
        }
        client_.check_connection();
    }
    throw client_.timeout_error(what);
}

EventPtr AdminRequest::wait(const std::string& what) {
    EventPtr result = wait_event(what);
    if (rd_kafka_event_error(result.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw Error(ErrorKind::Failure,
                    what + " failed: " + rd_kafka_event_error_string(result.get()));
    return result;
}

}  // namespace orderctl::core::kafka
