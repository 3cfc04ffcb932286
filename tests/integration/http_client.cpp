#include "integration/http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace samtal::testing {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

http_answer http_request(unsigned short port, const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::map<std::string, std::string>& headers) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    if (!body.empty() || method == "POST") req.prepare_payload();
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    parser.skip(method == "HEAD");
    http::read(socket, buffer, parser);
    const auto& res = parser.get();
    http_answer answer;
    answer.status = res.result_int();
    for (const auto& field : res) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        answer.headers[name] = std::string(field.value());
    }
    answer.body = res.body();
    return answer;
}

std::string raw_exchange(unsigned short port, const std::string& bytes, int timeout_ms) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    net::write(socket, net::buffer(bytes), ec);
    std::string received;
    net::steady_timer timer(ioc, std::chrono::milliseconds(timeout_ms));
    timer.async_wait([&](boost::system::error_code) { socket.close(); });
    std::array<char, 4096> chunk;
    std::function<void()> read_more = [&] {
        socket.async_read_some(net::buffer(chunk),
                               [&](boost::system::error_code read_ec, std::size_t n) {
                                   received.append(chunk.data(), n);
                                   if (read_ec) {
                                       timer.cancel();
                                       return;
                                   }
                                   read_more();
                               });
    };
    read_more();
    ioc.run();
    return received;
}

}  // namespace samtal::testing
