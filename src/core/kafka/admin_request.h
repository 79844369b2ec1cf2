// The plumbing of one librdkafka admin request: options with timeouts, a private result
// queue, and a bounded wait that keeps an eye on the connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

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
    // The same, but a request-level error other than a timeout or a lost connection comes back
    // in the event (rd_kafka_event_error), for a caller that retries some of them.
    EventPtr wait_event(const std::string& what);

    // The request for one item: sends `spec` with librdkafka's call for it (`send`, e.g.
    // rd_kafka_CreatePartitions), frees it with `destroy`, then waits as wait(what) does.
    template <typename Spec, typename Send, typename Destroy>
    EventPtr send_one(Spec* spec, Send send, Destroy destroy, const std::string& what) {
        send(client_.handle(), &spec, 1, options_, queue_);
        destroy(spec);
        return wait(what);
    }
    // The same for a batch of items: `destroy` frees the array (rd_kafka_NewTopic_destroy_array).
    template <typename Spec, typename Send, typename Destroy>
    EventPtr send_all(std::vector<Spec*>& specs, Send send, Destroy destroy,
                      const std::string& what) {
        send(client_.handle(), specs.data(), specs.size(), options_, queue_);
        destroy(specs.data(), specs.size());
        return wait(what);
    }

  private:
    Client& client_;
    rd_kafka_AdminOptions_t* options_;
    rd_kafka_queue_t* queue_;
};

}  // namespace orderctl::core::kafka
