"""Resource names: build and parse `accounts/{a}/organizations/{o}/...`."""

from __future__ import annotations

from typing import Dict

# The collections of Cordon's resource names, as they appear in names.
COLLECTIONS = ("accounts", "organizations", "identities", "incidentReports",
               "escalations", "users", "accessRules", "agentKeys",
               "auditEvents", "apiKeys", "socAlerts")


def _segment(value: str, what: str) -> str:
    if not value or "/" in value:
        raise ValueError(f"{what} id must be non-empty and without '/': "
                         f"{value!r}")
    return value


def account_name(account: str) -> str:
    return f"accounts/{_segment(account, 'account')}"


def organization_name(account: str, organization: str) -> str:
    return (f"{account_name(account)}/organizations/"
            f"{_segment(organization, 'organization')}")


def identity_name(account: str, organization: str, identity: str) -> str:
    return (f"{organization_name(account, organization)}/identities/"
            f"{_segment(identity, 'identity')}")


def incident_report_name(account: str, organization: str, report: str) -> str:
    return (f"{organization_name(account, organization)}/incidentReports/"
            f"{_segment(report, 'report')}")


def escalation_name(account: str, escalation: str) -> str:
    return (f"{account_name(account)}/escalations/"
            f"{_segment(escalation, 'escalation')}")


def user_name(account: str, user: str) -> str:
    return f"{account_name(account)}/users/{_segment(user, 'user')}"


def parse_name(name: str) -> Dict[str, str]:
    """`accounts/a/organizations/o` -> {"accounts": "a", "organizations": "o"}.

    Raises ValueError for a name that is not collection/id pairs of known
    collections.
    """
    parts = name.split("/")
    if len(parts) % 2 or not all(parts):
        raise ValueError(f"not a resource name: {name!r}")
    pairs: Dict[str, str] = {}
    for collection, value in zip(parts[::2], parts[1::2]):
        if collection not in COLLECTIONS or collection in pairs:
            raise ValueError(f"not a resource name: {name!r} "
                             f"(collection {collection!r})")
        pairs[collection] = value
    return pairs


def parent_of(name: str) -> str:
    """The enclosing resource: `accounts/a/organizations/o` -> `accounts/a`."""
    parse_name(name)
    return "/".join(name.split("/")[:-2])


def id_of(name: str) -> str:
    """The last segment: `accounts/a/organizations/o` -> `o`."""
    parse_name(name)
    return name.rsplit("/", 1)[-1]
