#include "service/edge/request_language.hpp"

#include "service/http/request_fields.hpp"

namespace samtal {

std::string request_language(const message_catalog& messages, const request& req) {
    return messages.negotiate(query_parameter(req.target(), "lang"),
                              req[http::field::accept_language]);
}

}  // namespace samtal
