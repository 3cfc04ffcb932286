#include "adapters/delivery/spool/spool_delivery.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "adapters/delivery/imip_message.hpp"

namespace samtal {
namespace {

class spool_delivery : public invitation_delivery {
public:
    explicit spool_delivery(std::filesystem::path folder) : folder_(std::move(folder)) {}

    delivery_result deliver(const outgoing_invitation& invitation) override {
        std::error_code ec;
        std::filesystem::create_directories(folder_, ec);
        if (ec) return {delivery_status::retry_later, "spool folder cannot be created", ""};
        // One file per UID, SEQUENCE and method: a repeated delivery rewrites the same file.
        auto uid = invitation.calendar_uid.substr(0, invitation.calendar_uid.find('@'));
        auto name = uid + "-" + std::to_string(invitation.sequence) + "-" +
                    std::string(method_name(invitation.method)) + "-" +
                    invitation.recipient_email.substr(0, invitation.recipient_email.find('@'));
        for (auto& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
        auto final_path = folder_ / (name + ".eml");
        auto temporary = folder_ / (name + ".tmp");
        auto message = imip_message(
            invitation, date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
        // Written whole and synced before it is renamed into place: a crash leaves no torn file.
        int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) return {delivery_status::retry_later, "spool file cannot be written", ""};
        bool written = ::write(fd, message.data(), message.size()) == ssize_t(message.size()) &&
                       ::fsync(fd) == 0;
        ::close(fd);
        if (!written) return {delivery_status::retry_later, "spool file cannot be written", ""};
        std::filesystem::rename(temporary, final_path, ec);
        if (ec) return {delivery_status::retry_later, "spool file cannot be renamed", ""};
        return {delivery_status::delivered, "", ""};
    }

private:
    std::filesystem::path folder_;
};

}  // namespace

invitation_delivery_ptr make_spool_delivery(const std::filesystem::path& folder) {
    return std::make_unique<spool_delivery>(folder);
}

}  // namespace samtal
