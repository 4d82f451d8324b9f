#!/usr/bin/python3
"""RocksDB sizing from outside (issue 14): loads identities into a real
cordon-server through the gRPC API, then reports its peak and final RSS, the
data dir's write-ahead logs and tables, and the time a start takes to serve
again after a crash (SIGKILL: the logs are replayed) and after a clean stop. Run it on two binaries in one go to compare them (docs/benchmarks.md):

  tools/bench/store_sizing.py --server build/server/cordon-server \
      --sdk /tmp/sdk/lib --identities 200000 --organizations 200

--sdk is the Python SDK built by `clients/python/setup.py build --build-base
/tmp/sdk`. Extra server flags follow `--`. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List

SERVING = re.compile(r" serving on 127\.0\.0\.1:(\d+)")
START_BOUND_S = 60.0


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    """cordon-server on 127.0.0.1:0; `started_s` is exec to "serving on"."""

    def __init__(self, binary: str, data: Path, flags: List[str]) -> None:
        began = time.monotonic()
        self.process = subprocess.Popen(
            [binary, f"--data_dir={data}", "--listen=127.0.0.1:0",
             "--rate_limit_per_key=0", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=self._pump, args=(lines,), daemon=True).start()
        deadline = began + START_BOUND_S
        while True:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            found = SERVING.search(line)
            if found:
                self.port = int(found.group(1))
                break
            if not line or time.monotonic() > deadline:
                raise SystemExit(f"cordon-server did not serve: {line}")
        self.started_s = time.monotonic() - began
        self.peak_kib = 0
        self._sampling = True
        threading.Thread(target=self._sample, daemon=True).start()

    def _pump(self, lines: "queue.Queue[str]") -> None:
        for line in self.process.stdout:
            lines.put(line)
        lines.put("")

    def _sample(self) -> None:
        while self._sampling and self.process.poll() is None:
            self.peak_kib = max(self.peak_kib, rss_kib(self.process.pid))
            time.sleep(0.1)

    def stop(self, crash: bool = False) -> None:
        self._sampling = False
        if crash:
            self.process.kill()  # SIGKILL: no flush, the WAL is replayed
        else:
            self.process.terminate()
        self.process.wait(timeout=60)


def load(address: str, key_file: str, identities: int, organizations: int,
         in_flight: int) -> Dict[str, float]:
    import cordon  # the SDK, from --sdk
    from cordon import v1 as m
    from cordon.stubs import Stubs
    with cordon.Client(address, api_key_file=key_file, timeout=60) as client:
        account = client.create_account(m.Account(display_name="Load"))
        orgs = [
            client.create_organization(
                account.account.name,
                m.Organization(display_name=f"Org {i}")).name
            for i in range(organizations)
        ]
        # The SDK's retrying interceptor waits for each answer: futures go
        # straight to the channel, with the key as metadata.
        raw = Stubs(client._raw)
        metadata = [("authorization",
                     f"Bearer {Path(key_file).read_text().strip()}")]
        began = time.monotonic()
        pending: "queue.Queue" = queue.Queue()
        errors = 0
        for i in range(identities):
            if pending.qsize() >= in_flight:
                try:
                    pending.get().result()
                except Exception:  # counted: the run must show none
                    errors += 1
            request = m.CreateIdentityRequest(
                parent=orgs[i % organizations],
                identity=m.Identity(upn=f"user{i}@load.example",
                                    display_name="Load user",
                                    source=m.Identity.CLOUD_ONLY,
                                    usage_location="NL"))
            pending.put(raw.identity.CreateIdentity.future(
                request, metadata=metadata, timeout=60))
        while not pending.empty():
            try:
                pending.get().result()
            except Exception:
                errors += 1
        elapsed = time.monotonic() - began
        return {"load_s": round(elapsed, 1),
                "creates_per_s": round(identities / elapsed),
                "errors": errors}


def files_mib(data: Path, suffix: str) -> float:
    total = sum(f.stat().st_size for f in data.glob(f"*{suffix}"))
    return round(total / (1 << 20), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--sdk", required=True)
    parser.add_argument("--identities", type=int, default=200000)
    parser.add_argument("--organizations", type=int, default=200)
    parser.add_argument("--in_flight", type=int, default=128)
    parser.add_argument("flags", nargs="*")
    args = parser.parse_args()
    sys.path.insert(0, args.sdk)
    data = Path(tempfile.mkdtemp(prefix="cordon-sizing-")) / "data"
    try:
        server = Server(args.server, data, args.flags)
        result = load(f"127.0.0.1:{server.port}", str(data / "bootstrap.key"),
                      args.identities, args.organizations, args.in_flight)
        result["peak_rss_mib"] = round(server.peak_kib / 1024)
        result["rss_after_load_mib"] = round(rss_kib(server.process.pid) / 1024)
        server.stop(crash=True)
        result["wal_mib_after_crash"] = files_mib(data, ".log")
        after_crash = Server(args.server, data, args.flags)
        result["restart_after_crash_s"] = round(after_crash.started_s, 2)
        after_crash.stop()
        result["wal_mib_after_stop"] = files_mib(data, ".log")
        result["sst_mib"] = files_mib(data, ".sst")
        result["data_dir_mib"] = round(
            sum(f.stat().st_size for f in data.rglob("*") if f.is_file()) /
            (1 << 20), 1)
        restarted = Server(args.server, data, args.flags)
        result["restart_after_stop_s"] = round(restarted.started_s, 2)
        result["rss_after_restart_mib"] = round(
            rss_kib(restarted.process.pid) / 1024)
        restarted.stop()
        result["server"] = args.server
        print(json.dumps(result))
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
