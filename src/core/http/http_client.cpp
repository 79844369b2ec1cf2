#include "core/http/http_client.h"

#include <curl/curl.h>

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

}  // namespace

HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::string& json_body, std::chrono::milliseconds timeout) {
    init_curl_once();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw Error(ErrorKind::Failure, "cannot create an HTTP request");
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/json");
    if (!json_body.empty()) headers = curl_slist_append(headers, "Content-Type: application/json");
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_guard(headers, curl_slist_free_all);

    HttpResponse response;
    char error_text[CURL_ERROR_SIZE] = "";
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    if (!json_body.empty() || method == "PUT" || method == "POST") {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, json_body.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body.size()));
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
                    "check --connect-url and that the Kafka Connect worker is running "
                    "(GET /connector-plugins answers)");
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

}  // namespace orderctl::core
