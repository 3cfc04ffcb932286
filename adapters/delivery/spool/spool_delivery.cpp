#include "adapters/delivery/spool/spool_delivery.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "adapters/delivery/imip_message.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_until = "until-";

// The keep_until at the start of a spool file's name ("until-1796208300-…"), if it has one.
std::optional<sys_seconds> kept_until(const std::string& name) {
    if (!name.starts_with(k_until)) return std::nullopt;
    std::int64_t seconds = 0;
    const char* first = name.data() + k_until.size();
    const char* last = name.data() + name.size();
    auto [end, error] = std::from_chars(first, last, seconds);
    if (error != std::errc{} || end == first || end == last || *end != '-') return std::nullopt;
    return sys_seconds{std::chrono::seconds{seconds}};
}

// Letters, digits and '-' only, so that a name part cannot reach outside the folder.
std::string file_name_part(std::string text) {
    for (auto& c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
    return text;
}

// "<uid> <recipient>" for a message file's name ("until-<time>-<uid>-<sequence>-<METHOD>-
// <recipient>.eml"), or nullopt for any other file.
std::optional<std::string> event_and_recipient(const std::string& name) {
    if (!kept_until(name) || !name.ends_with(".eml")) return std::nullopt;
    auto rest = name.substr(name.find('-', k_until.size()) + 1);
    rest.resize(rest.size() - 4);
    for (std::string_view method : {"-REQUEST-", "-CANCEL-"}) {
        auto at = rest.rfind(method);
        if (at == std::string::npos) continue;
        auto uid_and_sequence = rest.substr(0, at);
        auto uid = uid_and_sequence.substr(0, uid_and_sequence.rfind('-'));
        return uid + " " + rest.substr(at + method.size());
    }
    return std::nullopt;
}

class spool_delivery : public invitation_delivery {
public:
    explicit spool_delivery(std::filesystem::path folder) : folder_(std::move(folder)) {}

    delivery_result deliver(const outgoing_invitation& invitation) override {
        std::error_code ec;
        std::filesystem::create_directories(folder_, ec);
        if (ec) return {delivery_status::retry_later, "spool folder cannot be created", ""};
        // One file per UID, SEQUENCE, method and recipient: a repeated delivery rewrites the
        // same file. The name begins with when the file is to go (purge_spools).
        auto uid =
            file_name_part(invitation.calendar_uid.substr(0, invitation.calendar_uid.find('@')));
        auto recipient = file_name_part(
            invitation.recipient_email.substr(0, invitation.recipient_email.find('@')));
        auto name = std::string(k_until) +
                    std::to_string(invitation.keep_until.time_since_epoch().count()) + "-" + uid +
                    "-" + std::to_string(invitation.sequence) + "-" +
                    std::string(method_name(invitation.method)) + "-" + recipient;
        auto final_path = folder_ / (name + ".eml");
        auto temporary = folder_ / (name + ".tmp");
        auto message = imip_message(invitation);
        // Written whole and synced before it is renamed into place: a crash leaves no torn file.
        int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) return {delivery_status::retry_later, "spool file cannot be written", ""};
        bool written = ::write(fd, message.data(), message.size()) == ssize_t(message.size()) &&
                       ::fsync(fd) == 0;
        ::close(fd);
        if (!written) return {delivery_status::retry_later, "spool file cannot be written", ""};
        std::filesystem::rename(temporary, final_path, ec);
        if (ec) return {delivery_status::retry_later, "spool file cannot be renamed", ""};
        remove_earlier_copies(uid, recipient, final_path, invitation.method);
        return {delivery_status::delivered, "", ""};
    }

private:
    // The recipient's earlier messages about the same event: a move's or a cancellation's
    // message replaces them, and with them the contact data they carry, which the database
    // has replaced or destroyed already. Which files those are is kept in memory, read from
    // the folder once, so that a delivery does not read a folder of thousands of files.
    void remove_earlier_copies(const std::string& uid, const std::string& recipient,
                               const std::filesystem::path& latest, itip_method method) {
        std::lock_guard lock(mutex_);
        if (!indexed_) {
            std::error_code ec;
            for (const auto& entry : std::filesystem::directory_iterator(folder_, ec)) {
                auto key = event_and_recipient(entry.path().filename().string());
                if (key) copies_[*key].push_back(entry.path());
            }
            indexed_ = true;
        }
        auto key = uid + " " + recipient;
        std::error_code ec;
        for (const auto& file : copies_[key])
            if (file != latest) std::filesystem::remove(file, ec);
        // A cancellation is the last word on the event: nothing is left to replace.
        if (method == itip_method::cancel)
            copies_.erase(key);
        else
            copies_[key].assign({latest});
    }

    std::filesystem::path folder_;
    std::mutex mutex_;
    bool indexed_ = false;
    // The files in the folder by "<uid> <recipient>".
    std::map<std::string, std::vector<std::filesystem::path>> copies_;
};

}  // namespace

invitation_delivery_ptr make_spool_delivery(const std::filesystem::path& folder) {
    return std::make_unique<spool_delivery>(folder);
}

std::filesystem::path spool_folder(const std::filesystem::path& data_dir,
                                   const invitations_config& invitations) {
    return data_dir / invitations.spool_folder;
}

int purge_spools(const std::filesystem::path& data_dir, const std::vector<unit_config>& units,
                 sys_seconds now) {
    int removed = 0;
    std::set<std::filesystem::path> folders;
    for (const auto& unit : units) folders.insert(spool_folder(data_dir, unit.invitations));
    for (const auto& folder : folders) {
        std::error_code ec;
        std::vector<std::filesystem::path> expired;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            auto name = entry.path().filename().string();
            auto until = kept_until(name);
            if (until && *until < now && (name.ends_with(".eml") || name.ends_with(".tmp")))
                expired.push_back(entry.path());
        }
        for (const auto& file : expired)
            if (std::filesystem::remove(file, ec)) ++removed;
    }
    return removed;
}

}  // namespace samtal
