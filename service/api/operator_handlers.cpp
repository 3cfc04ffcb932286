// /healthz, /readyz, /metrics and the OpenAPI document.
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

    // Ready when the store takes a write and the outbox worker is alive; the check runs where
    // database work runs, so a stuck blocking pool shows as not ready too.
    routes.add(
        {http::verb::get, "/readyz", 0, [api](request&& req, respond_fn respond) {
             api->run_blocking(req, respond, [api, req] {
                 bool writable = api->store_writable();
                 bool delivering = api->outbox_worker_alive();
                 return json_response(
                     writable && delivering ? http::status::ok : http::status::service_unavailable,
                     boost::json::object{{"status", writable && delivering ? "ready" : "not ready"},
                                         {"store", writable ? "writable" : "not writable"},
                                         {"outbox_worker", delivering ? "alive" : "stopped"}},
                     req);
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

    routes.add({http::verb::get, "/api/v1/openapi.yaml", 0, [](request&& req, respond_fn respond) {
                    response res{http::status::ok, req.version()};
                    res.set(http::field::content_type, "application/yaml; charset=utf-8");
                    res.set(http::field::cache_control, "public, max-age=3600");
                    res.keep_alive(req.keep_alive());
                    res.body() = std::string(embedded_files().at("docs/openapi.yaml"));
                    res.prepare_payload();
                    respond(std::move(res));
                }});
}

}  // namespace samtal
