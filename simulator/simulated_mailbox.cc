#include "simulator/simulated_mailbox.h"

#include <mutex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/core/check.h"
#include "server/core/fingerprint.h"

namespace cordon::sim {
namespace {

constexpr absl::string_view kMail = "mail";
constexpr char kTryLater[] = "451 try later";
constexpr char kUnavailable[] = "550 mailbox unavailable";
constexpr char kAccepted[] = "250 accepted (simulated)";
constexpr char kSpooled[] = "spooled (simulated development spool)";

ports::MailOutcome Outcome(ports::MailOutcome::Kind kind,
                           std::string detail = "") {
  ports::MailOutcome outcome;
  outcome.kind = kind;
  outcome.detail = std::move(detail);
  return outcome;
}

ports::MailOutcome FailureOutcome(MailFailure failure) {
  switch (failure) {
    case MailFailure::kRetryable:
      return Outcome(ports::MailOutcome::Kind::kRetryable, kTryLater);
    case MailFailure::kPermanent:
      return Outcome(ports::MailOutcome::Kind::kPermanent, kUnavailable);
    case MailFailure::kNone:
      break;
  }
  return Outcome(ports::MailOutcome::Kind::kDelivered, kAccepted);
}

}  // namespace

absl::string_view MailFailureName(MailFailure failure) {
  switch (failure) {
    case MailFailure::kNone:
      return "none";
    case MailFailure::kRetryable:
      return "retryable";
    case MailFailure::kPermanent:
      return "permanent";
  }
  return "unknown";
}

absl::string_view MailOutcomeKindName(ports::MailOutcome::Kind kind) {
  switch (kind) {
    case ports::MailOutcome::Kind::kDelivered:
      return "delivered";
    case ports::MailOutcome::Kind::kSpooled:
      return "spooled";
    case ports::MailOutcome::Kind::kRetryable:
      return "retryable";
    case ports::MailOutcome::Kind::kPermanent:
      return "permanent";
  }
  return "unknown";
}

SimulatedMailbox::SimulatedMailbox(const ports::Clock* clock, EventLog* log)
    : clock_(clock), log_(log) {
  CORDON_CHECK(clock_ != nullptr && log_ != nullptr,
               "SimulatedMailbox needs a clock and a log");
}

ports::MailOutcome SimulatedMailbox::Send(const ports::EmailMessage& message) {
  std::lock_guard<std::mutex> lock(mu_);
  ++sends_;
  // The body is left out of the line to keep it short; its hash still puts
  // it under the determinism check.
  EventFields fields = {
      {"message_id", message.message_id},
      {"to", message.to},
      {"subject", message.subject},
      {"body_fnv", absl::StrCat(absl::Hex(core::Fingerprint(message.body),
                                          absl::kZeroPad16))}};
  MailFailure failure = failure_;
  if (fail_next_ > 0) {
    --fail_next_;
    failure = fail_next_failure_;
  }
  ports::MailOutcome outcome;
  if (failure != MailFailure::kNone) {
    fields.emplace_back("failure", std::string(MailFailureName(failure)));
    outcome = FailureOutcome(failure);
  } else if (bouncing_.count(absl::AsciiStrToLower(message.to)) > 0) {
    fields.emplace_back("failure", "bounce");
    outcome = FailureOutcome(MailFailure::kPermanent);
  } else if (!delivered_ids_.insert(message.message_id).second) {
    ++duplicates_;
    fields.emplace_back("duplicate", "true");
    outcome = Accepted();
  } else {
    messages_.push_back({message.message_id, message.to, message.subject,
                         message.body, clock_->Now()});
    outcome = Accepted();
  }
  if (outcome.kind != ports::MailOutcome::Kind::kDelivered &&
      outcome.kind != ports::MailOutcome::Kind::kSpooled) {
    ++failed_;
  }
  fields.emplace_back("outcome",
                      std::string(MailOutcomeKindName(outcome.kind)));
  if (!outcome.detail.empty()) fields.emplace_back("detail", outcome.detail);
  log_->Append(kMail, "send", fields);
  return outcome;
}

ports::MailOutcome SimulatedMailbox::Accepted() const {
  return spooling_ ? Outcome(ports::MailOutcome::Kind::kSpooled, kSpooled)
                   : Outcome(ports::MailOutcome::Kind::kDelivered, kAccepted);
}

void SimulatedMailbox::SetSpooling(bool spooling) {
  std::lock_guard<std::mutex> lock(mu_);
  spooling_ = spooling;
  log_->Append(kMail, "set_spooling",
               {{"spooling", spooling ? "true" : "false"}});
}

void SimulatedMailbox::SetFailure(MailFailure failure) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = failure;
  log_->Append(kMail, "set_failure",
               {{"failure", std::string(MailFailureName(failure))}});
}

void SimulatedMailbox::FailNext(int n, MailFailure failure) {
  CORDON_CHECK(n >= 0, "FailNext needs a count of at least 0");
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = n;
  fail_next_failure_ = failure;
  log_->Append(kMail, "fail_next",
               {{"n", absl::StrCat(n)},
                {"failure", std::string(MailFailureName(failure))}});
}

void SimulatedMailbox::Bounce(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  bouncing_.insert(absl::AsciiStrToLower(address));
  log_->Append(kMail, "bounce", {{"address", address}});
}

void SimulatedMailbox::StopBouncing(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  bouncing_.erase(absl::AsciiStrToLower(address));
  log_->Append(kMail, "stop_bouncing", {{"address", address}});
}

void SimulatedMailbox::Fix() {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = MailFailure::kNone;
  fail_next_ = 0;
  fail_next_failure_ = MailFailure::kNone;
  bouncing_.clear();
  log_->Append(kMail, "fixed", {});
}

std::vector<SimulatedEmail> SimulatedMailbox::messages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_;
}

std::vector<SimulatedEmail> SimulatedMailbox::MessagesTo(
    absl::string_view address) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SimulatedEmail> matching;
  for (const SimulatedEmail& message : messages_) {
    if (absl::EqualsIgnoreCase(message.to, address)) {
      matching.push_back(message);
    }
  }
  return matching;
}

size_t SimulatedMailbox::send_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sends_;
}

size_t SimulatedMailbox::duplicate_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return duplicates_;
}

size_t SimulatedMailbox::failed_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_;
}

}  // namespace cordon::sim
