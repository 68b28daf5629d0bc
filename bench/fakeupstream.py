"""A local fake AI upstream for end-to-end tests and the latency benchmark: HTTPS with its own CA, speaking
the OpenAI chat, Anthropic messages and a web-chat JSON format, buffered and streaming.

It records every request body it receives so tests can assert what left the proxy.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from mitmproxy.net import encoding

__all__ = ["FakeUpstream", "make_ca_and_cert"]


def make_ca_and_cert(directory: Path, hostname: str = "localhost") -> tuple[Path, Path, Path]:
    """(ca.pem, server cert chain, server key) for `hostname`, written to `directory`."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake upstream test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = directory / "upstream-ca.pem", directory / "upstream.pem", directory / "upstream.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_path, cert_path, key_path


@dataclass
class FakeUpstream:
    """Echoes the last user text back, so tests see what the model saw and what the client got."""

    cert: Path | None = None
    key: Path | None = None
    received: list[dict[str, Any]] = field(default_factory=list)
    #: Bytes per streamed chunk; 0 = one chunk per event, as real AI services send them.
    stream_chunk: int = 5

    def start(self) -> int:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms Nagle/delayed-ACK stalls between header and body writes

            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.headers.get("content-encoding"):
                    decoded = encoding.decode(raw, self.headers["content-encoding"])
                    raw = decoded if isinstance(decoded, bytes) else decoded.encode()
                upstream.received.append({"path": self.path, "headers": dict(self.headers), "body": raw})
                ctype = self.headers.get("content-type", "")
                doc = json.loads(raw) if "json" in ctype else {}
                if self.path.endswith("/chat/completions"):
                    self._openai(doc)
                elif self.path.endswith("/messages"):
                    self._anthropic(doc)
                else:
                    self._send(200, "application/json", json.dumps({"ok": True, "echo": raw.decode("utf-8", "replace")}, ensure_ascii=False).encode())

            def _send(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, events: list[str]) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                data = "".join(events).encode("utf-8")
                # Tiny chunks by default: placeholders and UTF-8 characters get split across them.
                size = upstream.stream_chunk
                chunks = [e.encode("utf-8") for e in events] if size <= 0 else [data[i : i + size] for i in range(0, len(data), size)]
                for piece in chunks:
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")

            def _openai(self, doc: dict[str, Any]) -> None:
                text = "收到：" + str(doc["messages"][-1]["content"])
                if doc.get("stream"):
                    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
                    events = [
                        "data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                                               "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]},
                                              ensure_ascii=False) + "\n\n"
                        for p in pieces
                    ]
                    events.append("data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                                                         "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}) + "\n\n")
                    events.append("data: [DONE]\n\n")
                    self._stream(events)
                    return
                body = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                self._send(200, "application/json", json.dumps(body, ensure_ascii=False).encode())

            def _anthropic(self, doc: dict[str, Any]) -> None:
                content = doc["messages"][-1]["content"]
                if isinstance(content, list):
                    content = "".join(b.get("text", "") for b in content)
                text = "收到：" + content
                if doc.get("stream"):
                    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
                    msg: dict[str, Any] = {"id": "msg", "type": "message", "role": "assistant", "model": "m", "content": [],
                           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 0}}
                    ev = [("message_start", {"type": "message_start", "message": msg}),
                          ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})]
                    ev += [("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}) for p in pieces]
                    ev += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
                           ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": 1}}),
                           ("message_stop", {"type": "message_stop"})]
                    self._stream([f"event: {n}\ndata: {json.dumps(d, ensure_ascii=False)}\n\n" for n, d in ev])
                    return
                body = {"id": "msg", "type": "message", "role": "assistant", "model": "m",
                        "content": [{"type": "text", "text": text}], "stop_reason": "end_turn", "stop_sequence": None,
                        "usage": {"input_tokens": 1, "output_tokens": 1}}
                self._send(200, "application/json", json.dumps(body, ensure_ascii=False).encode())

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.cert is not None and self.key is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.cert, self.key)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return int(self._server.server_address[1])

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def last_json(self) -> Any:
        return json.loads(self.received[-1]["body"])
