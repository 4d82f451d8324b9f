#!/usr/bin/python3
"""docs/grpcurl.md against a live server, so the page cannot rot.

Starts cordon-sim --serve (the simulated Microsoft 365 tenant) and a real
cordon-server using it as Graph, on port 0, in a scratch directory whose
cordon-data is the server's data dir (the page reads
cordon-data/bootstrap.key, as after `tools/dev.sh run`). Then runs the
page's ```sh blocks in order with bash -e -o pipefail, `grpcurl` being
tests/grpcurl/grpcurl.py (grpcurl is not packaged in Debian 12), after the
substitutions the page names. Fails when:
- a line fails (any grpcurl call not answering OK, except a server stream
  ended by its own -max-time, which the page accepts by its exit code);
- a grpcurl line of the page did not run (the calls counted in the replay
  log differ from the page's grpcurl commands);
- an RPC that the server's reflection lists under cordon.v1 has no OK call
  on the page (EXCLUDED names the ones not served yet).

usage: doc_test.py BUILD_DIR SOURCE_DIR
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

# cordon.v1 RPCs the page does not call yet, and why.
EXCLUDED = {}
# A server stream stays open; the page ends it with -max-time.
STREAMS_ENDED_BY_DEADLINE = {"cordon.v1.AgentService/ReceiveCommands",
                             "cordon.v1.EventService/WatchEvents"}
DEADLINE = 120  # seconds for the whole page
GRAPH_CLIENT_ID = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def generate_reflection_stubs(out_dir):
    """grpc.reflection.v1alpha stubs, from Debian's grpc-proto."""
    proto_dir = "/usr/share/grpc-proto/grpc/reflection/v1alpha"
    subprocess.run(
        ["protoc", f"-I{proto_dir}", f"--python_out={out_dir}",
         f"--grpc_python_out={out_dir}",
         "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin",
         "reflection.proto"], check=True, cwd=out_dir, timeout=60)


def start(argv, pattern, log_path):
    """Starts argv with its output in log_path; the match of pattern."""
    log = open(log_path, "w+", encoding="utf-8")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    started = time.monotonic()
    while time.monotonic() - started < 30:
        log.seek(0)
        match = re.search(pattern, log.read())
        if match:
            return process, match
        if process.poll() is not None:
            break
        time.sleep(0.05)  # polling a child's log, not pacing the test
    log.seek(0)
    fail(f"{argv[0]} did not start:\n{log.read()}")


def start_servers(build, source, work, processes):
    """cordon-sim --serve, then cordon-server using it: the server's port."""
    secret = os.path.join(work, "graph-secret")
    with open(secret, "w", encoding="utf-8") as f:
        f.write("doc-test-secret\n")
    os.chmod(secret, 0o600)
    sim, match = start(
        [f"{build}/tools/cordon-sim/cordon-sim", "--serve=127.0.0.1:0",
         f"--world={source}/tests/process/served_world.textproto", "--seed=1",
         f"--client_secret_file={secret}",
         f"--cert_out={work}/sim-ca.pem"],
        r"serving port=(\d+)", f"{work}/sim.log")
    processes.append(sim)
    sim_url = f"https://127.0.0.1:{match.group(1)}"
    server, match = start(
        [f"{build}/server/cordon-server", "--listen=127.0.0.1:0",
         f"--data_dir={work}/cordon-data", f"--backup_dir={work}/backups",
         "--allow_private_endpoints",
         "--psa_timeout=2s", f"--graph_client_id={GRAPH_CLIENT_ID}",
         f"--graph_client_secret_file={secret}",
         f"--graph_ca_file={work}/sim-ca.pem", f"--login_base_url={sim_url}",
         f"--graph_base_url={sim_url}/v1.0"],
        r"serving on [0-9.]+:(\d+)", f"{work}/server.log")
    processes.append(server)
    return int(match.group(1))


def page_script(doc_path, port):
    """The page's sh blocks, substituted, and their grpcurl command count."""
    with open(doc_path, encoding="utf-8") as f:
        blocks = re.findall(r"^```sh\n(.*?)^```", f.read(), re.S | re.M)
    if not blocks:
        fail(f"{doc_path} has no sh blocks")
    script = "\n".join(blocks)
    commands = len(re.findall(r"(?:^|[(|{;]\s*)grpcurl ", script, re.M))
    script = script.replace("localhost:50051", f"127.0.0.1:{port}")
    # No DNS here: a loopback port that refuses connections.
    script = script.replace("https://na.myconnectwise.net", "https://127.0.0.1:9")
    return script, commands


def reflected_methods(port, stubs):
    """Every SERVICE/METHOD of cordon.v1 the server's reflection lists."""
    sys.path.insert(0, stubs)
    import grpc  # pylint: disable=import-outside-toplevel
    import reflection_pb2  # pylint: disable=import-outside-toplevel
    import reflection_pb2_grpc  # pylint: disable=import-outside-toplevel
    from google.protobuf import descriptor_pb2  # pylint: disable=import-outside-toplevel
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        ask = reflection_pb2.ServerReflectionRequest
        [listing] = stub.ServerReflectionInfo(iter([ask(list_services="")]),
                                              timeout=10)
        services = [s.name for s in listing.list_services_response.service
                    if s.name.startswith("cordon.v1.")]
        methods = set()
        for service in services:
            for response in stub.ServerReflectionInfo(
                    iter([ask(file_containing_symbol=service)]), timeout=10):
                for raw in (response.file_descriptor_response
                            .file_descriptor_proto):
                    file = descriptor_pb2.FileDescriptorProto.FromString(raw)
                    for proto in file.service:
                        if f"{file.package}.{proto.name}" == service:
                            methods |= {f"{service}/{m.name}"
                                        for m in proto.method}
    return methods


def run_page(script, work, stubs, replayer):
    log = os.path.join(work, "calls.log")
    prelude = ("set -euo pipefail\n"
               f'grpcurl() {{ /usr/bin/python3 "{replayer}" "$@"; }}\n')
    env = dict(os.environ, PYTHONPATH=stubs, GRPCURL_REPLAY_LOG=log)
    # No -x: the trace would print the keys.
    result = subprocess.run(["bash", "-c", prelude + script], cwd=work,
                            env=env, capture_output=True, text=True,
                            timeout=DEADLINE)
    if os.environ.get("DOC_TEST_SHOW"):  # to read what the page prints
        print(result.stdout)
    calls = []
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            calls = [line.split() for line in f if line.strip()]
    if result.returncode != 0:
        tail = "\n".join(
            (result.stdout + result.stderr).splitlines()[-30:])
        fail(f"the page failed (exit {result.returncode}); last output:\n"
             f"{tail}")
    return calls


def check_calls(calls, commands, reflected):
    if len(calls) != commands:
        fail(f"the page has {commands} grpcurl commands but {len(calls)} ran")
    ok = set()
    for method, code in calls:
        if code == "OK":
            ok.add(method)
        elif not (code == "DEADLINE_EXCEEDED"
                  and method in STREAMS_ENDED_BY_DEADLINE):
            fail(f"{method} answered {code}")
    for method in sorted(EXCLUDED):
        if method in ok:
            fail(f"{method} is on the page now: remove it from EXCLUDED")
    missing = sorted(reflected - ok - set(EXCLUDED) -
                     STREAMS_ENDED_BY_DEADLINE)
    if missing:
        fail("RPCs with no OK call on docs/grpcurl.md: " + ", ".join(missing))
    streamed = {m for m, _ in calls} & STREAMS_ENDED_BY_DEADLINE
    if streamed != STREAMS_ENDED_BY_DEADLINE & reflected:
        fail(f"streams not called: {STREAMS_ENDED_BY_DEADLINE - streamed}")
    print(f"ok: {len(calls)} calls, every one of the {len(reflected)} "
          f"reflected cordon.v1 RPCs but {sorted(EXCLUDED)} answered")


def main(build, source):
    processes = []
    with tempfile.TemporaryDirectory() as work:
        try:
            stubs = os.path.join(work, "stubs")
            os.mkdir(stubs)
            generate_reflection_stubs(stubs)
            port = start_servers(build, source, work, processes)
            script, commands = page_script(f"{source}/docs/grpcurl.md", port)
            calls = run_page(script, work, stubs,
                             f"{source}/tests/grpcurl/grpcurl.py")
            check_calls(calls, commands, reflected_methods(port, stubs))
        finally:
            for process in reversed(processes):
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main(*(os.path.abspath(arg) for arg in sys.argv[1:3]))
