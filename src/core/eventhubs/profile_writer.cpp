#include "core/eventhubs/profile_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/profile/file.h"

namespace orderctl::core::eventhubs {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void cannot_edit(const std::string& path, const std::string& why,
                              const std::string& hint = {}) {
    throw Error(ErrorKind::Config, path + ": cannot add the Event Hubs profile: " + why, hint);
}

// A YAML scalar as orderctl reads it back: '$' doubled (profile interpolation turns "$$" into
// "$"), quoted unless plainly safe (the ':' of host:port is: no space follows it).
std::string yaml_scalar(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '$') escaped += '$';
        escaped += c;
    }
    const bool plain = !escaped.empty() && std::all_of(escaped.begin(), escaped.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '/' || c == '_' ||
               c == '-' || c == ':';
    });
    if (plain) return escaped;
    std::string quoted = "'";
    for (char c : escaped) {
        if (c == '\'') quoted += '\'';
        quoted += c;
    }
    return quoted + "'";
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

int indent_of(const std::string& line) {
    return static_cast<int>(line.find_first_not_of(' ') == std::string::npos
                                ? line.size()
                                : line.find_first_not_of(' '));
}

bool is_blank(const std::string& line) {
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

bool is_comment(const std::string& line) {
    const auto first = line.find_first_not_of(' ');
    return first != std::string::npos && line[first] == '#';
}

bool is_content(const std::string& line) {
    return !is_blank(line) && !is_comment(line);
}

// The key of a "key: ..." line, unquoted.
std::string key_of(const std::string& line) {
    std::string text = line.substr(indent_of(line));
    if (!text.empty() && (text[0] == '"' || text[0] == '\'')) {
        const auto close = text.find(text[0], 1);
        if (close != std::string::npos) return text.substr(1, close - 1);
    }
    const auto colon = text.find(':');
    return colon == std::string::npos ? text : text.substr(0, colon);
}

// What follows "key:" on the line, without a trailing comment.
std::string value_after_key(const std::string& line) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) return {};
    std::string rest = line.substr(colon + 1);
    const auto hash = rest.find(" #");
    if (hash != std::string::npos) rest = rest.substr(0, hash);
    const auto first = rest.find_first_not_of(" \t\r");
    return first == std::string::npos ? std::string() : rest.substr(first);
}

// Lines [begin, end) of one profile, and where the profiles section lies.
struct Layout {
    int profiles_line = -1;  // the "profiles:" line, -1 when absent
    int section_end = 0;     // one past the last line of the profiles section
    int entry_indent = 2;
    struct Entry {
        std::string name;
        int begin;
        int end;
    };
    std::vector<Entry> entries;
};

// Moves `end` back over blank lines and over comments that sit at `indent` or less: those
// introduce what follows, not what precedes.
int trim_block_end(const std::vector<std::string>& lines, int begin, int end, int indent) {
    while (end > begin + 1 && (is_blank(lines[end - 1]) ||
                               (is_comment(lines[end - 1]) && indent_of(lines[end - 1]) <= indent)))
        --end;
    return end;
}

Layout find_layout(const std::string& path, const std::vector<std::string>& lines) {
    Layout layout;
    const int count = static_cast<int>(lines.size());
    for (int i = 0; i < count; ++i)
        if (is_content(lines[i]) && indent_of(lines[i]) == 0 && key_of(lines[i]) == "profiles")
            layout.profiles_line = i;
    layout.section_end = count;
    if (layout.profiles_line < 0) return layout;
    const std::string after = value_after_key(lines[layout.profiles_line]);
    if (!after.empty() && after != "{}" && after != "~" && after != "null")
        cannot_edit(path, "its 'profiles:' map is written in flow style ({...}) or on one line",
                    "write it as an indented block, one profile per key, and run again");
    int end = count;
    for (int i = layout.profiles_line + 1; i < count; ++i)
        if (is_content(lines[i]) && indent_of(lines[i]) == 0) {
            end = i;
            break;
        }
    layout.section_end = end;
    int entry_indent = -1;
    for (int i = layout.profiles_line + 1; i < end; ++i) {
        if (!is_content(lines[i])) continue;
        if (entry_indent < 0) entry_indent = indent_of(lines[i]);
        if (indent_of(lines[i]) == entry_indent) {
            if (!layout.entries.empty()) layout.entries.back().end = i;
            layout.entries.push_back({key_of(lines[i]), i, end});
        }
    }
    if (entry_indent > 0) layout.entry_indent = entry_indent;
    for (auto& entry : layout.entries)
        entry.end = trim_block_end(lines, entry.begin, entry.end, layout.entry_indent);
    return layout;
}

// A temporary copy of `text` for the parser, removed when it goes out of scope.
class ScratchFile {
  public:
    explicit ScratchFile(const std::string& text) {
        std::string pattern = (fs::temp_directory_path() / "orderctl-profiles-XXXXXX").string();
        int fd = mkstemp(pattern.data());  // 0600: the text may hold a stored secret
        if (fd < 0) throw Error(ErrorKind::Failure, "cannot create a temporary file");
        path_ = pattern;
        const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        ::close(fd);
        if (!ok) throw Error(ErrorKind::Failure, "cannot write a temporary file");
    }
    ~ScratchFile() { ::unlink(path_.c_str()); }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

std::string dump(const YAML::Node& node) {
    YAML::Emitter out;
    out << node;
    return out.c_str();
}

// The edit must leave every other profile (and current-profile) exactly as it was.
void check_others_kept(const std::string& path, const ProfilesFile& before,
                       const ProfilesFile& after, const std::string& ours) {
    auto same_values = [](const ProfileEntry& a, const ProfileEntry& b) {
        if (a.values.size() != b.values.size()) return false;
        for (size_t i = 0; i < a.values.size(); ++i)
            if (a.values[i].key != b.values[i].key ||
                dump(a.values[i].node) != dump(b.values[i].node))
                return false;
        return true;
    };
    for (const auto& profile : before.profiles) {
        if (profile.name == ours) continue;
        const ProfileEntry* kept = after.find(profile.name);
        if (kept == nullptr || !same_values(profile, *kept))
            cannot_edit(path, "the edit would change the profile '" + profile.name + "'",
                        "please report this; the file was not written");
    }
    if (before.current_profile.has_value() != after.current_profile.has_value() ||
        (before.current_profile &&
         dump(before.current_profile->node) != dump(after.current_profile->node)))
        cannot_edit(path, "the edit would change current-profile", "the file was not written");
}

}  // namespace

std::vector<std::string> profile_block(const EventHubsProfile& p, int indent, int step) {
    const std::string i0(indent, ' '), i1(indent + step, ' '), i2(indent + 2 * step, ' ');
    std::vector<std::string> lines;
    lines.push_back(i0 + yaml_scalar(p.name) + ":");
    if (!p.description.empty()) lines.push_back(i1 + "# " + p.description);
    lines.push_back(i1 + "bootstrap-servers: " + yaml_scalar(p.bootstrap));
    lines.push_back(i1 + "security:");
    lines.push_back(i2 + "protocol: SASL_SSL");
    if (p.entra) {
        lines.push_back(i2 + "sasl-mechanism: OAUTHBEARER");
    } else {
        lines.push_back(i2 + "sasl-mechanism: PLAIN");
        lines.push_back(i2 +
                        "username: $ConnectionString  # this literal text: Event Hubs expects it");
        if (p.stored_secret)
            lines.push_back(i2 + "password: " + yaml_scalar(*p.stored_secret));
        else
            lines.push_back(i2 + "password: {env: " + p.password_env + "}");
    }
    if (!p.ca_file.empty()) lines.push_back(i2 + "ca-file: " + yaml_scalar(p.ca_file));
    lines.push_back(i1 + "librdkafka:");
    if (p.entra) {
        // The client-credentials grant in librdkafka's names; orderctl runs it itself.
        lines.push_back(i2 + "sasl.oauthbearer.method: oidc");
        lines.push_back(i2 + "sasl.oauthbearer.client.id: " + yaml_scalar(p.entra->client_id));
        if (p.entra->workload_identity)
            lines.push_back(i2 +
                            "sasl.oauthbearer.assertion.file: ${AZURE_FEDERATED_TOKEN_FILE}  # "
                            "workload identity (read by orderctl, not librdkafka)");
        else
            lines.push_back(i2 + "sasl.oauthbearer.client.secret: {env: " + p.entra->secret_env +
                            "}");
        lines.push_back(
            i2 + "sasl.oauthbearer.token.endpoint.url: " + yaml_scalar(p.entra->token_endpoint));
        lines.push_back(i2 + "sasl.oauthbearer.scope: " + yaml_scalar(p.entra->scope));
    }
    // Microsoft's recommended client settings; the man page gives the reason for each.
    for (const char* setting : {"socket.keepalive.enable: true", "connections.max.idle.ms: 180000",
                                "metadata.max.age.ms: 180000", "request.timeout.ms: 60000",
                                "session.timeout.ms: 30000", "max.poll.interval.ms: 300000",
                                "compression.codec: none", "allow.auto.create.topics: false"})
        lines.push_back(i2 + setting);
    if (p.max_message_bytes)
        lines.push_back(i2 + "message.max.bytes: " + std::to_string(*p.max_message_bytes));
    if (!p.tier.empty()) {
        lines.push_back(i1 + "eventhubs:");
        lines.push_back(i2 + "tier: " + yaml_scalar(p.tier));
    }
    // Event Hubs manages replication itself: -1 asks for the service's default.
    lines.push_back(i1 + "topics: {orders: " + yaml_scalar(p.event_hub) +
                    ", partitions: " + std::to_string(p.partitions) + ", replication-factor: -1}");
    return lines;
}

std::string ProfileEdit::action() const {
    if (!file_existed) return "created";
    if (!profile_existed) return "added";
    return changed() ? "updated" : "unchanged";
}

ProfileEdit plan_profile_edit(const std::string& path, const std::optional<std::string>& current,
                              const EventHubsProfile& profile) {
    ProfileEdit edit;
    edit.path = path;
    edit.file_existed = current.has_value();
    edit.old_text = current.value_or("");
    ProfilesFile before{path, std::nullopt, {}};
    if (current) before = load_profiles_file(path);  // never edit a file that is already broken

    std::vector<std::string> lines = split_lines(edit.old_text);
    const Layout layout = find_layout(path, lines);
    const int step = layout.entry_indent;
    edit.new_block = profile_block(profile, layout.entry_indent, step);
    if (layout.profiles_line < 0) {
        while (!lines.empty() && is_blank(lines.back())) lines.pop_back();
        if (!lines.empty()) lines.push_back("");
        lines.push_back("profiles:");
        lines.insert(lines.end(), edit.new_block.begin(), edit.new_block.end());
    } else {
        // "profiles: {}" (no profile yet) becomes a block the profile can go under.
        if (!value_after_key(lines[layout.profiles_line]).empty())
            lines[layout.profiles_line] = "profiles:";
        auto found = std::find_if(layout.entries.begin(), layout.entries.end(),
                                  [&](const auto& e) { return e.name == profile.name; });
        if (found != layout.entries.end()) {
            edit.profile_existed = true;
            edit.old_block.assign(lines.begin() + found->begin, lines.begin() + found->end);
            lines.erase(lines.begin() + found->begin, lines.begin() + found->end);
            lines.insert(lines.begin() + found->begin, edit.new_block.begin(),
                         edit.new_block.end());
        } else {
            int at = layout.entries.empty() ? layout.profiles_line + 1 : layout.entries.back().end;
            std::vector<std::string> added;
            // Keep the file's habit of a blank line between profiles.
            if (!layout.entries.empty()) added.push_back("");
            added.insert(added.end(), edit.new_block.begin(), edit.new_block.end());
            lines.insert(lines.begin() + at, added.begin(), added.end());
        }
    }
    edit.new_text = join_lines(lines);
    if (edit.old_block == edit.new_block && edit.profile_existed) edit.new_text = edit.old_text;

    ScratchFile scratch(edit.new_text);
    ProfilesFile after{path, std::nullopt, {}};
    try {
        after = load_profiles_file(scratch.path());
    } catch (const Error&) {
        cannot_edit(path, "the edited file would not parse", "the file was not written");
    }
    if (after.find(profile.name) == nullptr)
        cannot_edit(path, "the edited file lacks the profile", "the file was not written");
    check_others_kept(path, before, after, profile.name);
    return edit;
}

std::string diff_view(const ProfileEdit& edit, const std::vector<std::string>& secrets) {
    auto redact = [&](std::string line) {
        for (const auto& secret : secrets)
            for (auto at = line.find(secret); !secret.empty() && at != std::string::npos;
                 at = line.find(secret, at))
                line.replace(at, secret.size(), "<redacted>");
        // A literal password written in the file before: shown redacted, never as text.
        if (key_of(line) == "password" || key_of(line) == "key-password") {
            const std::string value = value_after_key(line);
            if (!value.empty() && value[0] != '{')
                line = line.substr(0, line.find(':') + 1) + " <redacted>";
        }
        return line;
    };
    const auto& a = edit.old_block;
    const auto& b = edit.new_block;
    // Longest common subsequence of the two blocks, for a readable line diff.
    std::vector<std::vector<int>> common(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (size_t i = a.size(); i-- > 0;)
        for (size_t j = b.size(); j-- > 0;)
            common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1
                                        : std::max(common[i + 1][j], common[i][j + 1]);
    std::ostringstream out;
    out << "--- " << edit.path << (edit.file_existed ? "" : " (new file)") << '\n'
        << "+++ " << edit.path << " (" << edit.action() << ")\n";
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            out << "  " << redact(a[i]) << '\n';
            ++i, ++j;
        } else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
            out << "+ " << redact(b[j++]) << '\n';
        } else {
            out << "- " << redact(a[i++]) << '\n';
        }
    }
    return out.str();
}

std::optional<std::string> read_if_exists(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorKind::Config,
                    path + ": cannot read profiles file (" + std::strerror(errno) + ")");
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_profiles_file(const ProfileEdit& edit, bool holds_secret) {
    std::error_code ec;
    // Write through a symlink to its target, so the link itself stays.
    fs::path target =
        fs::is_symlink(edit.path, ec) ? fs::canonical(edit.path, ec) : fs::path(edit.path);
    if (target.empty()) target = edit.path;
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    mode_t mode = 0644;
    struct stat old_stat {};
    if (::stat(target.c_str(), &old_stat) == 0) mode = old_stat.st_mode & 07777;
    if (holds_secret) mode = 0600;

    std::string temp = target.string() + ".orderctl-XXXXXX";
    int fd = mkstemp(temp.data());
    if (fd < 0)
        throw Error(ErrorKind::Config, "cannot write " + edit.path + ": " + std::strerror(errno));
    const std::string& text = edit.new_text;
    size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) break;
        written += static_cast<size_t>(n);
    }
    const bool ok = written == text.size() && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), target.c_str()) != 0) {
        const int error = ok ? errno : saved;
        ::unlink(temp.c_str());
        throw Error(ErrorKind::Config, "cannot write " + edit.path + ": " + std::strerror(error));
    }
}

}  // namespace orderctl::core::eventhubs
