// The plumbing of one librdkafka admin request: options with timeouts, a private result
// queue, and a bounded wait that keeps an eye on the connection.
#pragma once

#include <memory>
#include <string>

#include "core/kafka/client.h"

namespace orderctl::core::kafka {

struct EventDeleter {
    void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

class AdminRequest {
  public:
    AdminRequest(Client& client, rd_kafka_admin_op_t op, bool validate_only = false);
    ~AdminRequest();
    AdminRequest(const AdminRequest&) = delete;
    AdminRequest& operator=(const AdminRequest&) = delete;

    rd_kafka_AdminOptions_t* options() const { return options_; }
    rd_kafka_queue_t* queue() const { return queue_; }

    // Waits for the result event; throws on timeout, connection failure, or a request-level
    // error (the per-item errors are left to the caller).
    EventPtr wait(const std::string& what);

  private:
    Client& client_;
    rd_kafka_AdminOptions_t* options_;
    rd_kafka_queue_t* queue_;
};

}  // namespace orderctl::core::kafka
