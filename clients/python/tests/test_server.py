"""The SDK against a real cordon-server (port 0, its bootstrap SOC key)."""

from __future__ import annotations

import grpc
import pytest

import cordon
from cordon import v1


def identity(upn: str) -> v1.Identity:
    return v1.Identity(upn=upn, display_name=upn.split("@")[0],
                       source=v1.Identity.CLOUD_ONLY, usage_location="NL")


def test_creates_account_organization_and_identities(client, organization):
    created = client.create_identity(organization, identity("ann@contoso.com"))
    assert created.name.startswith(organization + "/identities/")
    assert cordon.names.parent_of(created.name) == organization
    assert client.get(created.name).upn == "ann@contoso.com"
    account = cordon.names.parent_of(organization)
    assert organization in [o.name for o in client.organizations(account)]


def test_identities_iterates_over_every_page(client, organization):
    upns = [f"user{i}@contoso.com" for i in range(5)]
    for upn in upns:
        client.create_identity(organization, identity(upn))
    listed = [i.upn for i in client.identities(organization, page_size=2)]
    assert sorted(listed) == upns
    pages = list(cordon.pages(client.stubs.identity.ListIdentities,
                              v1.ListIdentitiesRequest(parent=organization),
                              page_size=2))
    assert [len(p.identities) for p in pages] == [2, 2, 1]


def test_invalid_argument_names_the_field(client, organization):
    with pytest.raises(cordon.CordonError) as raised:
        client.create_identity(organization, identity("no-at-sign"))
    error = raised.value
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.reason == "INVALID_FIELD"
    assert error.domain == "cordon"
    assert error.field == "identity.upn"
    assert str(error).startswith(
        "INVALID_ARGUMENT (INVALID_FIELD, field identity.upn): ")
    assert "\n" not in str(error)
    assert isinstance(error, grpc.RpcError)  # raw-stub code still catches it


def test_same_request_id_returns_the_first_result(client, organization):
    # What makes the automatic request_id retry-safe (test_retry.py shows
    # every attempt carries the same one).
    first = client.create_identity(organization, identity("bo@contoso.com"),
                                   request_id="retry-1")
    again = client.create_identity(organization, identity("bo@contoso.com"),
                                   request_id="retry-1")
    assert again.name == first.name
    with pytest.raises(cordon.CordonError) as raised:
        client.create_identity(organization, identity("BO@contoso.com"))
    assert raised.value.code == grpc.StatusCode.ALREADY_EXISTS
    assert raised.value.reason == "UPN_TAKEN"


def test_update_with_a_stale_etag_is_aborted(client, organization):
    read = client.create_identity(organization, identity("cy@contoso.com"))
    read.display_name = "Cy One"
    updated = client.update(read, ["display_name"])
    assert updated.display_name == "Cy One" and updated.etag != read.etag
    read.display_name = "Cy Two"  # still the first etag
    with pytest.raises(cordon.CordonError) as raised:
        client.update(read, ["display_name"])
    assert raised.value.code == grpc.StatusCode.ABORTED
    assert raised.value.reason == "ETAG_MISMATCH"
    assert client.get(read.name).display_name == "Cy One"


def test_delete_with_a_stale_etag_is_aborted(client, organization):
    made = client.create_identity(organization, identity("di@contoso.com"))
    made.display_name = "Di"
    client.update(made, ["display_name"])
    with pytest.raises(cordon.CordonError) as raised:
        client.delete(made.name, etag=made.etag)
    assert raised.value.code == grpc.StatusCode.ABORTED
    client.delete(made.name, etag=client.get(made.name).etag)
    with pytest.raises(cordon.CordonError) as gone:
        client.get(made.name)
    assert gone.value.code == grpc.StatusCode.NOT_FOUND


def test_a_missing_resource_is_not_found(client, organization):
    with pytest.raises(cordon.CordonError) as raised:
        client.get(organization + "/identities/999999")
    assert raised.value.code == grpc.StatusCode.NOT_FOUND


def test_a_wrong_api_key_is_unauthenticated(server):
    with cordon.Client(server.address, api_key="not-a-key") as wrong:
        with pytest.raises(cordon.CordonError) as raised:
            list(wrong.accounts())
    assert raised.value.code == grpc.StatusCode.UNAUTHENTICATED
