"""A tiny SMTP server on loopback that keeps what it receives: for the fault tests and the
email benchmark, which must talk to a real SMTP server over a real socket (the cost of a
connection per email, and what a killed sender leaves behind, only show there).

Standard library only (smtpd left Python in 3.12); it speaks just enough SMTP for
Django's SMTP backend: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Not for production.
"""

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes


@dataclass
class Received:
    """What the sink has been sent, in order: (Message-ID, recipients, raw message)."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [mid for mid, _to, _raw in self.messages]


class _Handler(socketserver.StreamRequestHandler):
    server: "SmtpSink"

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        received = self.server.received
        with received.lock:
            received.connections += 1
        self._reply("220 sink ready")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                self.wfile.flush()
            elif verb == "MAIL" or verb == "HELO" or verb == "NOOP":
                recipients = [] if verb == "MAIL" else recipients
                self._reply("250 ok")
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self._reply("250 ok")
            elif verb == "RSET":
                recipients = []
                self._reply("250 ok")
            elif verb == "DATA":
                self._reply("354 go ahead")
                raw = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    raw += chunk[1:] if chunk.startswith(b"..") else chunk
                message_id = message_from_bytes(bytes(raw)).get("Message-ID", "")
                with received.lock:
                    received.messages.append((message_id, recipients, bytes(raw)))
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.received = Received()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def __enter__(self) -> "SmtpSink":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
