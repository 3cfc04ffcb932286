#include "adapters/outgoing_http/curl_call.hpp"

#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <optional>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "adapters/outgoing_http/outgoing_address.hpp"

namespace samtal {
namespace {

namespace ip = boost::asio::ip;

std::string without_brackets(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    return std::string(host);
}

// The address libcurl is about to connect to, whatever name or redirect led there.
std::optional<ip::address> address_of(const curl_sockaddr& target) {
    if (target.family == AF_INET && target.addrlen >= sizeof(sockaddr_in)) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&target.addr);
        return ip::address_v4(ntohl(in->sin_addr.s_addr));
    }
    if (target.family == AF_INET6 && target.addrlen >= sizeof(sockaddr_in6)) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&target.addr);
        ip::address_v6::bytes_type bytes;
        std::copy(std::begin(in6->sin6_addr.s6_addr), std::end(in6->sin6_addr.s6_addr),
                  bytes.begin());
        return ip::address_v6(bytes, in6->sin6_scope_id);
    }
    return std::nullopt;
}

// Where an answer's body goes as it arrives, and how much of it may come.
struct answer_sink {
    std::string& body;
    std::size_t limit;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
    auto& sink = *static_cast<answer_sink*>(target);
    if (sink.body.size() + size * count > sink.limit) return 0;
    sink.body.append(data, size * count);
    return size * count;
}

}  // namespace

curl_call::curl_call(std::chrono::milliseconds timeout, bool verify_tls,
                     const outgoing_config& outgoing)
    : handle_(curl_easy_init(), &curl_easy_cleanup), outgoing_(outgoing) {
    auto* handle = handle_.get();
    if (!handle) return;
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(timeout.count()));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     long(std::min<long>(timeout.count(), 10000)));
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, verify_tls ? 1L : 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, verify_tls ? 2L : 0L);
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https,smtp,smtps");
    curl_easy_setopt(handle, CURLOPT_PROXY, "");
    curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, &curl_call::open_socket);
    curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, this);
}

void curl_call::trust(const std::filesystem::path& ca_file) {
    if (!ca_file.empty() && handle_)
        curl_easy_setopt(handle_.get(), CURLOPT_CAINFO, ca_file.c_str());
}

curl_socket_t curl_call::open_socket(void* self, curlsocktype, curl_sockaddr* target) {
    auto& call = *static_cast<curl_call*>(self);
    auto address = address_of(*target);
    if (!address) {
        call.refusal_ = "refused to connect: not an IP address";
        return CURL_SOCKET_BAD;
    }
    auto kind = classify_address(*address);
    if (kind != address_kind::public_internet && !call.host_allowed()) {
        // The address comes from DNS or config, never from a parent.
        call.refusal_ = "refused to connect to " + address->to_string() + ", " +
                        std::string(describe(kind)) +
                        " (allow the host by name under [outgoing] allow_private_hosts)";
        return CURL_SOCKET_BAD;
    }
    return ::socket(target->family, target->socktype, target->protocol);
}

// Whether the URL libcurl is connecting for (after any redirect) names an allowed host.
bool curl_call::host_allowed() const {
    if (outgoing_.allow_private_hosts.empty()) return false;
    char* url = nullptr;
    if (curl_easy_getinfo(handle_.get(), CURLINFO_EFFECTIVE_URL, &url) != CURLE_OK || !url)
        return false;
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
    char* host = nullptr;
    if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK)
        return false;
    auto name = without_brackets(host);
    curl_free(host);
    return std::any_of(outgoing_.allow_private_hosts.begin(), outgoing_.allow_private_hosts.end(),
                       [&](const std::string& allowed) {
                           auto bare = without_brackets(allowed);
                           return bare.size() == name.size() &&
                                  strncasecmp(bare.data(), name.data(), name.size()) == 0;
                       });
}

outside_call_result curl_call::failure(CURLcode code) const {
    if (!refusal_.empty()) return {delivery_status::failed_permanently, refusal_};
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_USE_SSL_FAILED:
        case CURLE_LOGIN_DENIED:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return {delivery_status::failed_permanently, curl_easy_strerror(code)};
        default:
            return {delivery_status::retry_later, curl_easy_strerror(code)};
    }
}

json_answer json_exchange(curl_call& transfer, const json_request& request) {
    json_answer answer;
    auto* curl = transfer.handle();
    if (!curl) {
        answer.outcome = {delivery_status::retry_later, "no curl handle"};
        return answer;
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        &curl_slist_free_all);
    auto add_header = [&](const std::string& line) {
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    add_header("Accept: application/json");
    if (!request.body.empty()) add_header("Content-Type: " + request.content_type);
    for (const auto& line : request.headers) add_header(line);
    if (const auto* bearer = std::get_if<bearer_credentials>(&request.credentials))
        add_header("Authorization: Bearer " + bearer->token);
    if (const auto* basic = std::get_if<basic_credentials>(&request.credentials)) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        curl_easy_setopt(curl, CURLOPT_USERNAME, basic->user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, basic->password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    // An empty body is still sent, so that a POST without one says "Content-Length: 0".
    if (request.method != "GET" && request.method != "DELETE") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    answer_sink sink{answer.body, request.answer_limit};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    auto code = transfer.perform();
    if (code != CURLE_OK) {
        answer.outcome = transfer.failure(code);
        return answer;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    auto status = http_outcome(answer.status);
    answer.outcome = {status, status == delivery_status::delivered
                                  ? ""
                                  : request.party + " answered " + std::to_string(answer.status)};
    return answer;
}

delivery_status http_outcome(long status) {
    if (status >= 200 && status < 300) return delivery_status::delivered;
    if (status == 408 || status == 425 || status == 429 || status >= 500)
        return delivery_status::retry_later;
    return delivery_status::failed_permanently;
}

std::string url_encoded(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

}  // namespace samtal
