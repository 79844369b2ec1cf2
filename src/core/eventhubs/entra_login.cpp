#include "core/eventhubs/entra_login.h"

#include <algorithm>
#include <cctype>

namespace orderctl::core::eventhubs {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string namespace_host(const std::string& namespace_name) {
    std::string host = namespace_name;
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (host.find('.') != std::string::npos) return host;
    return host + ".servicebus.windows.net";
}

std::string login_host(const std::string& namespace_host) {
    if (ends_with(namespace_host, ".servicebus.usgovcloudapi.net"))
        return "login.microsoftonline.us";
    if (ends_with(namespace_host, ".servicebus.chinacloudapi.cn")) return "login.chinacloudapi.cn";
    return "login.microsoftonline.com";
}

std::string token_endpoint(const std::string& namespace_host, const std::string& tenant) {
    return "https://" + login_host(namespace_host) + "/" + tenant + "/oauth2/v2.0/token";
}

std::string token_scope(const std::string& namespace_host) {
    return "https://" + namespace_host + "/.default";
}

}  // namespace orderctl::core::eventhubs
