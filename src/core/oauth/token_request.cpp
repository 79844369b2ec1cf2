#include "core/oauth/token_request.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/http/http_client.h"

namespace orderctl::core::oauth {
namespace {

using Json = nlohmann::json;

constexpr const char* kMethod = "sasl.oauthbearer.method";
constexpr const char* kAssertionFile = "sasl.oauthbearer.assertion.file";
constexpr const char* kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// base64url without padding, as JWTs use it; nullopt on a character outside the alphabet.
std::optional<std::string> base64url_decode(const std::string& text) {
    std::string out;
    int bits = 0;
    unsigned value = 0;
    for (char c : text) {
        int digit;
        if (c >= 'A' && c <= 'Z')
            digit = c - 'A';
        else if (c >= 'a' && c <= 'z')
            digit = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            digit = c - '0' + 52;
        else if (c == '-' || c == '+')
            digit = 62;
        else if (c == '_' || c == '/')
            digit = 63;
        else if (c == '=')
            break;
        else
            return std::nullopt;
        value = (value << 6) | static_cast<unsigned>(digit);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((value >> bits) & 0xff);
        }
    }
    return out;
}

// Entra's codes (learn.microsoft.com "Microsoft Entra authentication and authorization error
// codes") for the mistakes a profile can hold.
struct KnownCode {
    const char* code;
    const char* hint;
};
const KnownCode kCodes[] = {
    {"AADSTS90002", "wrong tenant: no such tenant; check --tenant (the directory id or domain)"},
    {"AADSTS900023", "wrong tenant: not a tenant id or domain; check --tenant"},
    {"AADSTS700016",
     "unknown client id in this tenant: check --client-id, and that the app is registered in "
     "the tenant given by --tenant"},
    {"AADSTS7000215",
     "wrong client secret: check the variable that holds it (the secret's "
     "value, not its id)"},
    {"AADSTS7000222",
     "the client secret has expired: create a new one for the app "
     "registration (az ad app credential reset) and export it"},
    {"AADSTS70011", "wrong scope: it must be https://<namespace host>/.default"},
    {"AADSTS70021",
     "the federated token matches no federated credential of the app: its issuer (the AKS "
     "cluster's OIDC issuer) and subject (system:serviceaccount:<namespace>:<service account>) "
     "must be those of a federated credential (az identity federated-credential list)"},
    {"AADSTS700024",
     "the federated token has expired: the kubelet rotates it; check that "
     "AZURE_FEDERATED_TOKEN_FILE names the projected token that the workload identity webhook "
     "mounts"},
    {"AADSTS500011",
     "wrong scope: no such resource in the tenant; the scope must be "
     "https://<namespace>.servicebus.windows.net/.default"},
};

}  // namespace

bool is_oidc_property(const std::string& name) {
    return name == kMethod || name == "sasl.oauthbearer.client.id" ||
           name == "sasl.oauthbearer.client.secret" || name == kAssertionFile ||
           name == "sasl.oauthbearer.token.endpoint.url" || name == "sasl.oauthbearer.scope";
}

std::optional<TokenRequest> oidc_request(const std::vector<Setting>& properties) {
    TokenRequest request;
    bool oidc = false;
    // In precedence order: the last value of a property wins.
    for (const auto& setting : properties) {
        if (setting.key == kMethod) oidc = setting.value == "oidc";
        if (setting.key == "sasl.oauthbearer.client.id") request.client_id = setting.value;
        if (setting.key == "sasl.oauthbearer.client.secret") request.client_secret = setting.value;
        if (setting.key == "sasl.oauthbearer.token.endpoint.url")
            request.endpoint_url = setting.value;
        if (setting.key == "sasl.oauthbearer.scope") request.scope = setting.value;
        if (setting.key == kAssertionFile) request.assertion_file = setting.value;
    }
    if (!oidc) return std::nullopt;
    const auto need = [](const std::string& value, const std::string& name) {
        if (value.empty())
            throw Error(ErrorKind::Config, "sasl.oauthbearer.method=oidc needs " + name,
                        "eventhubs-setup --auth entra writes all of them; a secret held by "
                        "{env: NAME} needs that variable exported");
    };
    need(request.client_id, "sasl.oauthbearer.client.id");
    // Workload identity proves the client with the federated token, anything else with the secret.
    if (request.assertion_file.empty())
        need(request.client_secret,
             "sasl.oauthbearer.client.secret (or, for workload identity, "
             "sasl.oauthbearer.assertion.file)");
    need(request.endpoint_url, "sasl.oauthbearer.token.endpoint.url");
    return request;
}

Token decode_jwt(const std::string& jwt, const std::string& fallback_principal) {
    const auto first = jwt.find('.');
    const auto second = first == std::string::npos ? first : jwt.find('.', first + 1);
    const auto payload = second == std::string::npos
                             ? std::nullopt
                             : base64url_decode(jwt.substr(first + 1, second - first - 1));
    const Json claims = payload ? Json::parse(*payload, nullptr, false) : Json();
    if (!claims.is_object())
        throw Error(ErrorKind::Unreachable, "the token endpoint's access_token is not a JWT",
                    "check sasl.oauthbearer.token.endpoint.url: it must be an OAuth 2.0 token "
                    "endpoint that issues JWTs (Entra's v2.0 endpoint does)");
    Token token;
    token.value = jwt;
    token.principal = claims.value("sub", fallback_principal);
    if (claims.contains("exp") && claims["exp"].is_number())
        token.expires_at_ms = claims["exp"].get<int64_t>() * 1000;
    if (claims.contains("aud")) {
        if (claims["aud"].is_string()) token.audience.push_back(claims["aud"]);
        if (claims["aud"].is_array())
            for (const auto& aud : claims["aud"])
                if (aud.is_string()) token.audience.push_back(aud);
    }
    return token;
}

std::string refusal_hint(const std::string& error_body) {
    for (const auto& known : kCodes)
        if (error_body.find(std::string(known.code) + ":") != std::string::npos ||
            error_body.find(std::string(known.code) + "\"") != std::string::npos)
            return known.hint;
    const Json body = Json::parse(error_body, nullptr, false);
    const std::string error = body.is_object() ? body.value("error", "") : "";
    if (error == "invalid_client") return "the endpoint refused the client id or secret";
    if (error == "invalid_scope")
        return "wrong scope: it must be https://<namespace host>/.default";
    if (error == "unauthorized_client")
        return "the client may not use the client-credentials grant";
    return "check sasl.oauthbearer.client.id, the client secret's variable and "
           "sasl.oauthbearer.scope ('orderctl profile show' tells where each comes from)";
}

std::string audience_of_scope(const std::string& scope) {
    const std::string suffix = "/.default";
    if (scope.size() > suffix.size() &&
        scope.compare(scope.size() - suffix.size(), suffix.size(), suffix) == 0)
        return scope.substr(0, scope.size() - suffix.size());
    return scope;
}

std::string grant_form(const TokenRequest& request, const std::string& assertion) {
    std::string form = "grant_type=client_credentials&client_id=" + form_encode(request.client_id);
    if (request.assertion_file.empty())
        form += "&client_secret=" + form_encode(request.client_secret);
    else
        form += std::string("&client_assertion_type=") + form_encode(kJwtBearer) +
                "&client_assertion=" + form_encode(assertion);
    if (!request.scope.empty()) form += "&scope=" + form_encode(request.scope);
    return form;
}

std::string read_assertion(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    if (file) text << file.rdbuf();
    std::string assertion = text.str();
    while (!assertion.empty() && std::isspace(static_cast<unsigned char>(assertion.back())))
        assertion.pop_back();
    if (!file || assertion.empty())
        throw Error(ErrorKind::Config,
                    "cannot read the federated token file " + path + " (" + kAssertionFile +
                        "): " + (file ? "it is empty" : std::strerror(errno)),
                    "on AKS the workload identity webhook mounts it and sets "
                    "AZURE_FEDERATED_TOKEN_FILE: the pod's service account needs the "
                    "azure.workload.identity/client-id annotation and the pod the "
                    "azure.workload.identity/use: \"true\" label");
    return assertion;
}

Token request_token(const TokenRequest& request, std::chrono::milliseconds timeout) {
    const std::string form = grant_form(
        request, request.assertion_file.empty() ? "" : read_assertion(request.assertion_file));
    const HttpResponse response =
        http_post_form(request.endpoint_url, form, timeout,
                       "the token endpoint (sasl.oauthbearer.token.endpoint.url) is not "
                       "reachable: check the URL, DNS and any proxy");
    const Json body = Json::parse(response.body, nullptr, false);
    if (response.status != 200 || !body.is_object() || !body.contains("access_token") ||
        !body["access_token"].is_string()) {
        std::string what = "the token endpoint " + request.endpoint_url +
                           " refused the token (HTTP " + std::to_string(response.status);
        if (body.is_object() && body.contains("error") && body["error"].is_string())
            what += ", " + body["error"].get<std::string>();
        what += ")";
        // Entra's description starts with the AADSTS code and says what it means; it names
        // the client id and tenant at most, never the secret.
        if (body.is_object() && body.contains("error_description") &&
            body["error_description"].is_string()) {
            std::string description = body["error_description"];
            description = description.substr(0, description.find_first_of("\r\n"));
            what += ": " + description;
        }
        throw Error(ErrorKind::Unreachable, what, refusal_hint(response.body));
    }
    Token token = decode_jwt(body["access_token"], request.client_id);
    if (token.expires_at_ms == 0 && body.contains("expires_in") && body["expires_in"].is_number()) {
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        token.expires_at_ms = now + body["expires_in"].get<int64_t>() * 1000;
    }
    return token;
}

}  // namespace orderctl::core::oauth
