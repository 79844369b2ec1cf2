#include "core/http/http_client.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "core/error.h"

namespace orderctl::core {
namespace {

size_t append_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// curl_global_init is not thread-safe; do it once, before the first request.
void init_curl_once() {
    static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == 0; }();
    if (!initialized) throw Error(ErrorKind::Failure, "cannot initialize libcurl");
}

HttpResponse perform(const std::string& method, const std::string& url, const std::string& body,
                     const std::string& content_type, std::chrono::milliseconds timeout,
                     const std::string& unreachable_hint) {
    init_curl_once();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw Error(ErrorKind::Failure, "cannot create an HTTP request");
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/json");
    const std::string content_header = "Content-Type: " + content_type;
    if (!body.empty()) headers = curl_slist_append(headers, content_header.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_guard(headers, curl_slist_free_all);

    HttpResponse response;
    char error_text[CURL_ERROR_SIZE] = "";
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    if (!body.empty() || method == "PUT" || method == "POST") {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK)
        throw Error(ErrorKind::Unreachable,
                    "cannot " + method + " " + url + ": " +
                        (error_text[0] ? error_text : curl_easy_strerror(code)),
                    unreachable_hint);
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

}  // namespace

HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::string& json_body, std::chrono::milliseconds timeout) {
    return perform(method, url, json_body, "application/json", timeout,
                   "check --connect-url and that the Kafka Connect worker is running "
                   "(GET /connector-plugins answers)");
}

HttpResponse http_post_form(const std::string& url, const std::string& form_body,
                            std::chrono::milliseconds timeout,
                            const std::string& unreachable_hint) {
    return perform("POST", url, form_body, "application/x-www-form-urlencoded", timeout,
                   unreachable_hint);
}

std::string form_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace orderctl::core
