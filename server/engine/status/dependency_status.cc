#include "server/engine/status/dependency_status.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::v1::DependencyCalls;

void SetTime(absl::Time time, google::protobuf::Timestamp* field) {
  if (time != absl::InfinitePast()) *field = ToTimestamp(time);
}

DependencyCalls CallsOf(const CallTally& tally) {
  DependencyCalls calls;
  if (tally.successes + tally.failures == 0) {
    calls.set_state(DependencyCalls::NOT_CALLED);
    return calls;
  }
  calls.set_state(tally.last_succeeded() ? DependencyCalls::OK
                                         : DependencyCalls::FAILING);
  SetTime(tally.last_success, calls.mutable_last_success_time());
  SetTime(tally.last_failure, calls.mutable_last_failure_time());
  calls.set_last_failure(tally.last_failure_text);
  calls.set_successes(tally.successes);
  calls.set_failures(tally.failures);
  return calls;
}

void AddGraphTenant(const cordon::v1::Organization& org, const CallTally& tally,
                    cordon::v1::DependencyStatus* status) {
  cordon::v1::GraphTenantStatus* tenant = status->add_graph_tenants();
  tenant->set_organization(org.name());
  tenant->set_tenant_id(org.m365_tenant_id());
  *tenant->mutable_calls() = CallsOf(tally);
  SetTime(tally.last_token, tenant->mutable_last_token_time());
  if (!tally.last_succeeded()) tenant->set_aadsts_code(tally.aadsts_code);
}

void AddAgent(const cordon::v1::Organization& org, bool connected,
              cordon::v1::DependencyStatus* status) {
  const cordon::v1::OnPremAdServer& server = org.on_prem_ad_server();
  cordon::v1::AgentStatus* agent = status->add_agents();
  agent->set_organization(org.name());
  agent->set_connected(connected);
  agent->set_agent_version(server.agent_version());
  agent->set_agent_host(server.agent_host());
  if (server.has_agent_last_seen_time()) {
    *agent->mutable_last_seen_time() = server.agent_last_seen_time();
  }
}

void AddPsa(const std::string& account, const DependencyBoard::PsaEntry& entry,
            cordon::v1::DependencyStatus* status) {
  cordon::v1::PsaStatus* psa = status->add_psa();
  psa->set_account(account);
  psa->set_kind(entry.kind);
  *psa->mutable_calls() = CallsOf(entry.tally);
}

}  // namespace

absl::Status DependencyStatusReader::AddOrganizations(
    absl::optional<uint64_t> account,
    cordon::v1::DependencyStatus* status) const {
  int read = 0;
  const std::string prefix =
      account.has_value() ? store::KeyOf({*account}) : "";
  return ScanRows<cordon::v1::Organization>(
      *db_, store::Family::kOrganizations, prefix, kMaxOrganizations + 1,
      "organization record", [&](const cordon::v1::Organization& org) {
        if (read++ == kMaxOrganizations) {
          status->set_truncated(true);
          return false;
        }
        if (!org.m365_tenant_id().empty()) {
          AddGraphTenant(
              org,
              board_->GraphTenant(absl::AsciiStrToLower(org.m365_tenant_id())),
              status);
        }
        if (org.has_on_prem_ad_server()) {
          AddAgent(org, presence_->ConfirmsConnected(org), status);
        }
        return true;
      });
}

absl::Status DependencyStatusReader::AddAccountPsa(
    uint64_t account, cordon::v1::DependencyStatus* status) const {
  const std::string name = absl::StrCat("accounts/", account);
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                          ReadRow<cordon::store::AccountRecord>(
                              *db_, store::Family::kAccounts,
                              store::KeyOf({account}), name, "account record"));
  // An integration set up but not called since start shows NOT_CALLED.
  if (!PsaConnectionWithoutSecret(record).has_value()) return absl::OkStatus();
  DependencyBoard::PsaEntry entry = board_->PsaAccount(name);
  entry.kind = cordon::v1::PsaIntegration::Kind_Name(
      record.account().settings().psa_integration().kind());
  AddPsa(name, entry, status);
  return absl::OkStatus();
}

absl::StatusOr<cordon::v1::DependencyStatus> DependencyStatusReader::Read(
    absl::optional<uint64_t> account) const {
  cordon::v1::DependencyStatus status;
  *status.mutable_read_time() = ToTimestamp(clock_->Now());
  *status.mutable_start_time() = ToTimestamp(board_->start());
  CORDON_RETURN_IF_ERROR(AddOrganizations(account, &status));
  if (account.has_value()) {
    CORDON_RETURN_IF_ERROR(AddAccountPsa(*account, &status));
    return status;
  }
  for (const auto& [name, entry] : board_->PsaAccounts()) {
    AddPsa(name, entry, &status);
  }
  *status.mutable_smtp()->mutable_deliveries() = CallsOf(board_->Smtp());
  return status;
}

}  // namespace cordon::engine
