#!/usr/bin/env python3
"""A local interpreter agency that follows the API samtal's http agency adapter speaks
(docs/interpreter-agency-api.md): POST /api/requests, PUT/DELETE/GET /api/requests/{id}, each with
"Authorization: Bearer <api key>", and answers by calling samtal's callback with
Samtal-Timestamp and Samtal-Signature (HMAC-SHA256 over "<timestamp>.<body>").

Tests steer it over HTTP: GET /_log (each request with its idempotency_key as well) and POST
/_fail as every fake here does (fake_server.py), and
  POST /_target {"url": ...}      where samtal's callback is (known once samtal has its port)
  POST /_mode {"mode": ...}       what the agency does with each new or changed request:
                                  "silent" (the default: no answer), "confirm_phone",
                                  "confirm_video", "decline" (answered by callback at once)
  POST /_answer {"reference", "status", "joins_by"?}   sets a request's status without a
                                  callback, for samtal to find by polling
  POST /_callback {"body", "timestamp"?, "secret"?, "signature"?}   sends samtal a callback now,
                                  signed right unless told otherwise; returns samtal's status

Usage: interpreter_agency.py PORT API_KEY CALLBACK_SECRET
"""
import hashlib
import hmac
import json
import sys
import threading
import time
import urllib.error
import urllib.request

import fake_server
from fake_server import lock

PORT, API_KEY, SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3]

requests = {}     # agency id -> {"request": body, "status", "interpreter"}
mode = ["silent"]
callback_url = [""]
counter = [0]
created_by_key = {}   # Idempotency-Key -> agency id

REQUIRED = {"reference", "sequence", "unit", "language", "competence", "modes", "start", "end",
            "answer_by"}
ALLOWED = REQUIRED | {"dialect", "gender", "join"}


def sign(secret, timestamp, body):
    return "v1=" + hmac.new(secret.encode(), ("%s.%s" % (timestamp, body)).encode(),
                            hashlib.sha256).hexdigest()


def call_back(body, timestamp=None, secret=None, signature=None):
    timestamp = str(int(time.time())) if timestamp is None else str(timestamp)
    signature = signature or sign(secret or SECRET, timestamp, body)
    req = urllib.request.Request(callback_url[0], data=body.encode(), method="POST", headers={
        "Content-Type": "application/json", "Samtal-Timestamp": timestamp,
        "Samtal-Signature": signature})
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def answer_of(reference, status, joins):
    counter[0] += 1
    body = {"event_id": "event-%d" % counter[0], "reference": reference, "status": status}
    if status == "confirmed":
        body["interpreter"] = {"reference": "T-%d" % counter[0], "joins_by": joins}
        if joins == "phone":
            body["interpreter"]["phone"] = "+46701234599"
    return body


def answer_later(entry):
    """Answers a request the way the agency is set to, by callback."""
    if mode[0] == "silent":
        return
    status = "declined" if mode[0] == "decline" else "confirmed"
    body = answer_of(entry["request"]["reference"], status,
                     "video" if mode[0] == "confirm_video" else "phone")
    entry["status"] = status
    entry["interpreter"] = body.get("interpreter")
    # After the API call has been answered, like a real agency's worker.
    threading.Timer(0.2, call_back, [json.dumps(body)]).start()


class AgencyHandler(fake_server.Handler):
    def steer(self, path, command):
        if path == "/_target":
            callback_url[0] = command["url"]
            return self.answer(204)
        if path == "/_mode":
            mode[0] = command["mode"]
            return self.answer(204)
        if path == "/_callback":
            return self.answer(200, {"status": call_back(
                command["body"], command.get("timestamp"), command.get("secret"),
                command.get("signature"))})
        if path == "/_answer":
            with lock:
                for entry in requests.values():
                    if entry["request"]["reference"] == command["reference"]:
                        entry["status"] = command["status"]
                        entry["interpreter"] = answer_of(
                            command["reference"], command["status"],
                            command.get("joins_by", "phone")).get("interpreter")
            return self.answer(204)
        return super().steer(path, command)

    def more_to_log(self, body):
        return {"idempotency_key": self.headers.get("Idempotency-Key", "")}

    def failure(self, status):
        return status, {"error": "injected failure"}, ()

    def serve(self, method, url, body):
        path = url.path
        if self.headers.get("Authorization") != "Bearer " + API_KEY:
            return self.answer(401, {"error": "unauthorized"})
        parts = path.strip("/").split("/")
        if parts[:2] != ["api", "requests"]:
            return self.answer(404, {"error": "no such endpoint"})
        if method == "POST" and len(parts) == 2:
            return self.create(body, self.headers.get("Idempotency-Key", ""))
        if len(parts) != 3:
            return self.answer(404, {"error": "no such endpoint"})
        with lock:
            entry = requests.get(parts[2])
        if entry is None:
            return self.answer(404, {"error": "no such request"})
        if method == "GET":
            out = {"id": parts[2], "reference": entry["request"]["reference"],
                   "status": entry["status"]}
            if entry.get("interpreter"):
                out["interpreter"] = entry["interpreter"]
            return self.answer(200, out)
        if method == "DELETE":
            with lock:
                requests.pop(parts[2], None)
            return self.answer(204)
        if method == "PUT":
            request = self.valid(body)
            if request is None:
                return self.answer(400, {"error": "invalid request"})
            with lock:
                moved = (request["start"], request["end"]) != (entry["request"]["start"],
                                                              entry["request"]["end"])
                entry["request"] = request
                if moved:
                    entry["status"] = "requested"
                    entry["interpreter"] = None
            if moved:
                answer_later(entry)
            return self.answer(200, {"id": parts[2], "status": entry["status"]})
        return self.answer(405, {"error": "method not allowed"})

    def valid(self, body):
        try:
            request = json.loads(body)
        except ValueError:
            return None
        if (not isinstance(request, dict) or not REQUIRED <= set(request) or
                not set(request) <= ALLOWED):
            return None
        return request

    def create(self, body, key):
        request = self.valid(body)
        if request is None:
            return self.answer(400, {"error": "invalid request"})
        with lock:
            if key in created_by_key:
                agency_id = created_by_key[key]
                return self.answer(201, {"id": agency_id, "status": requests[agency_id]["status"]})
            counter[0] += 1
            agency_id = "agency-%d" % counter[0]
            entry = {"request": request, "status": "requested", "interpreter": None}
            requests[agency_id] = entry
            if key:
                created_by_key[key] = agency_id
        answer_later(entry)
        return self.answer(201, {"id": agency_id, "status": "requested"})


fake_server.serve_forever(PORT, AgencyHandler)
