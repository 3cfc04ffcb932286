"""What every local fake of an outside API (the other files in this folder) does besides the API
itself: it keeps a log of the API requests it receives and makes the next ones fail when a test
says so. Tests steer it over HTTP on the fake's own port:

  GET  /_log    every API request seen, oldest first: the time it arrived (Unix seconds),
                method, path, query, authorization, content_type, body, and what the fake adds
                (Handler.more_to_log)
  POST /_fail   {"path_contains": "...", "status": 503, "times": 2} makes the next `times` API
                requests whose path contains `path_contains` fail with `status` (only those
                calling "to", when it is given and the fake's requests call a number)

Other paths that start with /_ are the fake's own steering (Handler.steer); everything else is
its API (Handler.serve).
"""
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()  # guards these and each fake's own state
log = []
failures = []  # [{"path_contains", "status", "times", "to"?}]


def take_failure(path, to=""):
    """The status the next request to `path` (calling `to`) gets by /_fail, or None."""
    with lock:
        for failure in failures:
            if (failure["times"] > 0 and failure["path_contains"] in path and
                    failure.get("to", to) == to):
                failure["times"] -= 1
                return failure["status"]
    return None


class Handler(BaseHTTPRequestHandler):
    """A fake's HTTP handler: subclasses answer the API in `serve`, their own steering paths in
    `steer`, and say in `failure` how their API answers an error."""
    protocol_version = "HTTP/1.1"
    content_type = "application/json"

    def log_message(self, *args):
        pass

    def answer(self, status, body=None, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def handle_any(self, method):
        url = urllib.parse.urlsplit(self.path)
        body = self.read_body()
        if url.path == "/_log":
            with lock:
                seen = list(log)
            return self.answer(200, seen)
        if url.path == "/_fail":
            with lock:
                failures.append(json.loads(body))
            return self.answer(204)
        if url.path.startswith("/_"):
            return self.steer(url.path, json.loads(body) if body else {})
        request = {"time": time.time(), "method": method, "path": url.path, "query": url.query,
                   "authorization": self.headers.get("Authorization", ""),
                   "content_type": self.headers.get("Content-Type", ""), "body": body}
        request.update(self.more_to_log(body))
        with lock:
            log.append(request)
        if not self.injected_failure(request):
            self.serve(method, url, body)

    def more_to_log(self, body):
        """Fields a fake adds to each request in the log."""
        return {}

    def injected_failure(self, request, to=""):
        """Answers as told by /_fail; False when nothing was injected."""
        status = take_failure(request["path"], to)
        if status is None:
            return False
        self.answer(*self.failure(status))
        return True

    def failure(self, status):
        """The (status, body, headers) of an injected failure."""
        raise NotImplementedError

    def steer(self, path, command):
        """Answers the fake's own steering path with its JSON `command`."""
        self.answer(404, {"error": "no such steering path"})

    def serve(self, method, url, body):
        raise NotImplementedError


def serve_forever(port, handler):
    ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
