#include "adapters/outgoing_http/outgoing_address.hpp"

#include <array>
#include <cstdint>

namespace samtal {
namespace {

struct v4_range {
    std::uint32_t network;
    int prefix;
    address_kind kind;
};

constexpr std::uint32_t v4(int a, int b, int c, int d) {
    return std::uint32_t(a) << 24 | std::uint32_t(b) << 16 | std::uint32_t(c) << 8 |
           std::uint32_t(d);
}

// The IANA special-purpose registry, minus what is globally reachable; the narrowest range
// comes first where ranges nest.
constexpr std::array<v4_range, 17> k_v4_ranges{{
    {v4(169, 254, 169, 254), 32, address_kind::cloud_metadata},
    {v4(0, 0, 0, 0), 8, address_kind::unspecified},
    {v4(10, 0, 0, 0), 8, address_kind::private_network},
    {v4(100, 64, 0, 0), 10, address_kind::shared_cgnat},
    {v4(127, 0, 0, 0), 8, address_kind::loopback},
    {v4(169, 254, 0, 0), 16, address_kind::link_local},
    {v4(172, 16, 0, 0), 12, address_kind::private_network},
    {v4(192, 0, 0, 0), 24, address_kind::reserved},
    {v4(192, 0, 2, 0), 24, address_kind::reserved},
    {v4(192, 88, 99, 0), 24, address_kind::reserved},
    {v4(192, 168, 0, 0), 16, address_kind::private_network},
    {v4(198, 18, 0, 0), 15, address_kind::reserved},
    {v4(198, 51, 100, 0), 24, address_kind::reserved},
    {v4(203, 0, 113, 0), 24, address_kind::reserved},
    {v4(224, 0, 0, 0), 4, address_kind::multicast},
    {v4(240, 0, 0, 0), 4, address_kind::reserved},
    {v4(255, 255, 255, 255), 32, address_kind::reserved},
}};

address_kind classify_v4(std::uint32_t address) {
    for (const auto& range : k_v4_ranges) {
        auto mask = range.prefix == 0 ? 0u : ~std::uint32_t(0) << (32 - range.prefix);
        if ((address & mask) == range.network) return range.kind;
    }
    return address_kind::public_internet;
}

using v6_bytes = boost::asio::ip::address_v6::bytes_type;

bool starts_with(const v6_bytes& bytes, std::initializer_list<unsigned char> prefix) {
    std::size_t i = 0;
    for (auto byte : prefix)
        if (bytes[i++] != byte) return false;
    return true;
}

std::uint32_t v4_at(const v6_bytes& bytes, std::size_t offset) {
    return std::uint32_t(bytes[offset]) << 24 | std::uint32_t(bytes[offset + 1]) << 16 |
           std::uint32_t(bytes[offset + 2]) << 8 | std::uint32_t(bytes[offset + 3]);
}

address_kind classify_v6(const boost::asio::ip::address_v6& address) {
    auto bytes = address.to_bytes();
    if (address.is_unspecified()) return address_kind::unspecified;
    if (address.is_loopback()) return address_kind::loopback;
    if (address.is_v4_mapped()) return classify_v4(v4_at(bytes, 12));
    // NAT64 (RFC 6052) translates to the IPv4 address in the last four bytes.
    if (starts_with(bytes, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}))
        return classify_v4(v4_at(bytes, 12));
    // 6to4 (RFC 3056) tunnels to the IPv4 address in bytes 2 to 5.
    if (starts_with(bytes, {0x20, 0x02})) return classify_v4(v4_at(bytes, 2));
    if (address == boost::asio::ip::make_address_v6("fd00:ec2::254"))
        return address_kind::cloud_metadata;
    if ((bytes[0] & 0xfe) == 0xfc) return address_kind::private_network;  // fc00::/7
    if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80)
        return address_kind::link_local;  // fe80::/10
    if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0)
        return address_kind::private_network;  // fec0::/10, the deprecated site-local
    if (bytes[0] == 0xff) return address_kind::multicast;
    // Documentation (2001:db8::/32) and Teredo (2001::/32), whose far end nobody can check.
    if (starts_with(bytes, {0x20, 0x01, 0x0d, 0xb8}) || starts_with(bytes, {0x20, 0x01, 0, 0}))
        return address_kind::reserved;
    // Everything else outside global unicast (2000::/3): IPv4-compatible, discard-only, unassigned.
    if ((bytes[0] & 0xe0) != 0x20) return address_kind::reserved;
    return address_kind::public_internet;
}

}  // namespace

address_kind classify_address(const boost::asio::ip::address& address) {
    if (address.is_v4()) return classify_v4(address.to_v4().to_uint());
    return classify_v6(address.to_v6());
}

std::string_view describe(address_kind kind) {
    switch (kind) {
        case address_kind::public_internet:
            return "a public address";
        case address_kind::unspecified:
            return "an unspecified address";
        case address_kind::loopback:
            return "a loopback address";
        case address_kind::private_network:
            return "a private network address";
        case address_kind::shared_cgnat:
            return "a carrier-grade NAT address";
        case address_kind::link_local:
            return "a link-local address";
        case address_kind::cloud_metadata:
            return "the cloud metadata address";
        case address_kind::multicast:
            return "a multicast address";
        case address_kind::reserved:
            return "a reserved address";
    }
    return "an unknown kind of address";
}

}  // namespace samtal
