#!/usr/bin/python3
"""Time to contain with many identities stored, as the server records it.

Starts cordon-sim and cordon-server again on a --work folder that
load_million.py filled, then sends --reports isolation-worthy CRITICAL
reports one after another, each about one identity of one organization
in the middle of the store, waits for each to be isolated and reads the report's
time_to_contain (ISO-2: send -> sessions revoked and account disabled, as
recorded by the server). Prints the figures as JSON.

    /usr/bin/python3 tools/bench/million/isolation_latency.py --build=build \
        --work=/tmp/million --reports=20

docs/benchmarks.md ("One million identities") compares a store of a
million with one of a thousand (load_million.py --orgs=1 --users=1000).
"""

import argparse
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load_million  # noqa: E402  (the same servers, started the same way)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(load_million.ROOT,
                                                        "build"))
    parser.add_argument("--work", required=True)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--server_flag", action="append", default=[])
    return parser.parse_args()


def allow_isolations(cordon, client):
    """ISO-14's cap (25 an hour by default) raised to its most, 1,000, so
    repeated runs are not held for an admin's confirmation."""
    account = next(iter(client.accounts()))
    account.settings.automated_isolations_per_hour = 1000
    client.update(account, ["settings.automated_isolations_per_hour"])


def targets(client, count):
    """`count` identities not isolated yet (a run isolates those it picks),
    of one organization in the middle of the store: one tenant, as with a
    store of one organization, so the comparison is of the store's size and
    not of how many Graph tokens the server must fetch."""
    account = next(iter(client.accounts())).name
    orgs = [org.name for org in client.organizations(account)]
    org = orgs[len(orgs) // 2]
    active = client.identities(org, filter="isolation_state = ACTIVE")
    picked = []
    for identity in active:
        picked.append((org, identity.name))
        if len(picked) == count:
            break
    return picked


def contain(cordon, client, org, identity):
    """Seconds from send to contained, as the report records them."""
    v1 = cordon.v1
    report = client.create_incident_report(org, v1.IncidentReport(
        title="hands-on-keyboard activity", summary="isolation latency run",
        severity=v1.CRITICAL, isolation_worthy=True, identities=[identity]))
    client.send_and_wait(report.name, timeout=60)
    stored = client.get(report.name)
    if stored.containment_state != v1.Containment.CONTAINED:
        sys.exit("%s: %s" % (report.name, stored.containment_state))
    took = stored.time_to_contain
    return took.seconds + took.nanos / 1e9


def main():
    args = parse_args()
    sys.path.insert(0, load_million.sdk_path(args.work))
    import cordon
    import grpc
    world = os.path.join(args.work, "world.textproto")
    secret = os.path.join(args.work, "graph-secret")
    sim, login, graph = load_million.start_sim(args, world, secret)
    port = load_million.free_port()
    command = load_million.server_command(args, port, secret, login, graph)
    server, _ = load_million.start_server(
        grpc, command, port, os.path.join(args.work, "server.log"))
    try:
        client = cordon.Client(
            "127.0.0.1:%d" % port,
            api_key_file=os.path.join(args.work, "data", "bootstrap.key"))
        allow_isolations(cordon, client)
        seconds = sorted(contain(cordon, client, org, identity)
                         for org, identity in targets(client, args.reports))
        client.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
        sim.kill()
        sim.wait()
    ms = [round(s * 1000, 1) for s in seconds]
    print(json.dumps({"reports": len(ms), "p50_ms": ms[len(ms) // 2],
                      "p90_ms": ms[(len(ms) * 9) // 10 - 1], "max_ms": ms[-1],
                      "all_ms": ms}))


if __name__ == "__main__":
    main()
