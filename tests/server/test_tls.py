"""wss:// with --certfile/--keyfile: the same protocol inside TLS."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest

from tabletop.client import Client, Unreachable
from tabletop.server.cli import tls_context

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


@pytest.fixture
def certificate(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


async def test_a_console_joins_over_tls(exercise_factory, certificate):
    cert, key = certificate
    ex = await exercise_factory(ssl_context=tls_context(cert, key))
    assert ex.url.startswith("wss://127.0.0.1:")
    trusting = ssl.create_default_context(cafile=cert)
    ops = ex.console("blue.ops", ssl=trusting)
    assert (await ops.connect())["seat"] == "blue.ops"
    assert (await ops.send({"type": "ack", "inject": "I01"}))["code"] == "inject-not-released"
    # a client that does not trust the certificate is refused before any code is sent
    with pytest.raises(Unreachable):
        await Client(ex.url, ex.codes["blue.ops"]).connect()
