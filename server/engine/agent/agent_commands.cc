#include "server/engine/agent/agent_commands.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/core/errors.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::AgentCommandRecord;

constexpr absl::string_view kCommandPrefix = "cmd-";

absl::optional<uint64_t> SequenceOf(absl::string_view command_id) {
  uint64_t sequence = 0;
  if (!absl::ConsumePrefix(&command_id, kCommandPrefix) ||
      command_id.size() > 20 || !absl::SimpleAtoi(command_id, &sequence) ||
      sequence == 0) {
    return absl::nullopt;
  }
  return sequence;
}

}  // namespace

absl::StatusOr<core::OrganizationName> AgentCommands::OrganizationOf(
    const cordon::store::OutboxAction& action) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                          core::ParseIdentityName(action.identity()));
  return identity.parent();
}

absl::StatusOr<std::string> AgentCommands::Queue(
    store::Transaction& txn, const cordon::store::OutboxAction& action) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName org, OrganizationOf(action));
  // Ids only grow, so key order is hand-over order: the agent applies a
  // release's enable after the disable it follows.
  CORDON_ASSIGN_OR_RETURN(uint64_t sequence, db_->NextId());
  AgentCommandRecord record;
  record.set_command_id(absl::StrCat(kCommandPrefix, sequence));
  *record.mutable_action() = action;
  *record.mutable_create_time() = ToTimestamp(clock_->Now());
  txn.Put(store::Family::kAgentCommands,
          store::KeyOf({org.account, org.organization, sequence}), record);
  return record.command_id();
}

namespace {

absl::StatusOr<std::vector<AgentCommandRecord>> ScanCommands(
    const store::Database& db, absl::string_view prefix, int limit) {
  std::vector<AgentCommandRecord> pending;
  CORDON_RETURN_IF_ERROR(ScanRows<AgentCommandRecord>(
      db, store::Family::kAgentCommands, prefix, limit, "agent command record",
      [&](const AgentCommandRecord& record) {
        pending.push_back(record);
        return true;
      }));
  return pending;
}

}  // namespace

absl::StatusOr<std::vector<AgentCommandRecord>> AgentCommands::Pending(
    const core::OrganizationName& org, int limit) const {
  return ScanCommands(*db_, store::KeyOf({org.account, org.organization}),
                      limit);
}

absl::StatusOr<std::vector<AgentCommandRecord>> AgentCommands::AllPending(
    int limit) const {
  return ScanCommands(*db_, "", limit);
}

absl::StatusOr<absl::optional<AgentCommandRecord>> AgentCommands::Take(
    store::Transaction& txn, const core::OrganizationName& org,
    const std::string& command_id) {
  const absl::optional<uint64_t> sequence = SequenceOf(command_id);
  if (!sequence.has_value()) {
    return core::InvalidField("command_id",
                              "not a command id of the form cmd-<number>");
  }
  const std::string key =
      store::KeyOf({org.account, org.organization, *sequence});
  AgentCommandRecord record;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kAgentCommands, key, &record));
  if (!found) return absl::nullopt;
  txn.Delete(store::Family::kAgentCommands, key);
  return record;
}

}  // namespace cordon::engine
