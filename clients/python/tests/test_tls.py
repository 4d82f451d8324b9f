"""TLS to the real server with a CA file, and mTLS to a fake server that
requires a client certificate (cordon-server itself does not ask for one)."""

from __future__ import annotations

from concurrent import futures

import grpc
import pytest

import cordon
from cordon import v1
from cordon._gen.cordon.v1 import account_pb2_grpc
from conftest import running_server, self_signed


def test_tls_with_a_ca_file(tmp_path):
    cert, key = self_signed(tmp_path, "server")
    flags = (f"--tls_cert={cert}", f"--tls_key={key}")
    with running_server(tmp_path / "data", *flags) as served:
        with cordon.Client(served.address, api_key_file=served.key_file,
                           ca_file=cert, timeout=10) as client:
            made = client.create_account(v1.Account(display_name="TLS MSP"))
            assert made.account.name.startswith("accounts/")
        # Plaintext to a TLS port fails, and is not retried for ever.
        with cordon.Client(served.address, api_key_file=served.key_file,
                           timeout=2, retry=cordon.NO_RETRY) as plain:
            with pytest.raises(cordon.CordonError) as raised:
                list(plain.accounts())
        assert raised.value.code == grpc.StatusCode.UNAVAILABLE


class Accounts(account_pb2_grpc.AccountServiceServicer):

    def GetAccount(self, request, context):
        return v1.Account(name=request.name)


def test_mtls_presents_the_client_certificate(tmp_path):
    server_cert, server_key = self_signed(tmp_path, "server")
    client_cert, client_key = self_signed(tmp_path, "client")
    read = lambda path: open(path, "rb").read()  # noqa: E731
    credentials = grpc.ssl_server_credentials(
        [(read(server_key), read(server_cert))],
        root_certificates=read(client_cert), require_client_auth=True)
    fake = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    account_pb2_grpc.add_AccountServiceServicer_to_server(Accounts(), fake)
    port = fake.add_secure_port("127.0.0.1:0", credentials)
    fake.start()
    try:
        address = f"127.0.0.1:{port}"
        with cordon.Client(address, ca_file=server_cert, cert_file=client_cert,
                           key_file=client_key, timeout=10) as client:
            assert client.get("accounts/7").name == "accounts/7"
        with cordon.Client(address, ca_file=server_cert, timeout=5,
                           retry=cordon.NO_RETRY) as anonymous:
            with pytest.raises(cordon.CordonError):
                anonymous.get("accounts/7")
        with pytest.raises(ValueError):
            cordon.Client(address, cert_file=client_cert)
    finally:
        fake.stop(grace=None)
