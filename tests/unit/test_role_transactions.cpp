// The exactly-once role service's handling of failed transactions, by librdkafka's class of
// the failure, end to end in-process: `orderctl consume --role payment --exactly-once` against
// librdkafka's mock cluster, with request errors injected where a real cluster would fail
// (a generation fenced, a producer fenced, a topic refused, a coordinator too slow). Also an
// at-least-once service stopped by an error with outcomes in flight: under the sanitizer
// build (tests/sanitize/run.sh runs every unit test) that proves its teardown clean.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "commands/registry.h"

namespace {

// Kafka protocol API keys (librdkafka's own names for them are in a private header).
constexpr int16_t RD_KAFKAP_Produce = 0;
constexpr int16_t RD_KAFKAP_EndTxn = 26;
constexpr int16_t RD_KAFKAP_TxnOffsetCommit = 28;

// A mock cluster of one broker with the pipeline's topics, and a configuration directory of
// its own (no profile of the user's, an instance slot of its own).
class MockPipeline {
  public:
    MockPipeline() {
        home_ =
            std::filesystem::temp_directory_path() /
            ("orderctl-txn-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
        std::filesystem::create_directories(home_);
        for (const char* name : {"XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"}) {
            const char* old = std::getenv(name);
            saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
            ::setenv(name, home_.c_str(), 1);
        }
        char errstr[256];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
        handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        REQUIRE(handle_ != nullptr);
        cluster_ = rd_kafka_mock_cluster_new(handle_, 1);
        REQUIRE(cluster_ != nullptr);
        for (const char* topic : {"orders", "orders.dlq", "payments.events"})
            REQUIRE(rd_kafka_mock_topic_create(cluster_, topic, 3, 1) ==
                    RD_KAFKA_RESP_ERR_NO_ERROR);
        bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
    }
    ~MockPipeline() {
        rd_kafka_mock_cluster_destroy(cluster_);
        rd_kafka_destroy(handle_);
        for (const auto& [name, value] : saved_) {
            if (value)
                ::setenv(name.c_str(), value->c_str(), 1);
            else
                ::unsetenv(name.c_str());
        }
        std::error_code ignored;
        std::filesystem::remove_all(home_, ignored);
    }
    rd_kafka_mock_cluster_t* cluster() { return cluster_; }

    struct Result {
        int status = -1;
        std::string err;
    };
    // Runs orderctl in this process with -b set to the mock cluster; stderr captured.
    Result orderctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"orderctl", "-b", bootstrap_});
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        const std::string log = (home_ / "stderr").string();
        std::fflush(stderr);
        const int saved = ::dup(2);
        const int file = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(file, 2);
        ::close(file);
        Result result;
        result.status = orderctl::cli::run(static_cast<int>(argv.size()), argv.data(),
                                           orderctl::commands::all_commands());
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        result.err = text.str();
        return result;
    }
    void produce_orders(int count) {
        auto produced =
            orderctl({"produce", "--generate", std::to_string(count), "--seed", "5", "-q"});
        REQUIRE(produced.status == 0);
    }
    Result payment(std::vector<std::string> more = {}) {
        std::vector<std::string> args = {"consume", "--role", "payment", "--until", "end"};
        args.insert(args.end(), more.begin(), more.end());
        return orderctl(args);
    }

  private:
    static inline int counter_ = 0;
    std::filesystem::path home_;
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
    rd_kafka_t* handle_ = nullptr;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
    std::string bootstrap_;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("exactly-once: an abortable failure aborts, rewinds and redoes the transaction") {
    MockPipeline pipeline;
    pipeline.produce_orders(300);
    // What a zombie gets from the group coordinator: its generation is not the group's.
    rd_kafka_mock_push_request_errors(pipeline.cluster(), RD_KAFKAP_TxnOffsetCommit, 1,
                                      RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION);
    auto result = pipeline.payment({"--exactly-once"});
    INFO(result.err);
    CHECK(result.status == 0);
    CHECK(contains(result.err, "transaction aborted (adding offsets to the transaction failed"));
    // The rewind went back to the aborted transaction's first offsets: what it held was
    // processed twice, every other record once. How many the first transaction held depends
    // on how far the service got before its first commit tick (all 300 on a quiet machine).
    const auto redone_at = result.err.find("aborted and redone (");
    REQUIRE(redone_at != std::string::npos);
    const long redone = std::stol(result.err.substr(redone_at + 20));
    CHECK(redone > 0);
    CHECK(redone <= 300);
    CHECK(contains(result.err, " " + std::to_string(300 + redone) + " processed"));
    CHECK(contains(result.err, "1 transaction(s) aborted and redone (" + std::to_string(redone) +
                                   " record(s) processed again)"));
}

TEST_CASE("exactly-once: a failure that redoing cannot cure stops with exit 1, not a loop") {
    MockPipeline pipeline;
    pipeline.produce_orders(100);
    // Every produce request refused: every transaction fails the same way.
    std::vector<rd_kafka_resp_err_t> refusals(500, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
    rd_kafka_mock_push_request_errors_array(pipeline.cluster(), RD_KAFKAP_Produce, refusals.size(),
                                            refusals.data());
    auto result = pipeline.payment({"--exactly-once"});
    INFO(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err, "times in a row, each time aborted and redone"));
    CHECK(contains(result.err, "hint: a failure that processing again does not cure"));
    CHECK(contains(result.err, "5 transaction(s) aborted and redone"));
    CHECK(contains(result.err, "nothing was committed by this instance"));
}

TEST_CASE("exactly-once: a fenced producer stops with exit 1 and says what to do") {
    MockPipeline pipeline;
    pipeline.produce_orders(100);
    // A newer producer with the same transactional.id bumped the epoch.
    rd_kafka_mock_push_request_errors(pipeline.cluster(), RD_KAFKAP_TxnOffsetCommit, 1,
                                      RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH);
    auto result = pipeline.payment({"--exactly-once"});
    INFO(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err,
                   "service was fenced: another producer with transactional.id "
                   "'orderctl-orderctl-payment-"));
    CHECK(contains(result.err, "hint: run one instance per transactional.id"));
    CHECK(contains(result.err, "0 transaction(s) aborted and redone"));
}

TEST_CASE("exactly-once: a commit still timing out after retries stops with exit 5") {
    MockPipeline pipeline;
    pipeline.produce_orders(100);
    // EndTxn answered long after the three 1-second attempts of commit_transaction.
    REQUIRE(rd_kafka_mock_broker_push_request_error_rtts(pipeline.cluster(), 1, RD_KAFKAP_EndTxn, 1,
                                                         RD_KAFKA_RESP_ERR_NO_ERROR,
                                                         8000) == RD_KAFKA_RESP_ERR_NO_ERROR);
    auto result = pipeline.payment({"--exactly-once", "--timeout", "1"});
    INFO(result.err);
    CHECK(result.status == 5);
    CHECK(contains(result.err, "committing the transaction failed"));
    CHECK(contains(result.err, "(after retries)"));
}

TEST_CASE("at-least-once: stopped by a failed outcome with others in flight, it says so") {
    MockPipeline pipeline;
    pipeline.produce_orders(20000);
    // Slow answers keep outcomes in flight while the first produce request is refused.
    REQUIRE(rd_kafka_mock_broker_set_rtt(pipeline.cluster(), 1, 300) == RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_mock_push_request_errors(pipeline.cluster(), RD_KAFKAP_Produce, 1,
                                      RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
    auto result = pipeline.payment();
    INFO(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err, "Topic authorization failed; nothing after it was committed"));
    // Whether other outcomes are still in flight when the refusal comes back depends on the
    // timing (under ASan the first produce request may hold every record processed so far):
    // the teardown with outcomes in flight is exercised when they are, and said when it is.
    WARN(contains(result.err, " outcome(s) still in flight were not committed"));
}
