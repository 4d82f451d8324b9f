#include "simulator/serve/smtp_mailbox.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "simulator/serve/admin_body.h"
#include "simulator/serve/psa_desk.h"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

// A fault reply must be one line starting with a 4xx or 5xx code, so the
// client sees a refusal it can classify.
bool IsRefusal(const std::string& reply) {
  int code = 0;
  return reply.size() > 4 && reply.size() <= 200 && reply[3] == ' ' &&
         absl::SimpleAtoi(reply.substr(0, 3), &code) && code >= 400 &&
         code < 600 && reply.find_first_of("\r\n") == std::string::npos;
}

}  // namespace

std::string SmtpMailbox::RecipientFault(const std::string& recipient) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = faults_.find(absl::AsciiStrToLower(recipient));
  return it == faults_.end() ? "" : it->second;
}

void SmtpMailbox::SetCapacity(size_t max_kept) {
  std::lock_guard<std::mutex> lock(mu_);
  max_kept_ = std::max<size_t>(1, max_kept);
}

void SmtpMailbox::Keep(ReceivedMail mail) {
  std::lock_guard<std::mutex> lock(mu_);
  while (messages_.size() >= max_kept_) messages_.pop_front();
  messages_.push_back(std::move(mail));
}

std::vector<ReceivedMail> SmtpMailbox::Messages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {messages_.begin(), messages_.end()};
}

WireAnswer SmtpMailbox::ListMessages(const WireRequest& /*request*/) const {
  json messages = json::array();
  for (const ReceivedMail& mail : Messages()) {
    messages.push_back({{"from", mail.from},
                        {"recipients", mail.recipients},
                        {"data", mail.data}});
  }
  return PsaJson(200, {{"messages", std::move(messages)}});
}

WireAnswer SmtpMailbox::SetFault(const WireRequest& request) {
  AdminBody body(request.body);
  const std::string recipient = body.String("recipient");
  const std::string reply = body.String("reply");
  if (body.ok() && !IsRefusal(reply)) {
    body.Fail("reply must be one line: a 4xx or 5xx code, a space, a text");
  }
  if (!body.ok()) return PsaJson(400, {{"error", body.error()}});
  std::lock_guard<std::mutex> lock(mu_);
  faults_[absl::AsciiStrToLower(recipient)] = reply;
  return PsaJson(200, {{"ok", true}});
}

WireAnswer SmtpMailbox::Fix(const WireRequest& request) {
  AdminBody body(request.body);
  const std::string recipient = body.String("recipient", false);
  if (!body.ok()) return PsaJson(400, {{"error", body.error()}});
  std::lock_guard<std::mutex> lock(mu_);
  if (recipient.empty()) {
    faults_.clear();
  } else {
    faults_.erase(absl::AsciiStrToLower(recipient));
  }
  return PsaJson(200, {{"ok", true}});
}

}  // namespace cordon::sim::serve
