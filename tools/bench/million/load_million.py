#!/usr/bin/python3
"""Loads many identities into a real cordon-server the way a provider does.

The identities come from the simulated Microsoft 365 (cordon-sim --serve):
a world of --orgs tenants with --users users each, every tenant bound to
one organization, and the tenant inventory (ISO-12) turning users into
identities through Graph delta queries over HTTPS. Then it reports what an
operator sizes a machine by: load rate, peak and settled RSS, on-disk size
(tables and write-ahead logs), and restart-to-SERVING.

    /usr/bin/python3 tools/bench/million/load_million.py --build=build \
        --orgs=1000 --users=1000 --work=/tmp/million

docs/benchmarks.md ("One million identities") has the figures. The data
dir is left in --work for the edge load generator (cordon-bench grpc).
Needs Debian's python3-grpcio; the Python SDK is built on the fly.
"""

import argparse
import concurrent.futures
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
CLIENT_ID = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work", default="/tmp/cordon-million")
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--syncs_in_flight", type=int, default=8)
    parser.add_argument("--server_flag", action="append", default=[],
                        help="an extra cordon-server flag (repeatable)")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args()


def tenant_id(org):
    return "00000000-0000-4000-8000-%012d" % org


def write_world(path, orgs, users):
    """The world file: tenant t<N> (domain t<N>.example), users u<M>."""
    with open(path, "w") as out:
        out.write("world {\n")
        for org in range(orgs):
            out.write('  tenants { alias: "t%d" tenant_id: "%s" '
                      'verified_domains: "t%d.example"\n'
                      % (org, tenant_id(org), org))
            for user in range(users):
                out.write('    users { upn: "u%d@t%d.example" }\n'
                          % (user, org))
            out.write("  }\n")
        out.write('}\napp { client_id: "%s" }\n' % CLIENT_ID)


def sdk_path(work):
    """The Python SDK, built into work/sdk (setup.py build)."""
    build_base = os.path.join(work, "sdk")
    lib = os.path.join(build_base, "lib")
    if not os.path.isdir(os.path.join(lib, "cordon")):
        subprocess.run(["/usr/bin/python3", "setup.py", "-q", "build",
                        "--build-base", build_base],
                       cwd=os.path.join(ROOT, "clients", "python"),
                       check=True)
    return lib


def start_sim(args, world, secret):
    sim = subprocess.Popen(
        [os.path.join(args.build, "tools/cordon-sim/cordon-sim"),
         "--serve=127.0.0.1:0", "--world=" + world, "--seed=1",
         "--client_secret_file=" + secret,
         "--cert_out=" + os.path.join(args.work, "sim-ca.pem")],
        stdout=subprocess.PIPE, text=True)
    line = sim.stdout.readline()
    match = re.search(r"login_base_url=(\S+) graph_base_url=(\S+)", line)
    if not match:
        sim.kill()
        sys.exit("cordon-sim did not start: %r" % line)
    return sim, match.group(1), match.group(2)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_command(args, port, secret, login, graph):
    return [os.path.join(args.build, "server/cordon-server"),
            "--listen=127.0.0.1:%d" % port,
            "--data_dir=" + os.path.join(args.work, "data"),
            "--graph_client_id=" + CLIENT_ID,
            "--graph_client_secret_file=" + secret,
            "--graph_ca_file=" + os.path.join(args.work, "sim-ca.pem"),
            "--login_base_url=" + login, "--graph_base_url=" + graph,
            # The loader's own calls are not what is measured.
            "--rate_limit_per_key=0",
            "--inventory_interval=0"] + args.server_flag


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def serving(grpc, port):
    """One health check on a new channel: a channel that failed to connect
    waits out gRPC's reconnect backoff, which would be measured instead."""
    with grpc.insecure_channel("127.0.0.1:%d" % port) as channel:
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        try:
            return check(b"", timeout=5, wait_for_ready=True) == b"\x08\x01"
        except grpc.RpcError:
            return False


def start_server(grpc, command, port, log_path):
    """cordon-server and the seconds from exec to its first SERVING."""
    with open(log_path, "a") as log:
        started = time.monotonic()
        server = subprocess.Popen(command, stderr=log, stdout=log)
    while time.monotonic() < started + 120:
        if server.poll() is not None:
            sys.exit("cordon-server exited; see " + log_path)
        if listening(port) and serving(grpc, port):
            return server, time.monotonic() - started
        time.sleep(0.002)
    sys.exit("cordon-server was not SERVING within 120 s")


def rss_mb(pid):
    """(current RSS, peak RSS) of a process, MB."""
    values = {}
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024.0
    return values["VmRSS"], values["VmHWM"]


def disk_mb(data_dir):
    """(tables, write-ahead logs, everything) under data_dir, MB."""
    tables = logs = total = 0
    for folder, _, files in os.walk(data_dir):
        for name in files:
            size = os.path.getsize(os.path.join(folder, name))
            total += size
            if name.endswith(".sst"):
                tables += size
            elif name.endswith(".log"):
                logs += size
    return tables / 2**20, logs / 2**20, total / 2**20


def load(cordon, client, orgs, in_flight):
    """Creates the organizations, runs every tenant's inventory."""
    v1 = cordon.v1
    account = client.create_account(
        v1.Account(display_name="Million MSP")).account
    names = []
    for org in range(orgs):
        names.append(client.create_organization(account.name, v1.Organization(
            display_name="Tenant %d" % org, m365_tenant_id=tenant_id(org))).name)
    sync = client.stubs.organization.SyncInventory

    def run(name):
        answer = sync(v1.SyncInventoryRequest(name=name), timeout=600)
        return answer.inventory.identities

    with concurrent.futures.ThreadPoolExecutor(in_flight) as pool:
        counts = list(pool.map(run, names))
    return account.name, names, sum(counts)


def main():
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    if os.path.exists(os.path.join(args.work, "data")):
        sys.exit("--work already holds a data dir: pick an empty folder")
    sys.path.insert(0, sdk_path(args.work))
    import cordon
    import grpc
    world = os.path.join(args.work, "world.textproto")
    secret = os.path.join(args.work, "graph-secret")
    write_world(world, args.orgs, args.users)
    with open(secret, "w") as out:
        out.write("million-secret\n")
    os.chmod(secret, 0o600)
    sim, login, graph = start_sim(args, world, secret)
    log_path = os.path.join(args.work, "server.log")
    port = free_port()
    command = server_command(args, port, secret, login, graph)
    server, _ = start_server(grpc, command, port, log_path)
    report = {"orgs": args.orgs, "users_per_org": args.users}
    try:
        client = cordon.Client(
            "127.0.0.1:%d" % port,
            api_key_file=os.path.join(args.work, "data", "bootstrap.key"))
        began = time.monotonic()
        account, orgs, identities = load(cordon, client, args.orgs,
                                         args.syncs_in_flight)
        seconds = time.monotonic() - began
        client.close()
        rss, peak = rss_mb(server.pid)
        report.update(identities=identities, load_seconds=round(seconds, 1),
                      identities_per_second=round(identities / seconds),
                      rss_mb_after_load=round(rss), peak_rss_mb=round(peak))
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
        tables, logs, total = disk_mb(os.path.join(args.work, "data"))
        report.update(disk_tables_mb=round(tables), disk_wal_mb=round(logs),
                      disk_total_mb=round(total))
        server, restart = start_server(grpc, command, port, log_path)
        report["restart_to_serving_seconds"] = round(restart, 3)
        report["rss_mb_after_restart"] = round(rss_mb(server.pid)[0])
        report.update(account=account, first_org=orgs[0], port=port)
        with open(os.path.join(args.work, "report.json"), "w") as out:
            json.dump(report, out, indent=1)
        print(json.dumps(report) if args.json else
              "\n".join("%s: %s" % item for item in report.items()))
    finally:
        for process in (server, sim):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
