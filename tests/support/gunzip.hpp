// Decompresses a gzip body as a browser does, checking its CRC and length trailer; nullopt
// when it is not whole, valid gzip.
#pragma once

#include <zlib.h>

#include <optional>
#include <string>
#include <string_view>

namespace samtal::testing {

inline std::optional<std::string> gunzip(std::string_view compressed) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + 15) != Z_OK) return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    std::string out;
    int result = Z_OK;
    while (result == Z_OK) {
        char chunk[16384];
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - stream.avail_out);
        if (result == Z_BUF_ERROR && stream.avail_in == 0) break;
    }
    bool whole = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!whole) return std::nullopt;
    return out;
}

}  // namespace samtal::testing
