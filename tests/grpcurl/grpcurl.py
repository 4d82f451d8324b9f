#!/usr/bin/python3
"""A grpcurl-compatible replayer for the calls in docs/grpcurl.md.

grpcurl is not packaged in Debian 12, so the doc's test replays each
`grpcurl` line with this program instead. It takes the subset of grpcurl's
command line the doc uses and does what grpcurl does with it:

  grpcurl.py [-plaintext] [-H 'name: value']... [-d JSON|@] [-max-time S]
             ADDRESS SERVICE/METHOD

- the method's descriptors come from the server's reflection service
  (grpc.reflection.v1alpha, as grpcurl asks), no proto files;
- the request is -d's JSON (or stdin with `-d @`) in protojson, parsed
  strictly as grpcurl does (unknown fields are an error; timestamps as
  RFC 3339 strings, enums by name, either field-name spelling);
- each response is printed as protojson with lowerCamelCase names,
  default values left out, indented by two spaces;
- a non-OK status prints "ERROR:\n  Code: ...\n  Message: ..." to stderr
  and exits 64 + the status code, as grpcurl does.

The reflection stubs (reflection_pb2, reflection_pb2_grpc) are generated
by the test from /usr/share/grpc-proto with protoc and grpc_python_plugin
and found through PYTHONPATH. With GRPCURL_REPLAY_LOG set, each call
appends "<method> <status code name>" to that file.
"""

import os
import sys
import time

import grpc
from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from google.protobuf import json_format
from google.protobuf import message_factory

import reflection_pb2  # grpc.reflection.v1alpha, generated at test time
import reflection_pb2_grpc

USAGE = ("usage: grpcurl.py [-plaintext] [-H 'name: value']... "
         "[-d JSON|@] [-max-time SECONDS] ADDRESS SERVICE/METHOD")


class UsageError(Exception):
    pass


def parse_args(argv):
    """grpcurl's flags as the doc uses them; anything else is refused."""
    args = {"plaintext": False, "headers": [], "data": None,
            "max_time": None, "positional": []}
    i = 0
    while i < len(argv):
        arg = argv[i]
        # grpcurl (Go's flag package) takes -flag and --flag alike.
        name = arg[1:] if arg.startswith("-") and not arg.startswith("--") \
            else arg[2:] if arg.startswith("--") else None
        if name is None:
            args["positional"].append(arg)
        elif name == "plaintext":
            args["plaintext"] = True
        elif name in ("H", "d", "max-time"):
            if i + 1 >= len(argv):
                raise UsageError(f"-{name} needs a value")
            i += 1
            if name == "H":
                args["headers"].append(argv[i])
            elif name == "d":
                args["data"] = argv[i]
            else:
                args["max_time"] = float(argv[i])
        else:
            raise UsageError(f"flag -{name} is not replayed")
        i += 1
    if len(args["positional"]) != 2 or "/" not in args["positional"][1]:
        raise UsageError("want ADDRESS SERVICE/METHOD")
    if not args["plaintext"]:
        raise UsageError("only -plaintext calls are replayed")
    return args


def metadata(headers):
    pairs = []
    for header in headers:
        name, sep, value = header.partition(":")
        if not sep:
            raise UsageError(f"-H {header!r} is not 'name: value'")
        pairs.append((name.strip().lower(), value.strip()))
    return pairs


def remaining(deadline):
    """Seconds left until deadline (time.monotonic()), None for none."""
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def file_descriptors(channel, service, deadline):
    """Every FileDescriptorProto the service needs, by reflection."""
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    files = {}
    wanted = [reflection_pb2.ServerReflectionRequest(
        file_containing_symbol=service)]
    while wanted:
        for response in stub.ServerReflectionInfo(iter(wanted),
                                                  timeout=remaining(deadline)):
            if response.HasField("error_response"):
                error = response.error_response
                raise LookupError(f"reflection: {error.error_message}")
            for raw in response.file_descriptor_response.file_descriptor_proto:
                proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                files[proto.name] = proto
        missing = {dep for f in files.values() for dep in f.dependency
                   if dep not in files}
        wanted = [reflection_pb2.ServerReflectionRequest(file_by_filename=d)
                  for d in sorted(missing)]
    return files


def method_descriptor(files, full_method):
    """(input class, output class, server streaming) of SERVICE/METHOD."""
    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name):
        if name in added:
            return
        added.add(name)
        for dep in files[name].dependency:
            add(dep)
        pool.Add(files[name])

    for name in files:
        add(name)
    service_name, method_name = full_method.split("/", 1)
    service = pool.FindServiceByName(service_name)
    method = service.methods_by_name.get(method_name)
    if method is None:
        raise LookupError(f"service {service_name} has no method "
                          f"{method_name}")
    streaming = False
    for file in files.values():
        for service_proto in file.service:
            if f"{file.package}.{service_proto.name}" == service_name:
                for method_proto in service_proto.method:
                    if method_proto.name == method_name:
                        streaming = method_proto.server_streaming
    factory = message_factory.MessageFactory(pool)
    return (factory.GetPrototype(method.input_type),
            factory.GetPrototype(method.output_type), streaming)


def call(args):
    address, full_method = args["positional"]
    # -max-time bounds the whole operation (reflection too), as in grpcurl.
    deadline = None if args["max_time"] is None \
        else time.monotonic() + args["max_time"]
    with grpc.insecure_channel(address) as channel:
        files = file_descriptors(channel, full_method.split("/")[0], deadline)
        request_class, response_class, streaming = method_descriptor(
            files, full_method)
        data = args["data"]
        if data == "@":
            data = sys.stdin.read()
        request = json_format.Parse(data or "{}", request_class())
        kind = channel.unary_stream if streaming else channel.unary_unary
        rpc = kind("/" + full_method,
                   request_serializer=request_class.SerializeToString,
                   response_deserializer=response_class.FromString)
        responses = rpc(request, timeout=remaining(deadline),
                        metadata=metadata(args["headers"]))
        for response in (responses if streaming else [responses]):
            print(json_format.MessageToJson(response, indent=2))


def log_call(method, code):
    path = os.environ.get("GRPCURL_REPLAY_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{method} {code.name}\n")


def go_code_name(code):
    """grpcurl's name of a status code (Go's codes.Code.String())."""
    if code == grpc.StatusCode.OK:
        return "OK"
    return "".join(part.capitalize() for part in code.name.split("_"))


def main(argv):
    try:
        args = parse_args(argv)
    except (UsageError, ValueError) as error:
        print(f"grpcurl.py: {error}\n{USAGE}", file=sys.stderr)
        return 2
    method = args["positional"][1]
    try:
        call(args)
    except grpc.RpcError as error:
        log_call(method, error.code())
        print(f"ERROR:\n  Code: {go_code_name(error.code())}\n"
              f"  Message: {error.details()}", file=sys.stderr)
        return 64 + error.code().value[0]
    except (LookupError, json_format.ParseError) as error:
        log_call(method, grpc.StatusCode.INVALID_ARGUMENT)
        print(f"Error invoking method {method!r}: {error}", file=sys.stderr)
        return 1
    log_call(method, grpc.StatusCode.OK)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
