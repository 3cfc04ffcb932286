#include "adapters/delivery/smtp/smtp_delivery.hpp"

#include <cstring>

#include "adapters/delivery/imip_message.hpp"
#include "adapters/outgoing_http/curl_call.hpp"

namespace samtal {
namespace {

struct upload {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* source = static_cast<upload*>(user);
    std::size_t n = std::min(size * count, source->data.size() - source->offset);
    std::memcpy(buffer, source->data.data() + source->offset, n);
    source->offset += n;
    return n;
}

// The server's URL; libcurl says the URL's path in EHLO, and without one the machine's host
// name, which is rarely a name the mail server knows.
std::string server_url(const smtp_settings& settings) {
    if (settings.ehlo_name.empty()) return settings.url;
    auto host = settings.url.find("://") + 3;
    return settings.url.substr(0, settings.url.find('/', host)) + "/" + settings.ehlo_name;
}

class smtp_delivery : public invitation_delivery {
public:
    smtp_delivery(smtp_settings settings, outgoing_config outgoing)
        : settings_(std::move(settings)), outgoing_(std::move(outgoing)) {}

    delivery_result deliver(const outgoing_invitation& invitation) override {
        curl_call call(settings_.timeout, settings_.verify_tls, outgoing_);
        call.trust(settings_.ca_file);
        auto* curl = call.handle();
        if (!curl) return {delivery_status::retry_later, "libcurl could not start", ""};
        auto message = imip_message(invitation);
        upload source{message, 0};
        auto from = "<" + invitation.organizer_email + ">";
        auto to = "<" + invitation.recipient_email + ">";
        std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
            curl_slist_append(nullptr, to.c_str()), &curl_slist_free_all);
        auto url = server_url(settings_);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        if (settings_.tls == "starttls")
            curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
        if (!settings_.username.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
        curl_easy_setopt(curl, CURLOPT_READDATA, &source);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        auto code = call.perform();
        long reply = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
        if (code == CURLE_OK) return {delivery_status::delivered, "", ""};
        // The server answered: 4xx is a "try later", 5xx a refusal.
        if (reply >= 400 && reply < 500)
            return {delivery_status::retry_later, "SMTP " + std::to_string(reply), ""};
        if (reply >= 500)
            return {delivery_status::failed_permanently, "SMTP " + std::to_string(reply), ""};
        return call.failure(code);
    }

private:
    smtp_settings settings_;
    outgoing_config outgoing_;
};

}  // namespace

invitation_delivery_ptr make_smtp_delivery(const smtp_settings& settings,
                                           const outgoing_config& outgoing) {
    return std::make_unique<smtp_delivery>(settings, outgoing);
}

}  // namespace samtal
