// The meeting-link checks (service/core/validation, adapters/meetings) on arbitrary text, for
// every platform. The first byte picks the platform.
#include <cstdint>
#include <cstdlib>

#include "adapters/meetings/registry.hpp"
#include "service/core/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static constexpr std::string_view platforms[] = {"zoom", "teams", "skype", "facetime"};
    auto platform = platforms[data[0] % 4];
    std::string_view link(reinterpret_cast<const char*>(data + 1), size - 1);
    auto verdict = samtal::check_meeting_link(platform, link);
    // Exactly one of a link and a reason; an accepted link is https, within the length limit,
    // free of white space and control characters (it goes into invitations), and its normal
    // form is accepted again unchanged.
    if (verdict.link.has_value() == !verdict.refusal.empty()) std::abort();
    if (!verdict.link) return 0;
    const auto& normal = *verdict.link;
    if (!normal.starts_with("https://") || normal.size() > samtal::k_max_join_link_length)
        std::abort();
    for (unsigned char c : normal)
        if (c <= ' ' || c >= 127) std::abort();
    auto again = samtal::check_meeting_link(platform, normal);
    if (again.link != verdict.link || again.platform != verdict.platform) std::abort();
    return 0;
}
