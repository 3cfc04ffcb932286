// A body kept to answer many requests (the booking form, the free times, static files, the
// OpenAPI document): its text, and the same text compressed with gzip once, when it is kept,
// for the clients that accept gzip. No request pays for compression.
//
// A kept body may have one place where each answer puts a short text of its own (the booking
// form's token). The compressed form is then two deflate runs around that place, and each
// answer adds its text as a stored deflate block and the gzip trailer for the whole: a few
// bytes per answer, computed without compressing anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "service/http/router.hpp"

namespace samtal {

// Whether the request's Accept-Encoding takes gzip (by name or "*", with a q above 0).
bool accepts_gzip(const request& req);

class kept_body {
public:
    // Kept `text`; `own_at`, when given, is where each answer's own text goes.
    explicit kept_body(std::string text, std::size_t own_at = std::string::npos);

    const std::string& text() const { return *text_; }
    std::size_t compressed_size() const { return compressed_->size() + 8; }

    // `head` (status and fields) with this body and `own` at its place, compressed when `req`
    // accepts gzip; with Content-Length and Vary: Accept-Encoding either way.
    reply answer(const request& req, response head, std::string_view own = {}) const;

private:
    std::shared_ptr<const std::string> text_;
    std::size_t own_at_;
    // The gzip header and the deflated text before own_at_, flushed to a byte boundary, then
    // (from after_at_) the deflated rest, ending the deflate stream; the trailer is per answer.
    std::shared_ptr<const std::string> compressed_;
    std::size_t after_at_ = 0;
    std::uint32_t crc_before_ = 0;
    std::uint32_t crc_after_ = 0;
};

using kept_body_ptr = std::shared_ptr<const kept_body>;

}  // namespace samtal
