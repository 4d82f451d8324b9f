// RestGraph's inbox rule calls (ISO-3): listing with folder resolution, and
// enabling or disabling one rule.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/adapters/graph/graph_outcome.h"
#include "server/adapters/graph/graph_pages.h"
#include "server/adapters/graph/mail_folder_json.h"
#include "server/adapters/graph/rest_graph.h"

namespace cordon::adapters::graph {
namespace {

bool MovesMail(const MessageRuleRecord& record) {
  return !record.move_to_folder_id.empty();
}

// A 4xx that may be Graph refusing to change a read-only rule. Graph
// documents no status or code for that, so only the answers that mean
// something else are left out: token (401), no such rule or mailbox (404),
// timeouts (408), conflicts (409) and throttling (429).
bool MayRefuseReadOnlyRule(const core::GraphCallOutcome& outcome) {
  const int status = outcome.http_status;
  if (outcome.timed_out || status < 400 || status >= 500) return false;
  return status != 401 && status != 404 && status != 408 && status != 409 &&
         status != 429;
}

}  // namespace

core::GraphCallOutcome RestGraph::ReadRuleRecords(
    const ports::GraphUserRef& user,
    std::vector<MessageRuleRecord>* records) const {
  return ReadAllPages(
      caller_, urls_, user.tenant_id, urls_.InboxRules(user.upn), max_pages_,
      [records](absl::string_view body) -> absl::StatusOr<std::string> {
        absl::StatusOr<MessageRulesPage> page = ParseMessageRules(body);
        if (!page.ok()) return page.status();
        for (MessageRuleRecord& record : page->rules) {
          records->push_back(std::move(record));
        }
        return std::move(page->next_link);
      });
}

std::optional<core::GraphCallOutcome> RestGraph::ReadWellKnownFolders(
    const ports::GraphUserRef& user, WellKnownFolderIds* folders) const {
  // Graph's well-known folder names. RSS Feeds has none in v1.0, so a rule
  // moving mail there reads as kOther.
  const std::pair<const char*, std::string*> wanted[] = {
      {"deleteditems", &folders->deleted_items},
      {"archive", &folders->archive},
      {"junkemail", &folders->junk_email},
  };
  for (const auto& [name, id] : wanted) {
    GraphAnswer answer = caller_.Call(user.tenant_id, http::HttpMethod::kGet,
                                      urls_.WellKnownFolder(user.upn, name), "",
                                      CallPriority::kNormal);
    // A mailbox without an archive folder has no rule moving mail into it.
    if (answer.outcome.http_status == 404 && !answer.outcome.timed_out) {
      continue;
    }
    if (!Succeeded(answer.outcome)) return answer.outcome;
    absl::StatusOr<std::string> folder_id = ParseMailFolderId(answer.body);
    if (!folder_id.ok()) return MalformedAnswerOutcome();
    *id = *std::move(folder_id);
  }
  return std::nullopt;
}

core::GraphCallOutcome RestGraph::ListInboxRules(
    const ports::GraphUserRef& user, std::vector<core::InboxRule>* rules) {
  std::vector<MessageRuleRecord> records;
  core::GraphCallOutcome outcome = ReadRuleRecords(user, &records);
  if (!Succeeded(outcome)) return outcome;
  if (std::any_of(records.begin(), records.end(), MovesMail)) {
    WellKnownFolderIds folders;
    std::optional<core::GraphCallOutcome> failed =
        ReadWellKnownFolders(user, &folders);
    if (failed.has_value()) return *failed;
    for (MessageRuleRecord& record : records) {
      ResolveMoveToFolder(folders, &record);
    }
  }
  rules->clear();
  for (MessageRuleRecord& record : records) {
    rules->push_back(std::move(record.rule));
  }
  return outcome;
}

bool RestGraph::IsListedReadOnly(const ports::GraphUserRef& user,
                                 const std::string& rule_id) const {
  std::vector<MessageRuleRecord> records;
  if (!Succeeded(ReadRuleRecords(user, &records))) return false;
  return std::any_of(records.begin(), records.end(),
                     [&rule_id](const MessageRuleRecord& record) {
                       return record.rule.id == rule_id &&
                              record.rule.is_read_only;
                     });
}

core::GraphCallOutcome RestGraph::SetInboxRuleEnabled(
    const ports::GraphUserRef& user, const std::string& rule_id, bool enabled) {
  // Normal priority: only the lock-out calls (revoke, disable) go first.
  core::GraphCallOutcome outcome =
      caller_
          .Call(user.tenant_id, http::HttpMethod::kPatch,
                urls_.InboxRule(user.upn, rule_id),
                BuildRuleEnabledPatch(enabled), CallPriority::kNormal)
          .outcome;
  if (MayRefuseReadOnlyRule(outcome)) {
    outcome.target_rule_read_only = IsListedReadOnly(user, rule_id);
  }
  return outcome;
}

}  // namespace cordon::adapters::graph
