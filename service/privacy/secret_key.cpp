#include "service/privacy/secret_key.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace samtal {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

// A key file holds 64 hex digits (and perhaps a line end).
secret_key read_key_file(const std::filesystem::path& file) {
    secret_key key{};
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || !parse_hex_key(trimmed(text.str()), key))
        throw std::runtime_error(file.string() + ": expected 64 hex digits (32 random bytes)");
    return key;
}

}  // namespace

void random_bytes(unsigned char* out, std::size_t size) {
    if (RAND_bytes(out, int(size)) != 1)
        throw std::runtime_error("the system's random number generator failed");
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex += digits[data[i] >> 4];
        hex += digits[data[i] & 15];
    }
    return hex;
}

std::string random_hex(std::size_t size) {
    std::vector<unsigned char> random(size);
    random_bytes(random.data(), random.size());
    return to_hex(random.data(), random.size());
}

bool parse_hex_key(std::string_view text, secret_key& key) {
    if (text.size() != key.size() * 2) return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        int high = hex_value(text[2 * i]), low = hex_value(text[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        key[i] = static_cast<unsigned char>(high * 16 + low);
    }
    return true;
}

secret_key load_secret_key(const char* env_name, const std::filesystem::path& file,
                           bool create_missing) {
    secret_key key{};
    if (const char* value = std::getenv(env_name); value && *value) {
        if (!parse_hex_key(trimmed(value), key))
            throw std::runtime_error(std::string(env_name) +
                                     ": expected 64 hex digits (32 random bytes)");
        return key;
    }
    if (std::filesystem::exists(file)) return read_key_file(file);
    if (!create_missing)
        throw std::runtime_error(std::string("no key: set ") + env_name +
                                 " to 64 hex digits or create " + file.string());
    random_bytes(key.data(), key.size());
    std::filesystem::create_directories(file.parent_path());
    // O_EXCL: never overwrite a key that appeared meanwhile; 0600: only the service reads it.
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error(file.string() + ": cannot create the key file");
    auto hex = to_hex(key.data(), key.size()) + "\n";
    bool written = ::write(fd, hex.data(), hex.size()) == ssize_t(hex.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) throw std::runtime_error(file.string() + ": cannot write the key file");
    return key;
}

std::vector<secret_key> load_previous_keys(const char* env_name,
                                           const std::vector<std::filesystem::path>& files) {
    std::vector<secret_key> keys;
    if (const char* value = std::getenv(env_name); value) {
        std::string list = value;
        std::replace(list.begin(), list.end(), ',', ' ');
        std::istringstream words(list);
        std::string word;
        for (int position = 1; words >> word; ++position) {
            secret_key key{};
            if (!parse_hex_key(word, key))
                throw std::runtime_error(std::string(env_name) + ": key " +
                                         std::to_string(position) +
                                         " is not 64 hex digits (32 random bytes)");
            keys.push_back(key);
        }
    }
    for (const auto& file : files) {
        // A previous key is never created: a new one could not open anything.
        if (!std::filesystem::exists(file))
            throw std::runtime_error(file.string() + ": no such key file");
        keys.push_back(read_key_file(file));
    }
    return keys;
}

}  // namespace samtal
