// /healthz, /readyz, /metrics and the OpenAPI document.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/embedded_files.hpp"

namespace samtal {

void add_operator_routes(operator_services services, router& routes) {
    auto api = std::make_shared<const operator_services>(std::move(services));
    routes.add(
        {http::verb::get, "/healthz", 0, [](request&& req, respond_fn respond) {
             respond(json_response(http::status::ok, boost::json::object{{"status", "up"}}, req));
         }});

    // Ready when the store commits a write, the outbox worker is alive, and the seal keys open
    // every contact still kept. Each is asked anew every time, so readiness returns by itself
    // once the cause is gone. The check runs where database work runs, so a stuck blocking
    // pool shows as not ready too.
    routes.add({http::verb::get, "/readyz", 0, [api](request&& req, respond_fn respond) {
                    api->run_blocking(req, respond, [api, req] {
                        bool writable = api->store_writable();
                        bool delivering = api->outbox_worker_alive();
                        // The keys are checked against the store's contacts: not while the
                        // store cannot be reached (a PostgreSQL restarting).
                        auto missing =
                            writable ? api->missing_seal_keys() : std::vector<std::string>{};
                        bool ready = writable && delivering && missing.empty();
                        boost::json::object answer{
                            {"status", ready ? "ready" : "not ready"},
                            {"store", writable ? "writable" : "not writable"},
                            {"outbox_worker", delivering ? "alive" : "stopped"},
                            {"seal_keys", missing.empty() ? "complete" : "missing"}};
                        // Key ids (the start of the key's SHA-256), never keys.
                        if (!missing.empty())
                            answer["missing_seal_keys"] =
                                boost::json::array(missing.begin(), missing.end());
                        return json_response(
                            ready ? http::status::ok : http::status::service_unavailable,
                            std::move(answer), req);
                    });
                }});

    routes.add({http::verb::get, "/metrics", 0, [api](request&& req, respond_fn respond) {
                    response res{http::status::ok, req.version()};
                    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
                    res.keep_alive(req.keep_alive());
                    res.body() = api->stats.render();
                    res.prepare_payload();
                    respond(std::move(res));
                }});

    // About 100 kB of YAML, compressed once for the clients that take gzip.
    auto document =
        std::make_shared<const kept_body>(std::string(embedded_files().at("docs/openapi.yaml")));
    routes.add(
        {http::verb::get, "/api/v1/openapi.yaml", 0, [document](request&& req, respond_fn respond) {
             response res{http::status::ok, req.version()};
             res.set(http::field::content_type, "application/yaml; charset=utf-8");
             res.set(http::field::cache_control, "public, max-age=3600");
             res.keep_alive(req.keep_alive());
             respond(document->answer(req, std::move(res)));
         }});
}

}  // namespace samtal
