"""Fixtures: a real cordon-server on port 0, and fake servers in-process.

ctest runs these with /usr/bin/python3 -m pytest, PYTHONPATH at the built
package (setup.py build) and CORDON_SERVER_BIN at the server binary."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import subprocess
import threading
import time
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, List, Tuple

import grpc
import pytest

import cordon

START_BOUND = 20.0  # seconds for the server's "serving on" line
SERVING = re.compile(r" serving on 127\.0\.0\.1:(\d+)")


@dataclass
class Served:
    address: str
    key_file: str


def _lines(stream, sink: "queue.Queue[str]") -> None:
    for line in stream:
        sink.put(line)
    sink.put("")


def _wait_for_port(lines: "queue.Queue[str]") -> int:
    deadline = time.monotonic() + START_BOUND
    seen: List[str] = []
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            line = ""
        found = SERVING.search(line)
        if found:
            return int(found.group(1))
        if not line:
            raise RuntimeError("cordon-server did not serve:\n" +
                               "".join(seen))
        seen.append(line)


@contextlib.contextmanager
def running_server(data: Path, *flags: str) -> Iterator[Served]:
    """cordon-server on 127.0.0.1:0 with a fresh data dir; stopped after."""
    binary = os.environ.get("CORDON_SERVER_BIN", "")
    if not Path(binary).is_file():
        pytest.fail(f"CORDON_SERVER_BIN ({binary!r}) is not cordon-server")
    process = subprocess.Popen(
        [binary, f"--data_dir={data}", "--listen=127.0.0.1:0", *flags],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines),
                     daemon=True).start()
    try:
        port = _wait_for_port(lines)
        yield Served(f"127.0.0.1:{port}", str(data / "bootstrap.key"))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with running_server(tmp_path_factory.mktemp("cordon-data")) as served:
        yield served


def self_signed(folder: Path, name: str) -> Tuple[str, str]:
    """(certificate, key) PEM files for 127.0.0.1, from the openssl CLI."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run([
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
        f"/CN={name}", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", str(key), "-out", str(cert)
    ], check=True, capture_output=True, timeout=30)
    return str(cert), str(key)


@pytest.fixture
def client(server: Served) -> Iterator[cordon.Client]:
    with cordon.Client(server.address, api_key_file=server.key_file,
                       timeout=10.0) as opened:
        yield opened


@pytest.fixture
def organization(client: cordon.Client) -> str:
    """A fresh account and organization (tests share one server)."""
    change = client.create_account(cordon.v1.Account(display_name="MSP"))
    return client.create_organization(
        change.account.name, cordon.v1.Organization(display_name="Org")).name


class FakeServer:
    """A real grpc.server on port 0 holding fake servicers."""

    def __init__(self) -> None:
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        self.port = self.server.add_insecure_port("127.0.0.1:0")

    def add(self, register: Callable[..., None], servicer: object) -> None:
        register(servicer, self.server)

    def client(self, **options: object) -> cordon.Client:
        return cordon.Client(f"127.0.0.1:{self.port}", api_key="test-key",
                             **options)


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    served = FakeServer()
    yield served
    served.server.stop(grace=None)


class FakeSleep:
    """RetryPolicy.sleep that records instead of sleeping."""

    def __init__(self) -> None:
        self.waits: List[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def status_details(code: grpc.StatusCode, message: str, reason: str,
                   metadata: dict, field: str = "") -> bytes:
    """A google.rpc.Status as cordon-server sends it (server/api/grpc_status.cc)."""
    from cordon._gen.google.rpc import error_details_pb2, status_pb2
    status = status_pb2.Status(code=code.value[0], message=message)
    status.details.add().Pack(
        error_details_pb2.ErrorInfo(reason=reason, domain="cordon",
                                    metadata=metadata))
    if field:
        bad = error_details_pb2.BadRequest()
        bad.field_violations.add(field=field, description=message)
        status.details.add().Pack(bad)
    return status.SerializeToString()
