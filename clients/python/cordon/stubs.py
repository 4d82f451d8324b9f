"""Every raw gRPC stub of cordon.v1 on one channel."""

from __future__ import annotations

from typing import Dict

import grpc

from cordon._gen import messages as m


class Stubs:
    """The generated stubs, one attribute per service, for every RPC the
    Client has no helper for. They share the Client's channel, so each call
    still gets the API key, the default deadline, retries and decoded
    errors: `client.stubs.identity.IsolateIdentity(request)`."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.access_rule = m.AccessRuleServiceStub(channel)
        self.account = m.AccountServiceStub(channel)
        self.agent_key = m.AgentKeyServiceStub(channel)
        self.agent = m.AgentServiceStub(channel)
        self.api_key = m.ApiKeyServiceStub(channel)
        self.audit = m.AuditServiceStub(channel)
        self.escalation = m.EscalationServiceStub(channel)
        self.event = m.EventServiceStub(channel)
        self.identity = m.IdentityServiceStub(channel)
        self.incident = m.IncidentServiceStub(channel)
        self.organization = m.OrganizationServiceStub(channel)
        self.soc_alert = m.SocAlertServiceStub(channel)
        self.telemetry = m.TelemetryServiceStub(channel)
        self.user = m.UserServiceStub(channel)

    def by_service(self) -> Dict[str, object]:
        """Full service name (cordon.v1.IdentityService) -> stub."""
        return {
            "cordon.v1." + type(stub).__name__[:-len("Stub")]: stub
            for stub in vars(self).values()
        }
