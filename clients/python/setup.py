"""Builds the `cordon` package; its build step generates the gRPC code.

    pip install ./clients/python     (a venv with --system-site-packages)

There is deliberately no pyproject.toml: with one, pip builds in an isolated
environment and would fetch setuptools from PyPI. Without it, pip builds with
the setuptools and wheel already installed (Debian's python3-setuptools and
python3-wheel), so the install needs no network. protoc and
grpc_python_plugin come from Debian (protobuf-compiler,
protobuf-compiler-grpc); the protos are read from the repository
(CORDON_PROTO_DIR overrides where).
"""

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cordon_protogen  # noqa: E402


class BuildPyWithProtos(build_py):
    """Copies the package, then generates cordon/_gen next to it."""

    def run(self) -> None:
        super().run()
        if not self.dry_run:
            cordon_protogen.generate(Path(self.build_lib))


setup(
    name="cordon",
    version="0.1.0",
    description="Python SDK for the Cordon gRPC API",
    license="Apache-2.0",
    python_requires=">=3.9",
    packages=["cordon"],
    package_data={"cordon": ["py.typed"]},
    install_requires=["grpcio>=1.51", "protobuf>=4.21"],
    cmdclass={"build_py": BuildPyWithProtos},
    zip_safe=False,
)
