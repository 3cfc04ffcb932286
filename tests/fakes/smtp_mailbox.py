"""A mail server for tests that need more than aiosmtpd's own Mailbox: a real SMTP server
(aiosmtpd) that stores each message in a maildir with the name the client gave in EHLO added as
an X-Ehlo header, and can take its time over each message or require STARTTLS.

  smtp_mailbox.py PORT MAILDIR [--delay-ms N] [--tls-cert FILE --tls-key FILE]

--delay-ms waits that long after a message's data before storing and accepting it, so that a
test can stop the client between two messages.
"""
import argparse
import asyncio
import mailbox
import ssl

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, folder, delay):
        self.maildir = mailbox.Maildir(folder, create=True)
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        data = envelope.original_content or envelope.content
        self.maildir.add(b"X-Ehlo: " + (session.host_name or "").encode() + b"\r\n" + data)
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("maildir")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    handler = Handler(args.maildir, args.delay_ms / 1000)
    context = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, tls_context=context, require_starttls=context is not None),
        "127.0.0.1", args.port))
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
