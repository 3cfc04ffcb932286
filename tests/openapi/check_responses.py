#!/usr/bin/python3
"""Checks real answers of the samtal binary against docs/openapi.yaml.

Usage: check_responses.py OPENAPI_YAML MESSAGES_TOML RECORDS_JSON

RECORDS_JSON is a list of {"method", "target", "status", "headers": {lower-case name: value},
"body"} as the server answered them (tests/integration/openapi_responses_test.cpp makes it).
Each answer must be documented for its operation (or, for what any path may answer, in
`x-any-path-responses`): its status, its media type, the headers the document marks required,
and its body valid under the schema (JSON Schema 2020-12, as OpenAPI 3.1 says). Every operation
must have been answered with success at least once, and FieldError.code must list every code
the service words in MESSAGES_TOML. Exits 1 and says what differs when anything does.
"""
import json
import re
import sys
import tomllib

import jsonschema
import yaml


def follow(document, node):
    """`node` with its $ref followed (responses, headers)."""
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def find_operation(document, method, path):
    """(path template, operation or None); path template None when no path matches."""
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            verb = "get" if method == "HEAD" else method.lower()
            return template, item.get(verb)
    return None, None


def documented_response(responses, status):
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return responses[key]
    return None


def media_entry(content, content_type):
    if content_type in content:
        return content[content_type]
    bare = content_type.split(";")[0].strip()
    for media, entry in content.items():
        if media.split(";")[0].strip() == bare:
            return entry
    return None


def check_record(document, validator_for, record):
    method, target, status = record["method"], record["target"], record["status"]
    path = target.split("?")[0]
    where = f"{method} {target} -> {status}"
    template, operation = find_operation(document, method, path)
    response = None
    if operation is not None:
        response = documented_response(operation.get("responses", {}), status)
    if response is None:
        response = document.get("x-any-path-responses", {}).get(str(status))
    if response is None:
        if template is None:
            return [f"{where}: no documented path matches"]
        if operation is None:
            return [f"{where}: {template} documents no {method}"]
        return [f"{where}: status {status} is not documented"]
    response = follow(document, response)

    problems = []
    headers = record["headers"]
    for name, header in response.get("headers", {}).items():
        if follow(document, header).get("required") and name.lower() not in headers:
            problems.append(f"{where}: the required header {name} is missing")
    content = response.get("content")
    content_type = headers.get("content-type", "")
    if not content:
        if record["body"] and method != "HEAD":
            problems.append(f"{where}: a body ({content_type}) where the document has none")
        return problems
    media = media_entry(content, content_type)
    if media is None:
        return problems + [f"{where}: {content_type} is not among {sorted(content)}"]
    schema = media.get("schema")
    if schema is None or method == "HEAD":
        return problems
    body = record["body"]
    if "json" in content_type:
        try:
            body = json.loads(body)
        except ValueError as error:
            return problems + [f"{where}: not JSON ({error})"]
    for error in validator_for(schema).iter_errors(body):
        at = "/".join(str(part) for part in error.absolute_path) or "(body)"
        problems.append(f"{where}: {at}: {error.message}")
    return problems


def worded_codes(messages):
    """Every field error code the catalogue words: [error] and its per-field tables."""
    codes = set()
    for key, value in messages["error"].items():
        codes.update(value) if isinstance(value, dict) else codes.add(key)
    return codes


def main(openapi_file, messages_file, records_file):
    with open(openapi_file, encoding="utf-8") as file:
        document = yaml.safe_load(file)
    with open(messages_file, "rb") as file:
        messages = tomllib.load(file)
    with open(records_file, encoding="utf-8") as file:
        records = json.load(file)

    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Problem"])
    resolver = jsonschema.RefResolver("", document)

    def validator_for(schema):
        return jsonschema.Draft202012Validator(
            schema, resolver=resolver, format_checker=jsonschema.FormatChecker())

    problems = []
    for record in records:
        problems += check_record(document, validator_for, record)

    answered = set()
    for record in records:
        template, operation = find_operation(document, record["method"], record["target"].split("?")[0])
        if operation is not None and 200 <= record["status"] < 400:
            answered.add((record["method"].replace("HEAD", "GET"), template))
    for template, item in document["paths"].items():
        for verb in item:
            if verb in ("get", "post", "put", "delete", "patch") and (verb.upper(), template) not in answered:
                problems.append(f"{verb.upper()} {template}: never answered with success")

    enum = set(document["components"]["schemas"]["FieldError"]["properties"]["code"]["enum"])
    for code in sorted(worded_codes(messages) - enum):
        problems.append(f"FieldError.code lacks {code}, which the service words")

    for problem in problems:
        print(problem)
    print(f"{len(records)} answers checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
