#include "server/adapters/mail/smtp_mailer.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/adapters/http/curl_option_setter.h"
#include "server/adapters/mail/mime_message.h"
#include "server/adapters/mail/smtp_outcome.h"

namespace cordon::adapters::mail {
namespace {

constexpr size_t kMaxAddressChars = 254;
constexpr size_t kMaxReplyChars = 300;
constexpr size_t kKeptReplies = 8;

// libcurl reads the message from here.
struct Upload {
  absl::string_view remaining;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->remaining.size());
  std::memcpy(buffer, upload->remaining.data(), n);
  upload->remaining.remove_prefix(n);
  return n;
}

// libcurl hands SMTP replies to the header callback. The ones that matter
// come last (a QUIT's "221" may follow), so the latest few are kept.
size_t KeepReply(char* data, size_t size, size_t count, void* user) {
  auto* replies = static_cast<std::deque<std::string>*>(user);
  absl::string_view line(data, size * count);
  line = absl::StripTrailingAsciiWhitespace(line);
  if (line.empty()) return size * count;
  replies->emplace_back(line.substr(0, kMaxReplyChars));
  if (replies->size() > kKeptReplies) replies->pop_front();
  return size * count;
}

// The latest reply line with `code`, the server's words for it.
std::string ReplyWithCode(const std::deque<std::string>& replies, long code) {
  const std::string prefix = absl::StrCat(code);
  for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
    if (absl::StartsWith(*it, prefix)) return *it;
  }
  return "";
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

void SetTransport(http::CurlOptionSetter& set, const SmtpOptions& options) {
  set.Set(CURLOPT_URL, options.url.c_str());
  set.Set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set.Set(CURLOPT_NOSIGNAL, 1L);
  // smtp:// must upgrade with STARTTLS or fail; never plaintext.
  set.Set(CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  set.Set(CURLOPT_SSL_VERIFYPEER, 1L);
  set.Set(CURLOPT_SSL_VERIFYHOST, 2L);
  set.Set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (!options.ca_file.empty()) {
    set.Set(CURLOPT_CAINFO, options.ca_file.c_str());
  }
  set.Set(CURLOPT_CONNECTTIMEOUT_MS,
          static_cast<long>(options.connect_timeout.count()));
  set.Set(CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  if (!options.user.empty()) {
    set.Set(CURLOPT_USERNAME, options.user.c_str());
    set.Set(CURLOPT_PASSWORD, options.password.c_str());
  }
}

}  // namespace

bool IsPlainAddress(const std::string& address) {
  const size_t at = address.rfind('@');
  if (address.empty() || address.size() > kMaxAddressChars ||
      at == std::string::npos || at == 0 || at + 1 == address.size()) {
    return false;
  }
  return std::all_of(address.begin(), address.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '<' && c != '>' && c != '"' &&
           c != '\\' && c != ',' && c != ';';
  });
}

SmtpMailer::SmtpMailer(SmtpOptions options, const ports::Clock* clock)
    : options_(std::move(options)),
      envelope_from_(absl::StrCat("<", AddressOf(options_.from), ">")),
      clock_(clock),
      pool_(share_.get(), options_.max_idle_connections) {}

ports::MailOutcome SmtpMailer::Send(const ports::EmailMessage& message) {
  if (!IsPlainAddress(message.to)) {
    return {ports::MailOutcome::Kind::kPermanent,
            absl::StrCat("\"", absl::CHexEscape(message.to),
                         "\" is not an address this server can send to")};
  }
  http::CurlHandlePool::Lease handle = pool_.Acquire();
  if (handle.get() == nullptr) {
    return {ports::MailOutcome::Kind::kRetryable,
            "libcurl could not make a handle (out of memory)"};
  }
  const std::string text = FormatMessage(message, options_.from, clock_->Now());
  Upload upload{text};
  std::deque<std::string> replies;
  char error[CURL_ERROR_SIZE] = {0};
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(
      curl_slist_append(nullptr, absl::StrCat("<", message.to, ">").c_str()));
  http::CurlOptionSetter set(handle.get());
  SetTransport(set, options_);
  set.Set(CURLOPT_ERRORBUFFER, error);
  set.Set(CURLOPT_MAIL_FROM, envelope_from_.c_str());
  set.Set(CURLOPT_MAIL_RCPT, rcpt.get());
  set.Set(CURLOPT_UPLOAD, 1L);
  set.Set(CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  set.Set(CURLOPT_READFUNCTION, &ReadUpload);
  set.Set(CURLOPT_READDATA, &upload);
  set.Set(CURLOPT_HEADERFUNCTION, &KeepReply);
  set.Set(CURLOPT_HEADERDATA, &replies);
  SmtpAttempt attempt;
  if (rcpt == nullptr || set.result() != CURLE_OK) {
    attempt.error = "libcurl refused the SMTP options";
    return ClassifySmtp(attempt, options_.url, message.to);
  }
  const CURLcode code = curl_easy_perform(handle.get());
  attempt.transfer_ok = code == CURLE_OK;
  curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &attempt.reply_code);
  attempt.reply_text = ReplyWithCode(replies, attempt.reply_code);
  attempt.error = error[0] != '\0' ? error : curl_easy_strerror(code);
  return ClassifySmtp(attempt, options_.url, message.to);
}

}  // namespace cordon::adapters::mail
