#include "tests/process/crash_loop_checker.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cordon::process_testing::crash_loop {
namespace {

using nlohmann::json;
using ActionKind = v1::ResponseAction::Kind;

// The action kinds a user's report must show done: the isolation (ISO-3)
// once sent, and the release (ISO-4) once resolved.
std::vector<ActionKind> DoneKinds(const TenantUser& user) {
  std::vector<ActionKind> kinds = IsolationKinds();
  if (user.resolve != nullptr) {
    kinds.push_back(v1::ResponseAction::IDENTITY_RE_ENABLED);
  }
  return kinds;
}

bool AnyPending(const v1::IncidentReport& report) {
  for (const v1::ResponseAction& action : report.response_actions()) {
    if (action.outcome() == v1::ResponseAction::PENDING) return true;
  }
  return false;
}

// Each recipient's latest round-0 notification.
std::map<std::string, v1::EscalationNotification> RoundZero(
    const v1::Escalation& escalation) {
  std::map<std::string, v1::EscalationNotification> latest;
  for (const v1::EscalationNotification& entry : escalation.notifications()) {
    if (entry.round() == 0) latest[entry.recipient()] = entry;
  }
  return latest;
}

json Rule(const json& state, const std::string& id) {
  for (const json& rule : state.value("inbox_rules", json::array())) {
    if (rule.value("id", "") == id) return rule;
  }
  return nullptr;
}

}  // namespace

const std::vector<json>& RequestLogTail::Read() {
  std::ifstream in(path_, std::ios::binary);
  in.seekg(offset_);
  std::string line;
  while (std::getline(in, line) && !in.eof()) {
    offset_ += static_cast<std::streamoff>(line.size()) + 1;
    entries_.push_back(json::parse(line, nullptr, false));
  }
  return entries_;
}

Checker::Checker(History* history, ServedTenant* tenant)
    : history_(history), tenant_(tenant), log_(tenant->request_log_file()) {}

std::string Checker::Observe(Client& client, bool mail) {
  std::string failure = ObserveReports(client);
  if (failure.empty() && mail) failure = ObserveMail(client);
  return failure;
}

std::string Checker::ObserveReports(Client& client) {
  std::vector<std::pair<std::string, int>> succeeded;
  bool pending = false;
  for (const TenantUser& user : history_->users) {
    if (user.send == nullptr) continue;
    const std::vector<ActionKind> kinds = DoneKinds(user);
    bool marked = true;
    for (const ActionKind kind : kinds) {
      marked = marked && effect_marks_.count({user.upn, kind}) > 0;
    }
    if (marked) continue;
    v1::GetIncidentReportRequest get;
    get.set_name(user.report->answer().name());
    v1::IncidentReport report;
    const grpc::Status status = client.Call(get, &report);
    if (!status.ok()) return "read " + get.name() + ": " + Describe(status);
    for (const v1::ResponseAction& action : report.response_actions()) {
      if (action.outcome() == v1::ResponseAction::SUCCEEDED) {
        succeeded.push_back({user.upn, action.kind()});
      }
    }
    pending = pending || AnyPending(report);
  }
  const size_t length = log_.Read().size();
  for (const auto& key : succeeded) effect_marks_.emplace(key, length);
  mid_action_restarts_ += pending ? 1 : 0;
  return "";
}

size_t Checker::Delivered(const json& messages, const std::string& escalation,
                          const std::string& recipient) const {
  const std::string id =
      absl::StrCat("X-Cordon-Message-Id: ", escalation, "/round/0/");
  size_t count = 0;
  for (const json& message : messages) {
    const json recipients = message.value("recipients", json::array());
    const bool to = std::find(recipients.begin(), recipients.end(),
                              json(recipient)) != recipients.end();
    count += to && absl::StrContains(message.value("data", ""), id) ? 1 : 0;
  }
  return count;
}

std::string Checker::ReadMail(Client& client,
                              std::vector<v1::Escalation>* escalations,
                              json* messages) {
  const grpc::Status status =
      client.Escalations(history_->account, escalations);
  if (!status.ok()) return "list escalations: " + Describe(status);
  // Read after the escalations: what they show DELIVERED is in the sink.
  *messages = tenant_->SmtpMessages();
  if (!messages->is_array()) return "cannot read the SMTP sink's messages";
  mails_ = messages->size();
  return "";
}

std::string Checker::ObserveMail(Client& client) {
  std::vector<v1::Escalation> escalations;
  json messages;
  if (std::string failure = ReadMail(client, &escalations, &messages);
      !failure.empty()) {
    return failure;
  }
  for (const v1::Escalation& escalation : escalations) {
    for (const auto& [recipient, entry] : RoundZero(escalation)) {
      if (entry.outcome() != v1::EscalationNotification::DELIVERED ||
          mail_marks_.count({escalation.name(), recipient}) > 0) {
        continue;
      }
      const size_t count = Delivered(messages, escalation.name(), recipient);
      if (count == 0) {
        return absl::StrCat(escalation.name(), " to ", recipient,
                            " shows DELIVERED; the SMTP sink (",
                            messages.size(),
                            " messages kept) has no message for it: ",
                            escalation.ShortDebugString());
      }
      mail_marks_[{escalation.name(), recipient}] = count;
    }
  }
  return "";
}

std::string Checker::Unsettled(Client& client) {
  for (const TenantUser& user : history_->users) {
    if (user.send == nullptr) continue;
    v1::GetIncidentReportRequest get;
    get.set_name(user.report->answer().name());
    v1::IncidentReport report;
    const grpc::Status status = client.Call(get, &report);
    const bool settled =
        status.ok() &&
        (user.resolve != nullptr ? !AnyPending(report)
                                 : ActionsSucceeded(report, IsolationKinds()));
    if (!settled) return report.DebugString() + Describe(status);
  }
  std::vector<v1::Escalation> escalations;
  const grpc::Status status =
      client.Escalations(history_->account, &escalations);
  if (!status.ok()) return "list escalations: " + Describe(status);
  for (const v1::Escalation& escalation : escalations) {
    for (const auto& [recipient, entry] : RoundZero(escalation)) {
      if (entry.outcome() == v1::EscalationNotification::PENDING) {
        return escalation.DebugString();
      }
    }
  }
  return "";
}

std::string Checker::CheckUser(const TenantUser& user, int index) {
  const json state = tenant_->UserState(user.upn);
  const bool isolated = user.send != nullptr && user.resolve == nullptr;
  // Whether Graph ever disabled the rule: a release may supersede the
  // action after the PATCH went out and before Cordon recorded it.
  bool rule_disabled = false;
  for (const json& request : log_.Read()) {
    if (EnablesAnInboxRule(request, user.upn)) {
      return user.upn + ": a rule was enabled again (ISO-5) " + request.dump();
    }
    rule_disabled = rule_disabled ||
                    (IsEffectOn(request, user.upn,
                                v1::ResponseAction::INBOX_RULES_DISABLED) &&
                     request.value("status", 0) < 300);
  }
  const json rule = Rule(state, ForwardRule(index));
  std::string failure;
  if (state.value("account_enabled", isolated) == isolated) {
    failure = isolated ? "not disabled (ISO-3)" : "not re-enabled (ISO-4)";
  } else if (isolated && state.value("sessions", -1) != 0) {
    failure = "sessions not revoked (ISO-3)";
  } else if (isolated && !rule_disabled) {
    failure = "the rule was never disabled (ISO-3)";
  } else if (!rule.is_object() ||
             rule.value("enabled", rule_disabled) == rule_disabled) {
    failure = "the rule's state is not what Graph was told (ISO-5)";
  }
  return failure.empty() ? "" : user.upn + ": " + failure + " " + state.dump();
}

std::string Checker::CheckEffects() {
  const std::vector<json>& log = log_.Read();
  for (const auto& [key, from] : effect_marks_) {
    const auto kind = static_cast<ActionKind>(key.second);
    for (size_t i = from; i < log.size(); ++i) {
      if (IsEffectOn(log[i], key.first, kind)) {
        return absl::StrCat(v1::ResponseAction::Kind_Name(kind), " on ",
                            key.first, " repeated at request ", i,
                            " after it was recorded done (request ", from,
                            "): ", log[i].dump());
      }
    }
  }
  return "";
}

std::string Checker::CheckMail(Client& client) {
  std::vector<v1::Escalation> escalations;
  json messages;
  if (std::string failure = ReadMail(client, &escalations, &messages);
      !failure.empty()) {
    return failure;
  }
  for (const v1::Escalation& escalation : escalations) {
    const auto latest = RoundZero(escalation);
    if (latest.empty()) return escalation.name() + " was never notified";
    for (const auto& [recipient, entry] : latest) {
      const size_t count = Delivered(messages, escalation.name(), recipient);
      const auto mark = mail_marks_.find({escalation.name(), recipient});
      if (entry.outcome() != v1::EscalationNotification::DELIVERED ||
          count == 0 || (mark != mail_marks_.end() && mark->second != count)) {
        return absl::StrCat(escalation.name(), " to ", recipient, ": ", count,
                            " messages in the sink (",
                            mark == mail_marks_.end() ? 0 : mark->second,
                            " when seen DELIVERED), ", entry.DebugString());
      }
    }
    ++escalations_checked_;
  }
  return "";
}

std::string Checker::Check(Client& client) {
  for (size_t i = 0; i < history_->users.size(); ++i) {
    const TenantUser& user = history_->users[i];
    if (user.send == nullptr) continue;
    if (std::string failure = CheckUser(user, static_cast<int>(i));
        !failure.empty()) {
      return failure;
    }
  }
  if (std::string failure = CheckEffects(); !failure.empty()) return failure;
  return CheckMail(client);
}

}  // namespace cordon::process_testing::crash_loop
