#include "server/engine/agent/agent_connections.h"

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/version.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

constexpr size_t kMaxHostLength = 253;  // a DNS name

absl::Status ValidateHost(const std::string& host) {
  if (host.size() > kMaxHostLength) {
    return core::InvalidField("host", "at most 253 characters");
  }
  for (char c : host) {
    if (c < 0x21 || c > 0x7e) {
      return core::InvalidField("host", "printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AgentConnections::UpdateOnPrem(
    const core::OrganizationName& org,
    const std::function<
        absl::StatusOr<std::string>(cordon::v1::OnPremAdServer&)>& change,
    const Actor& actor) {
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    const std::string key = store::KeyOf({org.account, org.organization});
    CORDON_ASSIGN_OR_RETURN(
        cordon::v1::Organization row,
        LockRow<cordon::v1::Organization>(txn, store::Family::kOrganizations,
                                          key, org.ToString()));
    CORDON_ASSIGN_OR_RETURN(std::string audited,
                            change(*row.mutable_on_prem_ad_server()));
    txn.Put(store::Family::kOrganizations, key, row);
    if (!audited.empty()) {
      CORDON_RETURN_IF_ERROR(
          audit_->Record(txn, org.account, actor, org.ToString(), audited));
    }
    return txn.Commit();
  });
}

absl::StatusOr<uint64_t> AgentConnections::Connect(
    const Actor& actor, const core::OrganizationName& org,
    const std::string& version, const std::string& host) {
  CORDON_RETURN_IF_ERROR(
      core::ForField("version", core::ParseVersion(version).status()));
  CORDON_RETURN_IF_ERROR(ValidateHost(host));
  const absl::Time now = clock_->Now();
  // Open first: a server at its stream limit writes nothing.
  CORDON_ASSIGN_OR_RETURN(uint64_t session, presence_->Open(org));
  absl::Status written = UpdateOnPrem(
      org,
      [&](cordon::v1::OnPremAdServer& on_prem) -> absl::StatusOr<std::string> {
        std::string audited;
        if (on_prem.agent_version() != version ||
            on_prem.agent_host() != host) {
          // ISO-9 decides by this version from now on: worth a record.
          audited = absl::StrCat(
              "on-prem agent ", version, " on ",
              host.empty() ? "an unnamed host" : host, " connected (was ",
              on_prem.agent_version().empty() ? "none"
                                              : on_prem.agent_version(),
              ")");
        }
        on_prem.set_agent_version(version);
        on_prem.set_agent_host(host);
        on_prem.set_agent_connected(true);
        *on_prem.mutable_agent_connect_time() = ToTimestamp(now);
        *on_prem.mutable_agent_last_seen_time() = ToTimestamp(now);
        return audited;
      },
      actor);
  if (!written.ok()) {
    presence_->Close(org, session);
    return written;
  }
  return session;
}

absl::Status AgentConnections::Disconnect(const core::OrganizationName& org,
                                          uint64_t session) {
  if (!presence_->Close(org, session)) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  absl::Status written = UpdateOnPrem(
      org,
      [&](cordon::v1::OnPremAdServer& on_prem) -> absl::StatusOr<std::string> {
        on_prem.set_agent_connected(false);
        *on_prem.mutable_agent_last_seen_time() = ToTimestamp(now);
        return std::string();
      },
      Actor{});
  // The organization may be gone meanwhile: nothing left to show it on.
  return absl::IsNotFound(written) ? absl::OkStatus() : written;
}

}  // namespace cordon::engine
