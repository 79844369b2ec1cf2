// The three kinds of transaction failure librdkafka tells apart, and what each asks of the
// caller: retry the same call (a timed-out commit is retried as a commit, never re-sent), abort
// and redo the transaction's work, or stop for good (the producer was fenced by a newer one).
#pragma once

#include <string>
#include <utility>

#include "core/error.h"

namespace orderctl::core::kafka {

enum class TransactionFailure {
    Retriable,  // the call may be made again (rd_kafka_error_is_retriable)
    Abortable,  // abort the transaction, then redo its work (rd_kafka_error_txn_requires_abort)
    Fatal,      // the producer can do nothing more (rd_kafka_error_is_fatal): fenced, say
};

class TransactionError : public Error {
  public:
    TransactionError(TransactionFailure failure, ErrorKind kind, const std::string& message,
                     std::string hint = {}, bool fenced = false)
        : Error(kind, message, std::move(hint)), failure_(failure), fenced_(fenced) {}
    TransactionFailure failure() const { return failure_; }
    // A newer producer with the same transactional.id took over: the open transaction is
    // aborted by the broker, never committed.
    bool fenced() const { return fenced_; }

  private:
    TransactionFailure failure_;
    bool fenced_;
};

}  // namespace orderctl::core::kafka
