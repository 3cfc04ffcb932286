#include "adapters/delivery/caldav/caldav_delivery.hpp"

#include <strings.h>

#include <cstring>
#include <optional>

#include "adapters/outgoing_http/curl_call.hpp"

namespace samtal {
namespace {

struct http_answer {
    std::optional<delivery_result> failure;  // no answer at all
    long status = 0;
    std::string etag;
};

std::size_t ignore_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

std::size_t read_etag(char* data, std::size_t size, std::size_t count, void* user) {
    std::string_view line(data, size * count);
    constexpr std::string_view name = "etag:";
    if (line.size() > name.size() && strncasecmp(line.data(), name.data(), name.size()) == 0) {
        auto value = line.substr(name.size());
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() &&
               (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
            value.remove_suffix(1);
        // Only a well-formed entity tag is kept; it goes back to the server in If-Match.
        if (value.size() < 200 && value.find_first_of("\r\n") == std::string_view::npos)
            *static_cast<std::string*>(user) = std::string(value);
    }
    return size * count;
}

// A calendar object resource carries no METHOD (RFC 4791, 4.1); the iTIP copy does.
std::string without_method(const std::string& ical) {
    auto at = ical.find("\r\nMETHOD:");
    if (at == std::string::npos) return ical;
    auto end = ical.find("\r\n", at + 2);
    return ical.substr(0, at) + ical.substr(end);
}

class caldav_delivery : public invitation_delivery {
public:
    caldav_delivery(caldav_settings settings, outgoing_config outgoing)
        : settings_(std::move(settings)), outgoing_(std::move(outgoing)) {}

    delivery_result deliver(const outgoing_invitation& invitation) override {
        auto collection = invitation.calendar_url;
        if (!collection.ends_with('/')) collection += '/';
        auto uid = invitation.calendar_uid.substr(0, invitation.calendar_uid.find('@'));
        auto resource = collection + uid + ".ics";

        if (invitation.method == itip_method::cancel) {
            auto answer = call("DELETE", resource, "", "");
            if (answer.failure) return *answer.failure;
            // Already gone is as good as deleted.
            if (answer.status == 404 || answer.status == 410)
                return {delivery_status::delivered, "", ""};
            return outcome(answer);
        }

        auto body = without_method(invitation.ical);
        auto answer = invitation.known_etag.empty()
                          ? call("PUT", resource, body, "If-None-Match: *")
                          : call("PUT", resource, body, "If-Match: " + invitation.known_etag);
        if (!answer.failure &&
            (answer.status == 412 || (answer.status == 404 && !invitation.known_etag.empty()))) {
            // Our copy exists already (an earlier attempt got through unconfirmed, or the
            // advisor's client changed it) or vanished: write the current state over what is
            // there now, still conditionally.
            auto current = call("HEAD", resource, "", "");
            if (current.failure) return *current.failure;
            answer = current.status == 404
                         ? call("PUT", resource, body, "If-None-Match: *")
                         : call("PUT", resource, body, "If-Match: " + current.etag);
        }
        if (answer.failure) return *answer.failure;
        return outcome(answer);
    }

private:
    static delivery_result outcome(const http_answer& answer) {
        auto status = http_outcome(answer.status);
        return {status,
                status == delivery_status::delivered ? "" : "HTTP " + std::to_string(answer.status),
                answer.etag};
    }

    http_answer call(const std::string& method, const std::string& url, const std::string& body,
                     const std::string& condition) {
        http_answer answer;
        curl_call transfer(settings_.timeout, settings_.verify_tls, outgoing_);
        transfer.trust(settings_.ca_file);
        auto* curl = transfer.handle();
        if (!curl)
            return {delivery_result{delivery_status::retry_later, "libcurl could not start", ""}, 0,
                    ""};
        std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                            &curl_slist_free_all);
        auto add = [&](const std::string& header) {
            headers.reset(curl_slist_append(headers.release(), header.c_str()));
        };
        if (!condition.empty()) add(condition);
        if (!settings_.bearer_token.empty()) add("Authorization: Bearer " + settings_.bearer_token);
        if (!settings_.username.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        if (method == "HEAD") {
            curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        } else {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        }
        if (method == "PUT") {
            add("Content-Type: text/calendar; charset=utf-8");
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, ignore_body);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_etag);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.etag);
        auto code = transfer.perform();
        if (code != CURLE_OK) answer.failure = transfer.failure(code);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
        return answer;
    }

    caldav_settings settings_;
    outgoing_config outgoing_;
};

}  // namespace

invitation_delivery_ptr make_caldav_delivery(const caldav_settings& settings,
                                             const outgoing_config& outgoing) {
    return std::make_unique<caldav_delivery>(settings, outgoing);
}

}  // namespace samtal
