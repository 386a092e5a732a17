#!/usr/bin/env python3
"""An independent Standard Webhooks verifier (standardwebhooks.com), written from the spec with
Python's hmac only, to check the worker's signatures from outside the JVM.

usage: standard_webhooks_verify.py SECRET WEBHOOK_ID WEBHOOK_TIMESTAMP SIGNATURE_HEADER BODY_FILE
prints "valid" and exits 0 when one v1 signature matches, else prints "invalid" and exits 1.
"""
import base64
import hashlib
import hmac
import sys


def main(secret, msg_id, timestamp, header, body_file):
    key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else None
    if key is None:
        print("invalid: the secret does not start with whsec_")
        return 1
    with open(body_file, "rb") as f:
        body = f.read()
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in header.split(" "):
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            print("valid")
            return 0
    print("invalid")
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
