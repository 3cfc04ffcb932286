// The language a request asks for, which both the pages and the API's problems are worded in.
#pragma once

#include <string>

#include "service/http/router.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {

// ?lang=, then Accept-Language, then the default language.
std::string request_language(const message_catalog& messages, const request& req);

}  // namespace samtal
