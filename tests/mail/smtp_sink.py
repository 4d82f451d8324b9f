#!/usr/bin/python3
"""A real SMTP server for Cordon's e-mail tests, on aiosmtpd (Debian's
python3-aiosmtpd).

Listens on 127.0.0.1 on a free port and prints "READY <port>" once it
accepts connections. STARTTLS is required before MAIL (or, with
--implicit_tls, TLS from the first byte) with the given certificate;
--no_tls offers no TLS at all (a server a client must refuse). Each
accepted message is written to <dir>/<n>.eml (its bytes as received) with
<dir>/<n>.envelope ("from <addr>", "to <addr>"..., "tls yes|no",
"auth <user>|-"), the .eml renamed into place last. Every TCP connection
appends a line to <dir>/connections.log. Chosen recipients are refused:
--reject_550 for good, --reject_451 for now. With --user and
--password_file, AUTH (PLAIN/LOGIN) is required.

Runs until killed (SIGTERM, or the test's SIGKILL).
"""

import argparse
import asyncio
import os
import ssl
import sys

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    sys.stderr.write(
        "smtp_sink.py needs aiosmtpd: apt-get install python3-aiosmtpd "
        "(tools/dev.sh installs it)\n")
    sys.exit(3)


class Sink:
    def __init__(self, directory, reject_550, reject_451):
        self.directory = directory
        self.reject_550 = {a.lower() for a in reject_550}
        self.reject_451 = {a.lower() for a in reject_451}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        if address.lower() in self.reject_550:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if address.lower() in self.reject_451:
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%06d" % self.count)
        auth = getattr(session, "auth_data", None)
        if isinstance(auth, bytes):
            auth = auth.decode("utf-8", "replace")
        lines = ["from " + envelope.mail_from]
        lines += ["to " + rcpt for rcpt in envelope.rcpt_tos]
        tls = server.transport.get_extra_info("ssl_object") is not None
        lines.append("tls " + ("yes" if tls else "no"))
        lines.append("auth " + (auth if auth else "-"))
        with open(base + ".envelope", "w") as out:
            out.write("\n".join(lines) + "\n")
        with open(base + ".tmp", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 accepted as %06d" % self.count


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login.decode() == user and
              auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False,
                          auth_data=user if ok else None)
    return authenticate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--implicit_tls", action="store_true")
    parser.add_argument("--no_tls", action="store_true")
    parser.add_argument("--reject_550", action="append", default=[])
    parser.add_argument("--reject_451", action="append", default=[])
    parser.add_argument("--user")
    parser.add_argument("--password_file")
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    sink = Sink(args.dir, args.reject_550, args.reject_451)
    options = {}
    if args.user:
        with open(args.password_file) as f:
            password = f.read().strip()
        options = dict(authenticator=authenticator_for(args.user, password),
                       auth_required=True, auth_require_tls=True)
    log = os.path.join(args.dir, "connections.log")

    def protocol():
        with open(log, "a") as out:
            out.write("connection\n")
        if args.implicit_tls or args.no_tls:
            return SMTP(sink, hostname="localhost", **options)
        return SMTP(sink, hostname="localhost", tls_context=context,
                    require_starttls=True, **options)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        protocol, "127.0.0.1", 0,
        ssl=context if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    print("READY %d" % port, flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
