// Writing the Event Hubs profile into a profiles file by a textual edit of that profile's block
// only: every other profile, comment and blank line stays as it was (re-emitting the file with
// yaml-cpp would drop the comments). The result is parsed again before anything is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orderctl::core::eventhubs {

// Microsoft Entra ID sign-in (eventhubs-setup --auth entra): OAUTHBEARER with the
// client-credentials grant, in librdkafka's own property names (core/oauth/token_request.h).
struct EntraSignIn {
    std::string client_id;
    std::string secret_env = "AZURE_CLIENT_SECRET";  // {env: NAME}: the secret by reference only
    std::string token_endpoint;
    std::string scope;
    // AKS workload identity: the client proves itself with the federated token in the file the
    // webhook names in AZURE_FEDERATED_TOKEN_FILE, not with a secret.
    bool workload_identity = false;
};

struct EventHubsProfile {
    std::string name = "eventhubs";
    std::string bootstrap;                                     // host:9093
    std::string password_env = "EVENTHUBS_CONNECTION_STRING";  // {env: NAME} by default
    std::optional<std::string> stored_secret;  // --store-secret: the connection string itself
    std::string ca_file;                       // ssl.ca.location, when given
    std::string event_hub = "orders";
    int partitions = 4;
    std::optional<int64_t> max_message_bytes;  // message.max.bytes, when given
    std::string description;                   // the comment line: namespace and tier
    std::optional<EntraSignIn> entra;          // instead of the connection string
    std::string tier;  // eventhubs.tier: what the namespace allows (transactions, compression)
};

// The profile's lines, indented by `indent` (entries) and `step` (nesting).
std::vector<std::string> profile_block(const EventHubsProfile& profile, int indent, int step);

struct ProfileEdit {
    std::string path;
    bool file_existed = false;
    bool profile_existed = false;
    std::string old_text;
    std::string new_text;
    std::vector<std::string> old_block;  // the profile's lines before (empty when new)
    std::vector<std::string> new_block;

    bool changed() const { return old_text != new_text; }
    // "created" (new file), "added", "updated" or "unchanged".
    std::string action() const;
};

// Plans the edit of `path` (whose current content is `current`, nullopt when the file does not
// exist). Throws Error(Config) when the file is not a valid profiles file, when its profiles map
// is in flow style, or when the edit would change any other profile.
ProfileEdit plan_profile_edit(const std::string& path, const std::optional<std::string>& current,
                              const EventHubsProfile& profile);

// A diff of the profile's block, secrets shown as <redacted>: what --dry-run prints.
std::string diff_view(const ProfileEdit& edit, const std::vector<std::string>& secrets);

// Writes the new text atomically (a temporary file in the same directory, then rename), mode
// 0600 when `holds_secret`, else the old file's mode (0644 for a new file).
void write_profiles_file(const ProfileEdit& edit, bool holds_secret);

// Reads a file into a string, nullopt when it does not exist.
std::optional<std::string> read_if_exists(const std::string& path);

}  // namespace orderctl::core::eventhubs
