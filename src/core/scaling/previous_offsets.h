// KEDA's memory for excludePersistentLag (its scaler's previousOffsets): the committed offset of
// each partition as of an earlier poll, updated by its rules, so that `offsets --watch
// --recommend-instances --exclude-persistent-lag` sees from tick to tick what KEDA sees from
// poll to poll.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "core/scaling/keda_kafka.h"

namespace orderctl::core::scaling {

class PreviousOffsets {
  public:
    // Sets `offsets.previous_committed` from the polls before, then remembers this poll as KEDA
    // does: only a partition with a commit and a log end reaches its check (the others return
    // earlier), and its entry is written when it was missing or the offset moved. A partition
    // that lost its commit therefore keeps its old entry: committed again at the same offset,
    // it counts as stuck.
    void carry(const std::string& topic, int32_t partition, PartitionOffsets& offsets);

  private:
    std::map<std::pair<std::string, int32_t>, int64_t> committed_;
};

}  // namespace orderctl::core::scaling
