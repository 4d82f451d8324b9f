"""Names, error decoding, paging and update building without a server."""

from __future__ import annotations

import grpc
import pytest

import cordon
from cordon import names, updates, v1
from conftest import status_details


def test_names_build_and_parse():
    name = names.identity_name("a1", "o2", "i3")
    assert name == "accounts/a1/organizations/o2/identities/i3"
    assert names.parse_name(name) == {"accounts": "a1",
                                      "organizations": "o2",
                                      "identities": "i3"}
    assert names.parent_of(name) == "accounts/a1/organizations/o2"
    assert names.id_of(name) == "i3"
    assert names.escalation_name("a", "e") == "accounts/a/escalations/e"


@pytest.mark.parametrize("bad", ["", "accounts", "accounts//x", "things/1",
                                 "accounts/1/accounts/2"])
def test_names_refuse_what_is_not_a_name(bad):
    with pytest.raises(ValueError):
        names.parse_name(bad)


def test_name_builders_refuse_a_slash_or_nothing():
    for bad in ("a/b", ""):
        with pytest.raises(ValueError):
            names.account_name(bad)


class RawError(grpc.RpcError):
    """What a raw stub raises (a grpc.Call)."""

    def __init__(self, code, message, trailers=()):
        self._code, self._message, self._trailers = code, message, trailers

    def code(self):
        return self._code

    def details(self):
        return self._message

    def trailing_metadata(self):
        return self._trailers


def test_errors_decode_reason_and_field_violations():
    blob = status_details(grpc.StatusCode.INVALID_ARGUMENT,
                          "identity.upn: has no '@'", "INVALID_FIELD", {},
                          field="identity.upn")
    raw = RawError(grpc.StatusCode.INVALID_ARGUMENT, "identity.upn: has no '@'",
                   (("grpc-status-details-bin", blob),))
    error = cordon.CordonError.from_rpc_error(raw)
    assert error.reason == "INVALID_FIELD" and error.domain == "cordon"
    assert error.field_violations == [
        cordon.FieldViolation("identity.upn", "identity.upn: has no '@'")]
    assert str(error) == ("INVALID_ARGUMENT (INVALID_FIELD, field "
                          "identity.upn): identity.upn: has no '@'")


def test_errors_without_details_stay_readable():
    error = cordon.CordonError.from_rpc_error(
        RawError(grpc.StatusCode.UNAVAILABLE, "failed to connect\nto all"))
    assert str(error) == "UNAVAILABLE: failed to connect to all"
    assert error.reason == "" and error.oldest_cursor is None


def test_pager_follows_tokens_and_refuses_a_loop():
    pages = {"": v1.ListAccountsResponse(accounts=[v1.Account(name="a/1")],
                                         next_page_token="t1"),
             "t1": v1.ListAccountsResponse(accounts=[v1.Account(name="a/2")])}
    seen = []

    def list_accounts(request, **options):
        seen.append((request.page_token, request.page_size))
        return pages[request.page_token]

    request = v1.ListAccountsRequest()
    got = [a.name for a in cordon.items(list_accounts, request, page_size=7)]
    assert got == ["a/1", "a/2"] and seen == [("", 7), ("t1", 7)]
    assert request.page_size == 0  # not changed
    pages["t1"].next_page_token = "t1"
    with pytest.raises(RuntimeError):
        list(cordon.items(list_accounts, request))


def test_update_needs_an_etag_and_sets_the_mask():
    class Stub:
        UpdateIncidentReport = "the method"

    stubs = {"cordon.v1.IncidentService": Stub()}
    report = v1.IncidentReport(name="accounts/1/organizations/2/"
                               "incidentReports/3", title="t")
    with pytest.raises(ValueError):
        updates.build_update(stubs, report, ["title"], require_etag=True)
    report.etag = '"e1"'
    method, request = updates.build_update(stubs, report, ["title"], True)
    assert method == "the method"
    assert request.incident_report == report
    assert list(request.update_mask.paths) == ["title"]
    with pytest.raises(TypeError):
        updates.build_update(stubs, v1.Event(), ["type"], False)
