#!/usr/bin/python3
"""How much of etcd's database quota Cordon's state takes (issue 15,
docs/scale-out.md "Capacity"): starts a one-member etcd (Debian's) and a
cordon-server on it, loads identities through the gRPC API and then open
escalations, and after each load compacts etcd's history and defragments it
so that the database size is that of the live rows only. Prints one JSON
object: the sizes, the bytes each identity and escalation takes, and how
many fit in etcd's default 2 GiB quota and in its 8 GiB ceiling.

  tools/bench/etcd_capacity.py --server build/server/cordon-server \\
      --sdk /tmp/sdk/lib --identities 20000 --escalations 2000

--sdk is the Python SDK built by `clients/python/setup.py build --build-base
/tmp/sdk`.
"""

from __future__ import annotations

import argparse
import base64
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_sizing import Server, load  # noqa: E402  (the same loader)

QUOTAS = {"default_2GiB": 2 << 30, "ceiling_8GiB": 8 << 30}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Etcd:
    """One member on loopback; its JSON gateway answers the maintenance
    calls."""

    def __init__(self, data: Path) -> None:
        self.client = free_port()
        peer = free_port()
        self.url = f"http://127.0.0.1:{self.client}"
        self.process = subprocess.Popen(
            ["etcd", "--name", "m", "--data-dir", str(data),
             "--listen-client-urls", self.url,
             "--advertise-client-urls", self.url,
             "--listen-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-cluster", f"m=http://127.0.0.1:{peer}",
             "--max-txn-ops", "10000", "--logger", "zap",
             "--log-level", "error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.status()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("etcd did not serve")

    def call(self, path: str, body: Dict) -> Dict:
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.load(answer)

    def status(self) -> Dict:
        return self.call("/v3/maintenance/status", {})

    def live_bytes(self) -> int:
        """The database size once the history is compacted away and the
        file defragmented: what the quota counts for live rows."""
        revision = int(self.status()["header"]["revision"])
        self.call("/v3/kv/compaction",
                  {"revision": str(revision), "physical": True})
        self.call("/v3/maintenance/defragment", {})
        return int(self.status()["dbSize"])

    def keys(self, prefix: bytes) -> int:
        end = prefix[:-1] + bytes([prefix[-1] + 1])
        answer = self.call("/v3/kv/range", {
            "key": base64.b64encode(prefix).decode(),
            "range_end": base64.b64encode(end).decode(),
            "count_only": True})
        return int(answer.get("count", 0))

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def raise_escalations(address: str, key_file: str, count: int) -> int:
    """`count` open escalations of one organization, each on a subject of
    its own (so that none joins another, ESC-7); how many were made."""
    import cordon  # the SDK, from --sdk
    from cordon import v1 as m
    from cordon.stubs import Stubs
    with cordon.Client(address, api_key_file=key_file, timeout=60) as client:
        account = client.create_account(m.Account(display_name="Escalations"))
        org = client.create_organization(
            account.account.name, m.Organization(display_name="Org")).name
        raw = Stubs(client._raw)
        metadata = [("authorization",
                     f"Bearer {Path(key_file).read_text().strip()}")]
        names = set()
        for i in range(count):
            escalation = raw.escalation.CreateEscalation(
                m.CreateEscalationRequest(
                    parent=account.account.name,
                    escalation=m.Escalation(
                        type=m.LOGIN_UNEXPECTED_VPN, organization=org,
                        subject=f"vpn:bench{i}",
                        question="Is this VPN expected?")),
                metadata=metadata, timeout=60)
            names.add(escalation.name)
        return len(names)


def per_item(before: int, after: int, items: int) -> int:
    return round((after - before) / items) if items else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--sdk", required=True)
    parser.add_argument("--identities", type=int, default=20000)
    parser.add_argument("--organizations", type=int, default=20)
    parser.add_argument("--escalations", type=int, default=2000)
    parser.add_argument("--in_flight", type=int, default=32)
    args = parser.parse_args()
    sys.path.insert(0, args.sdk)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        etcd = Etcd(work / "etcd")
        server = None
        try:
            flags: List[str] = [
                "--store=etcd", f"--etcd_endpoints=127.0.0.1:{etcd.client}",
                f"--secrets_key_file={work}/secrets.key"]
            server = Server(args.server, work / "data", flags)
            address = f"127.0.0.1:{server.port}"
            key_file = str(work / "data" / "bootstrap.key")
            empty = etcd.live_bytes()
            loaded = load(address, key_file, args.identities,
                          args.organizations, args.in_flight)
            with_identities = etcd.live_bytes()
            raised = raise_escalations(address, key_file, args.escalations)
            with_escalations = etcd.live_bytes()
            identity = per_item(empty, with_identities, args.identities)
            escalation = per_item(with_identities, with_escalations, raised)
            print(json.dumps({
                "identities": args.identities,
                "identity_load": loaded,
                "escalations": raised,
                "keys": etcd.keys(b"cordon/"),
                "db_bytes": {"empty": empty,
                             "with_identities": with_identities,
                             "with_escalations": with_escalations},
                "bytes_per_identity": identity,
                "bytes_per_escalation": escalation,
                "fit": {quota: {"identities": size // max(identity, 1),
                                "escalations": size // max(escalation, 1)}
                        for quota, size in QUOTAS.items()},
            }, indent=2))
        finally:
            if server is not None:
                server.stop()
            etcd.stop()


if __name__ == "__main__":
    main()
