#!/usr/bin/env python3
"""A stand-in CRM for trying the orchestrator on a laptop (the README's "Command line" session).

Answers what the worker's CRM client calls, with crm.* at their defaults:
POST /api/leads -> 201 {"id": ...}; PUT /api/leads/{id} -> 200; DELETE /api/leads/{id} -> 204.
Listens on 127.0.0.1 only: python3 docs/crm-stand-in.py [PORT] (default 9090).
"""
import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StandIn(BaseHTTPRequestHandler):
    def _answer(self, status, body=None):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self._answer(201, {"id": str(uuid.uuid4())})

    def do_PUT(self):
        self._answer(200, {"ok": True})

    def do_DELETE(self):
        self._answer(204)

    def log_message(self, fmt, *args):
        sys.stderr.write("crm-stand-in: " + (fmt % args) + "\n")


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9090
    ThreadingHTTPServer(("127.0.0.1", port), StandIn).serve_forever()
