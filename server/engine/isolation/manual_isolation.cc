#include "server/engine/isolation/manual_isolation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/core/errors.h"
#include "server/engine/isolation/isolation_record.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {

absl::StatusOr<cordon::v1::Identity> ManualIsolation::ReadIdentity(
    const core::IdentityName& name) const {
  absl::StatusOr<std::string> value =
      db_->Get(store::Family::kIdentities, IdentityKey(name));
  if (absl::IsNotFound(value.status())) {
    return absl::NotFoundError(name.ToString() + " not found");
  }
  if (!value.ok()) return value.status();
  cordon::v1::Identity identity;
  if (!identity.ParseFromString(*value)) {
    return absl::DataLossError("identity does not parse");
  }
  return identity;
}

absl::StatusOr<cordon::v1::Identity> ManualIsolation::Isolate(
    const Actor& actor, const core::IdentityName& name,
    const std::string& reason) {
  IsolationEngine::IsolateRequest request;
  request.trigger = core::IsolationTrigger::kManual;
  // One manual hold per identity: isolating twice is one hold.
  request.source = name.ToString();
  CORDON_RETURN_IF_ERROR(store::Transact(*db_, [&](store::Transaction& txn) {
    CORDON_ASSIGN_OR_RETURN(std::vector<cordon::v1::ResponseAction> actions,
                            isolation_->Isolate(txn, name, request));
    CORDON_RETURN_IF_ERROR(
        audit_->Record(txn, name.account, actor, name.ToString(),
                       absl::StrCat("isolated by hand (", actions.size(),
                                    " actions queued): ", reason)));
    return txn.Commit();
  }));
  if (on_actions_queued_) on_actions_queued_();
  return ReadIdentity(name);
}

absl::StatusOr<cordon::v1::Identity> ManualIsolation::Release(
    const Actor& actor, const core::IdentityName& name,
    const std::string& reason) {
  CORDON_RETURN_IF_ERROR(ReadIdentity(name).status());
  CORDON_RETURN_IF_ERROR(store::Transact(*db_, [&](store::Transaction& txn) {
    CORDON_ASSIGN_OR_RETURN(
        std::vector<cordon::v1::ResponseAction> actions,
        isolation_->Release(txn, name, /*source=*/"", /*report=*/"", 0));
    CORDON_RETURN_IF_ERROR(audit_->Record(
        txn, name.account, actor, name.ToString(),
        absl::StrCat("released by hand, every hold cleared (", actions.size(),
                     " actions queued): ", reason)));
    return txn.Commit();
  }));
  if (on_actions_queued_) on_actions_queued_();
  return ReadIdentity(name);
}

absl::StatusOr<std::vector<cordon::v1::InboxRule>>
ManualIsolation::ListInboxRules(const core::IdentityName& name) const {
  CORDON_RETURN_IF_ERROR(ReadIdentity(name).status());
  CORDON_ASSIGN_OR_RETURN(cordon::store::IsolationRecord record,
                          isolation_->Read(name));
  std::vector<cordon::v1::InboxRule> rules;
  for (const auto& seen : record.inbox_rules()) {
    cordon::v1::InboxRule rule;
    rule.set_id(seen.id());
    rule.set_display_name(seen.display_name());
    rule.set_enabled(seen.enabled());
    rule.set_read_only(seen.read_only());
    for (absl::string_view reason :
         absl::StrSplit(seen.suspicion(), ',', absl::SkipEmpty())) {
      rule.add_suspicion(std::string(reason));
    }
    rule.set_disabled_by_cordon(seen.disabled_by_cordon());
    *rule.mutable_seen_time() = seen.seen_time();
    rules.push_back(std::move(rule));
  }
  return rules;
}

absl::Status ManualIsolation::EnableInboxRule(const Actor& actor,
                                              const core::IdentityName& name,
                                              const std::string& rule_id) {
  CORDON_RETURN_IF_ERROR(ReadIdentity(name).status());
  CORDON_RETURN_IF_ERROR(store::Transact(*db_, [&](store::Transaction& txn) {
    CORDON_RETURN_IF_ERROR(
        isolation_->QueueEnableInboxRule(txn, name, rule_id));
    CORDON_RETURN_IF_ERROR(audit_->Record(
        txn, name.account, actor, name.ToString(),
        absl::StrCat("asked to re-enable inbox rule ", rule_id, " (ISO-5)")));
    return txn.Commit();
  }));
  if (on_actions_queued_) on_actions_queued_();
  return absl::OkStatus();
}

}  // namespace cordon::engine
