"""Generates the Python code of Cordon's API into the `cordon` package.

Run by setup.py's build step (and by CMake for the tests); never checked in.
protoc and grpc_python_plugin come from Debian (protobuf-compiler,
protobuf-compiler-grpc). Everything lands under `cordon/_gen/` with its
imports rewritten to `cordon._gen.*`, so the generated `google/rpc` package
can never shadow the installed `google.protobuf` (nor a `grpc/` the `grpc`
module).

    python3 cordon_protogen.py OUT_DIR   # writes OUT_DIR/cordon/_gen
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Sequence

HERE = Path(__file__).resolve().parent
DEFAULT_PROTO_ROOT = HERE.parent.parent / "protos"
DEFAULT_GOOGLEAPIS = Path("/usr/share/gocode/src/github.com/gogo/googleapis")
GOOGLE_RPC = ["google/rpc/status.proto", "google/rpc/error_details.proto"]
# Packages of the generated code that must live inside cordon._gen.
_REWRITE = re.compile(r"^(from|import) (cordon\.v1|google\.rpc)\b", re.M)
# The module name the messages are registered under (pickle uses it).
_MODULE_NAME = re.compile(
    r"(BuildTopDescriptorsAndMessages\(DESCRIPTOR, ')(cordon\.v1|google\.rpc)\.")


def _setting(env: str, default: Path) -> Path:
    return Path(os.environ.get(env, str(default)))


def _api_protos(proto_root: Path) -> List[str]:
    folder = proto_root / "cordon" / "v1"
    protos = sorted(p.name for p in folder.glob("*.proto"))
    if not protos:
        raise SystemExit(f"cordon_protogen: no .proto files in {folder} "
                         "(set CORDON_PROTO_DIR to the repo's protos/)")
    return [f"cordon/v1/{name}" for name in protos]


def _run_protoc(proto_root: Path, googleapis: Path, out: Path,
                protos: Sequence[str], descriptors: Path) -> None:
    protoc = os.environ.get("CORDON_PROTOC", shutil.which("protoc") or "protoc")
    plugin = os.environ.get("CORDON_GRPC_PYTHON_PLUGIN",
                            shutil.which("grpc_python_plugin") or
                            "/usr/bin/grpc_python_plugin")
    if not (googleapis / GOOGLE_RPC[1]).exists():
        raise SystemExit(f"cordon_protogen: {googleapis}/{GOOGLE_RPC[1]} "
                         "missing: install golang-github-gogo-googleapis-dev")
    command = [
        protoc, f"-I{proto_root}", f"-I{googleapis}",
        f"--python_out={out}", f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        f"--plugin=protoc-gen-grpc_python={plugin}",
        f"--descriptor_set_out={descriptors}", *protos
    ]
    subprocess.run(command, check=True)


def _rewrite_imports(gen: Path) -> None:
    for path in gen.rglob("*.py*"):
        if path.suffix not in (".py", ".pyi"):
            continue
        text = path.read_text()
        text = _REWRITE.sub(r"\1 cordon._gen.\2", text)
        path.write_text(_MODULE_NAME.sub(r"\1cordon._gen.\2.", text))
    for folder in [gen, *[p for p in gen.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()


def _module(proto: str) -> str:
    return "cordon._gen." + proto[:-len(".proto")].replace("/", ".")


def _exports(descriptors: Path, protos: Sequence[str]) -> str:
    """The `messages` module: every cordon.v1 message, enum, top-level enum
    value and service stub by name, as plain imports a type checker reads."""
    from google.protobuf import descriptor_pb2
    files = descriptor_pb2.FileDescriptorSet.FromString(
        descriptors.read_bytes()).file
    lines = ['"""Generated: every cordon.v1 name. Do not edit."""']
    names: List[str] = []
    for file in files:
        if file.name not in protos:
            continue
        symbols = [m.name for m in file.message_type]
        for enum in file.enum_type:
            symbols += [enum.name, *(v.name for v in enum.value)]
        stubs = [f"{s.name}Stub" for s in file.service]
        for module, found in ((_module(file.name) + "_pb2", symbols),
                              (_module(file.name) + "_pb2_grpc", stubs)):
            for name in found:
                lines.append(f"from {module} import {name} as {name}")
        names += symbols + stubs
    lines.append(f"__all__ = {sorted(names)!r}")
    return "\n".join(lines) + "\n"


def generate(out_dir: Path) -> Path:
    """Writes out_dir/cordon/_gen and returns it."""
    proto_root = _setting("CORDON_PROTO_DIR", DEFAULT_PROTO_ROOT)
    googleapis = _setting("CORDON_GOOGLEAPIS_DIR", DEFAULT_GOOGLEAPIS)
    protos = _api_protos(proto_root)
    gen = Path(out_dir) / "cordon" / "_gen"
    if gen.exists():
        shutil.rmtree(gen)
    gen.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        descriptors = Path(scratch) / "descriptors.pb"
        _run_protoc(proto_root, googleapis, gen, protos + GOOGLE_RPC,
                    descriptors)
        _rewrite_imports(gen)
        (gen / "messages.py").write_text(_exports(descriptors, protos))
    return gen


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: cordon_protogen.py OUT_DIR")
    print(generate(Path(sys.argv[1])))
