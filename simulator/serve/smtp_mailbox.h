#ifndef CORDON_SIMULATOR_SERVE_SMTP_MAILBOX_H_
#define CORDON_SIMULATOR_SERVE_SMTP_MAILBOX_H_

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

// Accepted messages the mailbox keeps unless told otherwise (--smtp_keep).
inline constexpr size_t kDefaultKeptMessages = 1000;

// One message the SMTP sink accepted.
struct ReceivedMail {
  std::string from;                     // MAIL FROM, without <>
  std::vector<std::string> recipients;  // the accepted RCPT TOs, without <>
  std::string data;  // the message as sent (headers and body), unstuffed
};

// What the SMTP sink keeps and what tests switch: the accepted messages and
// the recipients' faults, read and set through /_sim/smtp/ (SmtpRoutes).
// Thread-safe.
class SmtpMailbox {
 public:
  // "" when `recipient` is accepted, else the reply RCPT TO gets
  // ("550 5.1.1 ..."). Addresses compare without case.
  std::string RecipientFault(const std::string& recipient) const;
  // Keeps at most `max_kept` messages from now on (at least 1).
  void SetCapacity(size_t max_kept);
  void Keep(ReceivedMail mail);
  std::vector<ReceivedMail> Messages() const;

  // GET /_sim/smtp/messages: {"messages":[{"from","recipients","data"}]}.
  WireAnswer ListMessages(const WireRequest& request) const;
  // POST /_sim/smtp/fault {"recipient","reply"}: RCPT TO for that recipient
  // answers `reply` (a 4xx or 5xx code and text) until fixed.
  WireAnswer SetFault(const WireRequest& request);
  // POST /_sim/smtp/fix {"recipient"} (or {} for every recipient).
  WireAnswer Fix(const WireRequest& request);

 private:
  mutable std::mutex mu_;
  std::deque<ReceivedMail> messages_ ABSL_GUARDED_BY(mu_);
  size_t max_kept_ ABSL_GUARDED_BY(mu_) = kDefaultKeptMessages;
  std::map<std::string, std::string> faults_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_SMTP_MAILBOX_H_
