#!/usr/bin/env python3
"""A local stand-in for Twilio's Conference Participants and Conference APIs, which samtal
calls to set up three-way phone calls, and its Messages API, which sends the parents' text
reminders.

It follows Twilio's documented request and answer shapes closely enough that the real client
runs against it, with HTTP Basic authentication by the account SID and auth token:
POST /2010-04-01/Accounts/{AccountSid}/Conferences/{FriendlyName}/Participants.json,
form-encoded, answers 201 with the participant as JSON (call_sid "CA" + 32 hex digits,
conference_sid "CF" + 32 hex digits, the label, status "queued", ...);
GET /2010-04-01/Accounts/{AccountSid}/Conferences.json?FriendlyName=...&Status=... answers a
page of conferences ({"conferences": [...], "page", "page_size", "uri", ...}), and
GET .../Conferences/{ConferenceSid}/Participants.json a page of its participants. A conference
is "init" until a participant who starts it (StartConferenceOnEnter, true by default)
answers, which every number does at once unless told otherwise; then "in-progress". Errors are
{"code", "message", "more_info", "status"} with Twilio's error codes (20003 Authenticate,
20404 not found, 21211 invalid To number, 21212 invalid From number, 21210 From not a number
of the account, 20429 too many requests).

POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded with To, From (a number of
the account) or MessagingServiceSid ("MG" + 32 hex digits), and Body (at most 1600
characters), answers 201 with the message resource (sid "SM" + 32 hex digits, status
"queued", num_segments, ...). Refusals as Twilio's: 21211 invalid To, 21602 no Body, 21603 no
From, 21606 a From that is not the account's, 21617 a Body over 1600 characters, 21701 an
unknown messaging service. Each request is in the log with its form, as every request is;
GET /_messages answers the messages taken (the resources answered with 201), oldest first.

Tests steer it over HTTP: GET /_log and POST /_fail as every fake here does (fake_server.py),
each logged request with its form fields as well, and the failures told by /_fail only for the
calls to "to" when it is given, with Twilio's error codes; POST /_silence with
{"times": 1} makes the next requests wait past any client's timeout; POST /_unanswered with
{"to": "+46..."} makes calls to that number ring without ever being answered; POST /_late with
{"to": "+46...", "times": 1} makes the next calls to that number go through but their answers
come after any client's timeout.

Usage: twilio.py PORT ACCOUNT_SID AUTH_TOKEN FROM_NUMBER
"""
import base64
import re
import secrets
import sys
import time
import urllib.parse

import fake_server
from fake_server import lock

PORT, ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Conferences/([^/]+)/Participants\.json$")
MESSAGES = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages\.json$")
MESSAGING_SERVICE = re.compile(r"^MG[0-9a-fA-F]{32}$")
PARTICIPANTS = re.compile(r"^/2010-04-01/Accounts/" + re.escape(ACCOUNT_SID) +
                          r"/Conferences/(CF[0-9a-f]{32})/Participants\.json$")
BOOLEAN = ("true", "false")

silences = [0]      # how many of the next requests get no answer in time
conferences = {}    # friendly name -> {"sid", "status", "date_created"}
unanswered = set()  # numbers whose calls are never answered
late = {}           # number -> how many of its next calls are answered too late
messages = []       # the message resources taken, oldest first


def error(status, code, message):
    return status, {"code": code, "message": message,
                    "more_info": "https://www.twilio.com/docs/errors/%d" % code, "status": status}


def rfc2822_now():
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())


class TwilioHandler(fake_server.Handler):
    content_type = "application/json; charset=utf-8"

    def list_participants(self, conference_sid):
        with lock:
            found = [participant for conference in conferences.values()
                     if conference["sid"] == conference_sid
                     for participant in conference["participants"]]
        uri = "/2010-04-01/Accounts/%s/Conferences/%s/Participants.json" % (ACCOUNT_SID, conference_sid)
        return self.answer(200, {"participants": found, "end": max(len(found) - 1, 0),
                                 "first_page_uri": uri, "next_page_uri": None, "page": 0,
                                 "page_size": 50, "previous_page_uri": None, "start": 0,
                                 "uri": uri})

    def authorised(self):
        expected = "Basic " + base64.b64encode(
            ("%s:%s" % (ACCOUNT_SID, AUTH_TOKEN)).encode()).decode()
        return self.headers.get("Authorization") == expected

    def serve(self, method, url, body):
        if method == "POST" and MESSAGES.match(url.path):
            return self.add_message(url.path, urllib.parse.parse_qs(body, keep_blank_values=True))
        if method == "POST":
            return self.add_participant(url.path, urllib.parse.parse_qs(body, keep_blank_values=True))
        if method != "GET":
            return self.answer(*error(405, 20004, "Method not allowed"))
        if not self.authorised():
            return self.answer(*error(401, 20003, "Authenticate"))
        listed = PARTICIPANTS.match(url.path)
        if listed:
            return self.list_participants(listed.group(1))
        if url.path != "/2010-04-01/Accounts/%s/Conferences.json" % ACCOUNT_SID:
            return self.answer(*error(404, 20404, "The requested resource %s was not found" % url.path))
        query = urllib.parse.parse_qs(url.query)
        wanted_name = query.get("FriendlyName", [None])[-1]
        wanted_status = query.get("Status", [None])[-1]
        with lock:
            found = [{"account_sid": ACCOUNT_SID, "api_version": "2010-04-01",
                      "date_created": conference["date_created"],
                      "date_updated": conference["date_created"], "friendly_name": name,
                      "reason_conference_ended": None, "region": "us1",
                      "sid": conference["sid"], "status": conference["status"],
                      "uri": "/2010-04-01/Accounts/%s/Conferences/%s.json" % (ACCOUNT_SID, conference["sid"])}
                     for name, conference in conferences.items()
                     if wanted_name in (None, name) and wanted_status in (None, conference["status"])]
        uri = "/2010-04-01/Accounts/%s/Conferences.json?%s" % (ACCOUNT_SID, url.query)
        return self.answer(200, {"conferences": found, "end": max(len(found) - 1, 0),
                                 "first_page_uri": uri, "next_page_uri": None, "page": 0,
                                 "page_size": 50, "previous_page_uri": None, "start": 0,
                                 "uri": uri})

    def steer(self, path, command):
        with lock:
            if path == "/_late":
                late[command["to"]] = late.get(command["to"], 0) + command["times"]
            elif path == "/_unanswered":
                unanswered.add(command["to"])
            elif path == "/_silence":
                silences[0] += command["times"]
            elif path == "/_messages":
                return self.answer(200, list(messages))
            else:
                return super().steer(path, command)
        return self.answer(204)

    def more_to_log(self, body):
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        return {"form": {name: values[-1] for name, values in form.items()}}

    def injected_failure(self, request, to=""):
        """Answers as told by /_silence, then as told by /_fail (fake_server.py)."""
        with lock:
            silent = silences[0] > 0
            if silent:
                silences[0] -= 1
        if silent:
            time.sleep(5)
            self.answer(*self.failure(503))
            return True
        return super().injected_failure(request, request["form"].get("To", ""))

    def failure(self, status):
        code, message = {400: (21220, "Invalid parameter"), 401: (20003, "Authenticate"),
                         404: (20404, "The requested resource was not found"),
                         429: (20429, "Too Many Requests")}.get(
                             status, (20500, "Internal Server Error"))
        return *error(status, code, message), ()

    def add_message(self, path, form):
        if not self.authorised():
            return self.answer(*error(401, 20003, "Authenticate"))
        if urllib.parse.unquote(MESSAGES.match(path).group(1)) != ACCOUNT_SID:
            return self.answer(*error(404, 20404, "The requested resource %s was not found" % path))
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return self.answer(*error(400, 20001, "Missing or invalid Content-Type"))
        field = lambda key: form.get(key, [""])[-1]
        if not E164.match(field("To")):
            return self.answer(*error(400, 21211, "Invalid 'To' Phone Number: %s" % field("To")))
        service = field("MessagingServiceSid")
        if not field("From") and not service:
            return self.answer(*error(400, 21603, "The 'From' phone number is required."))
        if service and not MESSAGING_SERVICE.match(service):
            return self.answer(*error(400, 21701, "The Messaging Service Sid %s is invalid." % service))
        if field("From") and field("From") != FROM_NUMBER:
            return self.answer(*error(400, 21606, "The 'From' phone number provided (%s) is not a "
                                      "valid message-capable Twilio phone number for this "
                                      "destination/account" % field("From")))
        if not field("Body"):
            return self.answer(*error(400, 21602, "Message body is required."))
        if len(field("Body")) > 1600:
            return self.answer(*error(400, 21617, "The concatenated message body exceeds the 1600 "
                                      "character limit."))
        sid = "SM" + secrets.token_hex(16)
        now = rfc2822_now()
        answer_late = False
        with lock:
            answer_late = late.get(field("To"), 0) > 0
            if answer_late:
                late[field("To")] -= 1
        # A GSM-7 segment holds 153 characters of a long message, a UCS-2 one 67.
        per_segment = 153 if all(ord(c) < 128 for c in field("Body")) else 67
        segments = 1 if len(field("Body")) <= per_segment + 7 else -(-len(field("Body")) // per_segment)
        message = {
            "account_sid": ACCOUNT_SID, "api_version": "2010-04-01", "body": field("Body"),
            "date_created": now, "date_sent": None, "date_updated": now,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": field("From") or None, "messaging_service_sid": service or None,
            "num_media": "0", "num_segments": str(segments), "price": None, "price_unit": None,
            "sid": sid, "status": "accepted" if service else "queued",
            "subresource_uris": {"media": "/2010-04-01/Accounts/%s/Messages/%s/Media.json" % (
                ACCOUNT_SID, sid)},
            "to": field("To"),
            "uri": "/2010-04-01/Accounts/%s/Messages/%s.json" % (ACCOUNT_SID, sid)}
        with lock:
            messages.append(message)
        if answer_late:
            time.sleep(5)
        return self.answer(201, message)

    def add_participant(self, path, form):
        if not self.authorised():
            return self.answer(*error(401, 20003, "Authenticate"))
        match = PATH.match(path)
        if not match or urllib.parse.unquote(match.group(1)) != ACCOUNT_SID:
            return self.answer(*error(404, 20404, "The requested resource %s was not found" % path))
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return self.answer(*error(400, 20001, "Missing or invalid Content-Type"))
        name = urllib.parse.unquote(match.group(2))
        field = lambda key: form.get(key, [""])[-1]
        if not E164.match(field("To")):
            return self.answer(*error(400, 21211, "Invalid 'To' Phone Number: %s" % field("To")))
        if not E164.match(field("From")):
            return self.answer(*error(400, 21212, "Invalid 'From' Phone Number: %s" % field("From")))
        if field("From") != FROM_NUMBER:
            return self.answer(*error(400, 21210, "The source phone number provided, %s, is not yet "
                                      "verified for your account." % field("From")))
        for key in ("StartConferenceOnEnter", "EndConferenceOnExit", "Record", "EarlyMedia", "Muted"):
            if key in form and field(key) not in BOOLEAN:
                return self.answer(*error(400, 21220, "Invalid parameter %s" % key))
        if "Timeout" in form and not (field("Timeout").isdigit() and 5 <= int(field("Timeout")) <= 600):
            return self.answer(*error(400, 21220, "Invalid parameter Timeout"))
        if "MaxParticipants" in form and not (field("MaxParticipants").isdigit() and
                                              2 <= int(field("MaxParticipants")) <= 250):
            return self.answer(*error(400, 21220, "Invalid parameter MaxParticipants"))
        with lock:
            conference = conferences.setdefault(
                name, {"sid": "CF" + secrets.token_hex(16), "status": "init",
                       "date_created": rfc2822_now(), "participants": []})
            answered = field("To") not in unanswered
            if field("StartConferenceOnEnter") != "false" and answered:
                conference["status"] = "in-progress"
            conference_sid = conference["sid"]
            answer_late = late.get(field("To"), 0) > 0
            if answer_late:
                late[field("To")] -= 1
        call_sid = "CA" + secrets.token_hex(16)
        now = rfc2822_now()
        participant = {
            "account_sid": ACCOUNT_SID, "call_sid": call_sid, "label": field("Label") or None,
            "call_sid_to_coach": None, "coaching": False, "conference_sid": conference_sid,
            "date_created": now, "date_updated": now,
            "end_conference_on_exit": field("EndConferenceOnExit") == "true",
            "muted": field("Muted") == "true", "hold": False,
            "start_conference_on_enter": field("StartConferenceOnEnter") != "false",
            "status": "queued", "queue_time": "1000",
            "uri": "/2010-04-01/Accounts/%s/Conferences/%s/Participants/%s.json" % (
                ACCOUNT_SID, conference_sid, call_sid)}
        with lock:
            conference["participants"].append(dict(participant, status="connected" if answered
                                                   else "ringing"))
        if answer_late:
            time.sleep(5)
        return self.answer(201, participant)


fake_server.serve_forever(PORT, TwilioHandler)
