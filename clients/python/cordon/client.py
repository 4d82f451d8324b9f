"""cordon.Client: one channel to a Cordon server with the API key, TLS,
deadlines, retries, paging, decoded errors, etag-aware updates and watch."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Tuple

import grpc
from google.protobuf.message import Message

from cordon import flows, paging, updates, watch
from cordon._gen import messages as m
from cordon._interceptor import CordonInterceptor
from cordon.names import parse_name
from cordon.retry import RetryPolicy
from cordon.stubs import Stubs

# Last collection of a name -> (Stubs attribute, resource type).
_KINDS = {
    "accounts": ("account", "Account"),
    "organizations": ("organization", "Organization"),
    "identities": ("identity", "Identity"),
    "incidentReports": ("incident", "IncidentReport"),
    "escalations": ("escalation", "Escalation"),
    "users": ("user", "User"),
    "accessRules": ("access_rule", "AccessRule"),
    "socAlerts": ("soc_alert", "SocAlert"),
}


def _read(path: Optional[str]) -> Optional[bytes]:
    return None if path is None else Path(path).read_bytes()


def _api_key(api_key: Optional[str], api_key_file: Optional[str]) -> str:
    if api_key and api_key_file:
        raise ValueError("pass api_key or api_key_file, not both")
    if api_key_file:
        return Path(api_key_file).read_text().strip()
    return api_key or ""


def _channel(address: str, tls: bool, ca_file: Optional[str],
             cert_file: Optional[str], key_file: Optional[str],
             options: Sequence[Tuple[str, Any]]) -> grpc.Channel:
    if (cert_file is None) != (key_file is None):
        raise ValueError("mTLS needs both cert_file and key_file")
    if not (tls or ca_file or cert_file):
        return grpc.insecure_channel(address, options=options)
    credentials = grpc.ssl_channel_credentials(
        root_certificates=_read(ca_file),
        private_key=_read(key_file),
        certificate_chain=_read(cert_file))
    return grpc.secure_channel(address, credentials, options=options)


class Client:
    """A connection to cordon-server.

    Plaintext unless `tls` is true or a CA / client certificate is given
    (`ca_file` for a private CA, else the system roots; `cert_file` and
    `key_file` for mTLS). Every call, raw stubs included, carries the API
    key, gets `timeout` seconds unless it passes its own, is retried on
    UNAVAILABLE as `retry` says, and fails with a cordon.CordonError.
    """

    def __init__(self,
                 address: str,
                 *,
                 api_key: Optional[str] = None,
                 api_key_file: Optional[str] = None,
                 tls: bool = False,
                 ca_file: Optional[str] = None,
                 cert_file: Optional[str] = None,
                 key_file: Optional[str] = None,
                 timeout: Optional[float] = 30.0,
                 retry: Optional[RetryPolicy] = None,
                 channel_options: Sequence[Tuple[str, Any]] = ()) -> None:
        key = _api_key(api_key, api_key_file)
        metadata = [("authorization", f"Bearer {key}")] if key else []
        self.retry = retry or RetryPolicy()
        self._raw = _channel(address, tls, ca_file, cert_file, key_file,
                             channel_options)
        self.channel = grpc.intercept_channel(
            self._raw, CordonInterceptor(metadata, timeout, self.retry))
        self.stubs = Stubs(self.channel)

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Creates: a request_id is added when none is given (retry-safe).
    def create_account(self, account: m.Account,
                       request_id: str = "") -> m.AccountChange:
        return self.stubs.account.CreateAccount(
            m.CreateAccountRequest(account=account, request_id=request_id))

    def create_organization(self, parent: str, organization: m.Organization,
                            request_id: str = "") -> m.Organization:
        return self.stubs.organization.CreateOrganization(
            m.CreateOrganizationRequest(parent=parent,
                                        organization=organization,
                                        request_id=request_id))

    def create_identity(self, parent: str, identity: m.Identity,
                        request_id: str = "") -> m.Identity:
        return self.stubs.identity.CreateIdentity(
            m.CreateIdentityRequest(parent=parent, identity=identity,
                                    request_id=request_id))

    def create_incident_report(self, parent: str, report: m.IncidentReport,
                               request_id: str = "") -> m.IncidentReport:
        return self.stubs.incident.CreateIncidentReport(
            m.CreateIncidentReportRequest(parent=parent,
                                          incident_report=report,
                                          request_id=request_id))

    # Reads, deletes and updates by resource name / resource.
    def _by_name(self, verb: str, name: str) -> Tuple[Any, Any]:
        collection = name.split("/")[-2] if "/" in name else ""
        parse_name(name)
        if collection not in _KINDS:
            raise ValueError(f"no {verb} for {name!r}")
        service, kind = _KINDS[collection]
        method = getattr(getattr(self.stubs, service), verb + kind)
        return method, getattr(m, f"{verb}{kind}Request")(name=name)

    def get(self, name: str) -> Any:
        """The resource `name` names, e.g. get("accounts/a") -> Account."""
        method, request = self._by_name("Get", name)
        return method(request)

    def delete(self, name: str, etag: str = "") -> None:
        """Deletes `name`; with `etag`, only if it is still the current one."""
        method, request = self._by_name("Delete", name)
        request.etag = etag
        method(request)

    def update(self, resource: Message, paths: Iterable[str],
               require_etag: bool = True) -> Any:
        """Writes `paths` (the update_mask) of `resource` if its etag is
        still the stored one; else CordonError ABORTED: read it again, re-apply
        the change, retry. require_etag=False allows a blind overwrite."""
        method, request = updates.build_update(self.stubs.by_service(),
                                               resource, paths, require_etag)
        return method(request)

    # Paging iterators over all pages.
    def list(self, method: Any, request: Message,
             page_size: Optional[int] = None) -> Iterator[Any]:
        """Every item of any List RPC: list(stubs.user.ListUsers, request)."""
        return paging.items(method, request, page_size)

    def accounts(self, page_size: Optional[int] = None) -> Iterator[m.Account]:
        return self.list(self.stubs.account.ListAccounts,
                         m.ListAccountsRequest(), page_size)

    def organizations(self, account: str, filter: str = "",
                      page_size: Optional[int] = None
                      ) -> Iterator[m.Organization]:
        return self.list(self.stubs.organization.ListOrganizations,
                         m.ListOrganizationsRequest(parent=account,
                                                    filter=filter), page_size)

    def identities(self, organization: str, filter: str = "",
                   page_size: Optional[int] = None) -> Iterator[m.Identity]:
        return self.list(self.stubs.identity.ListIdentities,
                         m.ListIdentitiesRequest(parent=organization,
                                                 filter=filter), page_size)

    def incident_reports(self, parent: str, filter: str = "",
                         page_size: Optional[int] = None
                         ) -> Iterator[m.IncidentReport]:
        return self.list(self.stubs.incident.ListIncidentReports,
                         m.ListIncidentReportsRequest(parent=parent,
                                                      filter=filter), page_size)

    def escalations(self, account: str, filter: str = "",
                    page_size: Optional[int] = None) -> Iterator[m.Escalation]:
        return self.list(self.stubs.escalation.ListEscalations,
                         m.ListEscalationsRequest(parent=account,
                                                  filter=filter), page_size)

    # Events.
    def watch_events(self,
                     parent: str,
                     after_cursor: int = 0,
                     from_oldest: bool = False,
                     organization: str = "",
                     types: Sequence[int] = (),
                     timeout: Optional[float] = None) -> Iterator[m.Event]:
        """Events of `parent` (accounts/{a}, or accounts/- for a SOC
        analyst), BOOKMARKs included, resumed from the last cursor after a
        disconnect (see cordon.watch.follow)."""
        request = m.WatchEventsRequest(parent=parent,
                                       after_cursor=after_cursor,
                                       from_oldest=from_oldest,
                                       organization=organization,
                                       types=types)
        return watch.follow(self.stubs.event.WatchEvents, request, self.retry,
                            timeout)

    def send_and_wait(self, report: str,
                      timeout: float = 120.0) -> flows.SendResult:
        """Sends `report` and returns once its identities are isolated (or
        LIMITED / AWAITING_CONFIRMATION); see cordon.flows."""
        return flows.send_and_wait(self, report, timeout)
