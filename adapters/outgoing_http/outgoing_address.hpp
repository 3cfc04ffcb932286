// Which addresses an outgoing call (CalDAV, SMTP, and every later adapter) may connect to.
// A URL in config or from a server's redirect must not turn samtal into a way into the
// unit's own network or the cloud's metadata service, so anything but the public internet is
// refused unless the operator names the host (config: [outgoing] allow_private_hosts).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string_view>

namespace samtal {

enum class address_kind {
    public_internet,
    unspecified,      // 0.0.0.0/8, ::
    loopback,         // 127.0.0.0/8, ::1
    private_network,  // RFC 1918, IPv6 unique local (fc00::/7) and site-local (fec0::/10)
    shared_cgnat,     // 100.64.0.0/10 (RFC 6598)
    link_local,       // 169.254.0.0/16, fe80::/10
    cloud_metadata,   // 169.254.169.254, fd00:ec2::254
    multicast,        // 224.0.0.0/4, ff00::/8
    reserved,  // documentation, benchmarking, protocol assignments, 240.0.0.0/4, not 2000::/3
};

// IPv4 embedded in IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is
// classified as the IPv4 address it reaches.
address_kind classify_address(const boost::asio::ip::address& address);

// "a loopback address" and so on, for delivery errors.
std::string_view describe(address_kind kind);

}  // namespace samtal
