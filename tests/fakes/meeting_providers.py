#!/usr/bin/env python3
"""A local stand-in for the Zoom and Microsoft Graph endpoints samtal calls to host meetings.

It follows the providers' documented request and response shapes closely enough that the real
client code runs against it: Zoom Server-to-Server OAuth (POST /oauth/token with Basic client
credentials, grant_type=account_credentials), Zoom meetings (POST /v2/users/{userId}/meetings,
PATCH and DELETE /v2/meetings/{meetingId}), the Microsoft identity platform's client-credentials
token (POST /{tenant}/oauth2/v2.0/token, form-encoded) and Graph online meetings
(POST, PATCH, DELETE /v1.0/users/{userId}/onlineMeetings[/{id}]).

Tests steer it over HTTP: GET /_log and POST /_fail as every fake here does (fake_server.py);
POST /_revoke makes every token issued so far invalid (the API then answers 401).

Usage: meeting_providers.py PORT CLIENT_ID CLIENT_SECRET TOKEN_SECONDS
"""
import base64
import json
import random
import sys
import time
import urllib.parse

import fake_server
from fake_server import lock

PORT, CLIENT_ID, CLIENT_SECRET, TOKEN_SECONDS = (
    int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]))

tokens = {}            # token -> expiry (monotonic seconds)
meetings = {}          # id -> meeting
counter = [0]


def next_number():
    counter[0] += 1
    return counter[0]


def is_utc_time(text):
    try:
        time.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
        return True
    except (TypeError, ValueError):
        return False


class ProvidersHandler(fake_server.Handler):
    def steer(self, path, command):
        if path != "/_revoke":
            return super().steer(path, command)
        with lock:
            tokens.clear()
        return self.answer(204)

    def failure(self, status):
        return status, {"code": status, "message": "injected failure"}, [("Retry-After", "1")]

    def serve(self, method, url, body):
        path, query = url.path, urllib.parse.parse_qs(url.query)
        if method == "POST" and path == "/oauth/token":
            return self.zoom_token(query)
        if method == "POST" and path.endswith("/oauth2/v2.0/token"):
            return self.graph_token(body)
        if not self.authorised():
            return self.answer(401, {"code": 124, "message": "Invalid access token."})
        parts = path.strip("/").split("/")
        if parts[:2] == ["v2", "users"] and len(parts) == 4 and parts[3] == "meetings":
            return self.zoom_create(method, body)
        if parts[:2] == ["v2", "meetings"] and len(parts) == 3:
            return self.change(method, parts[2], body, "zoom")
        if parts[:2] == ["v1.0", "users"] and len(parts) == 4 and parts[3] == "onlineMeetings":
            return self.graph_create(method, body)
        if parts[:2] == ["v1.0", "users"] and len(parts) == 5 and parts[3] == "onlineMeetings":
            return self.change(method, parts[4], body, "graph")
        return self.answer(404, {"message": "no such endpoint"})

    def issue_token(self, prefix):
        token = "%s-token-%d" % (prefix, next_number())
        with lock:
            tokens[token] = time.monotonic() + TOKEN_SECONDS
        return token

    def authorised(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return False
        with lock:
            expiry = tokens.get(auth[len("Bearer "):])
        return expiry is not None and time.monotonic() < expiry

    def zoom_token(self, query):
        expected = "Basic " + base64.b64encode(
            ("%s:%s" % (CLIENT_ID, CLIENT_SECRET)).encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.answer(401, {"reason": "Invalid client_id or client_secret",
                                     "error": "invalid_client"})
        if query.get("grant_type") != ["account_credentials"] or not query.get("account_id"):
            return self.answer(400, {"reason": "Unsupported grant type",
                                     "error": "unsupported_grant_type"})
        return self.answer(200, {"access_token": self.issue_token("zoom"), "token_type": "bearer",
                                 "expires_in": TOKEN_SECONDS, "scope": "meeting:write:admin"})

    def graph_token(self, body):
        form = urllib.parse.parse_qs(body)
        if (form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]):
            return self.answer(401, {"error": "invalid_client",
                                     "error_description": "AADSTS7000215: Invalid client secret."})
        if (form.get("grant_type") != ["client_credentials"] or
                form.get("scope") != ["https://graph.microsoft.com/.default"]):
            return self.answer(400, {"error": "invalid_request"})
        return self.answer(200, {"token_type": "Bearer", "expires_in": TOKEN_SECONDS,
                                 "ext_expires_in": TOKEN_SECONDS,
                                 "access_token": self.issue_token("graph")})

    def zoom_create(self, method, body):
        if method != "POST":
            return self.answer(405, {"message": "method not allowed"})
        request = json.loads(body)
        settings = request.get("settings", {})
        if (request.get("type") != 2 or not is_utc_time(request.get("start_time")) or
                not isinstance(request.get("duration"), int) or
                settings.get("waiting_room") is not True or not request.get("password")):
            return self.answer(400, {"code": 300, "message": "Invalid meeting request"})
        meeting_id = random.randint(81000000000, 89999999999)
        password = request["password"]
        with lock:
            meetings[str(meeting_id)] = request
        return self.answer(201, {
            "id": meeting_id, "uuid": "iHFH4gFcQXaXp0Xpz3bZRA==", "host_id": "KDcuGIm1QgePTO8WbOqwIQ",
            "topic": request.get("topic"), "type": 2, "start_time": request["start_time"],
            "duration": request["duration"], "timezone": "UTC", "password": password,
            "start_url": "https://us05web.zoom.us/s/%d?zak=eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSJ9.HOSTSECRET" % meeting_id,
            "join_url": "https://us05web.zoom.us/j/%d?pwd=%s.1" % (meeting_id, password),
            "settings": settings})

    def graph_create(self, method, body):
        if method != "POST":
            return self.answer(405, {"error": {"code": "MethodNotAllowed"}})
        request = json.loads(body)
        if not is_utc_time(request.get("startDateTime")) or not is_utc_time(request.get("endDateTime")):
            return self.answer(400, {"error": {"code": "BadRequest", "message": "Invalid times"}})
        meeting_id = "MSpkYzE3Njc0Yy04MWQ5LTRhZGItYmZi%d" % next_number()
        with lock:
            meetings[meeting_id] = request
        thread = "19%3ameeting_Y2RhMTc2NzQtODFk" + str(next_number()) + "%40thread.v2"
        return self.answer(201, {
            "id": meeting_id, "creationDateTime": request["startDateTime"],
            "startDateTime": request["startDateTime"], "endDateTime": request["endDateTime"],
            "subject": request.get("subject"),
            "joinWebUrl": "https://teams.microsoft.com/l/meetup-join/" + thread +
                          "/0?context=%7b%22Tid%22%3a%22909c6581%22%2c%22Oid%22%3a%22dc17674c%22%7d",
            "joinMeetingIdSettings": {"isPasscodeRequired": True, "joinMeetingId": "1234567890",
                                      "passcode": "A1b2C3"}})

    def change(self, method, meeting_id, body, provider):
        with lock:
            known = meeting_id in meetings
            if known and method == "DELETE":
                del meetings[meeting_id]
            if known and method == "PATCH":
                meetings[meeting_id].update(json.loads(body))
        if not known:
            return self.answer(404, {"code": 3001, "message": "Meeting does not exist"})
        if method == "DELETE":
            return self.answer(204)
        if method == "PATCH":
            return self.answer(204) if provider == "zoom" else self.answer(200, meetings[meeting_id])
        return self.answer(405, {"message": "method not allowed"})


fake_server.serve_forever(PORT, ProvidersHandler)
