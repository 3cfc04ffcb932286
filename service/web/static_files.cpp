#include "service/web/static_files.hpp"

#include <string>
#include <utility>

#include "service/embedded_files.hpp"
#include "service/http/kept_body.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_static_prefix = "service/web/static/";

// The Content-Type for a file by its suffix.
std::string_view content_type_of(std::string_view path) {
    constexpr std::pair<std::string_view, std::string_view> k_types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [suffix, type] : k_types)
        if (path.ends_with(suffix)) return type;
    return "application/octet-stream";
}

// A file compiled into the binary, cacheable for a day; text is compressed once, here, for
// the clients that take gzip (images and fonts are compressed already).
handler_fn file_handler(std::string_view path, std::string_view content) {
    auto type = content_type_of(path);
    bool text = type.starts_with("text/") || type == "image/svg+xml" || type == "image/x-icon";
    auto kept = text ? std::make_shared<const kept_body>(std::string(content)) : nullptr;
    return [type, content, kept](request&& req, respond_fn respond) {
        response res{http::status::ok, req.version()};
        res.set(http::field::content_type, type);
        res.set(http::field::cache_control, "public, max-age=86400");
        res.keep_alive(req.keep_alive());
        if (kept) return respond(kept->answer(req, std::move(res)));
        res.body() = std::string(content);
        res.prepare_payload();
        respond(std::move(res));
    };
}

}  // namespace

void add_static_files(router& routes) {
    for (const auto& [path, content] : embedded_files()) {
        if (!path.starts_with(k_static_prefix)) continue;
        routes.add({http::verb::get, "/static/" + std::string(path.substr(k_static_prefix.size())),
                    0, file_handler(path, content)});
    }
    constexpr std::string_view icon = "service/web/static/favicon.ico";
    routes.add({http::verb::get, "/favicon.ico", 0, file_handler(icon, embedded_files().at(icon))});
}

}  // namespace samtal
