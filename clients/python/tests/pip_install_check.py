"""ctest python_sdk_pip_install: `pip install ./clients/python` into a fresh
venv made with --system-site-packages, with no package index (--no-index,
--isolated from any pip configuration) and otherwise pip's default options,
then imports the installed package from elsewhere.

    /usr/bin/python3 pip_install_check.py REPO_ROOT
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BOUND = 120  # seconds for each step

CHECK = r"""
import sys
from pathlib import Path
import google, google.protobuf, grpc
import cordon
from cordon import v1

venv = Path(sys.prefix)
package = Path(cordon.__file__).parent
assert venv in package.parents, package
assert (package / "py.typed").is_file()
assert (package / "_gen" / "cordon" / "v1" / "identity_pb2.pyi").is_file()
# The generated google/rpc lives inside cordon: google is the system one.
assert not any("cordon" in p for p in google.__path__), google.__path__
assert v1.Identity.__module__ == "cordon._gen.cordon.v1.identity_pb2"
import pickle
assert pickle.loads(pickle.dumps(v1.Identity(upn="a@b"))).upn == "a@b"
cordon.Client("127.0.0.1:1", api_key="k").close()
print("installed", package)
"""


def copy_sources(repo: Path, into: Path) -> Path:
    ignore = shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    shutil.copytree(repo / "clients" / "python", into / "clients" / "python",
                    ignore=ignore)
    shutil.copytree(repo / "protos" / "cordon" / "v1",
                    into / "protos" / "cordon" / "v1")
    return into / "clients" / "python"


def main() -> None:
    repo = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="cordon-pip-") as scratch:
        root = Path(scratch)
        source = copy_sources(repo, root / "repo")
        venv = root / "venv"
        # --without-pip saves ensurepip's 9 s: the venv's python runs the
        # same pip (Debian's 23.0.1, a system site package) into the venv.
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages",
                        "--without-pip", str(venv)], check=True, timeout=BOUND)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip",
                        "--isolated", "install",
                        "--no-index", "--no-cache-dir", str(source)],
                       check=True, timeout=BOUND)
        subprocess.run([str(venv / "bin" / "python"), "-c", CHECK],
                       check=True, timeout=BOUND, cwd=root)


if __name__ == "__main__":
    main()
