#include "simulator/serve/smtp_session.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace cordon::sim::serve {
namespace {

// RFC 5321 allows 1000 per line; a little more is harmless, and the bound
// keeps a garbage stream from growing the buffer.
constexpr size_t kMaxLineChars = 4096;
constexpr int kMaxErrors = 20;
constexpr size_t kMaxRecipients = 100;
constexpr char kFaultSource[] = "smtp_recipient_fault";

// The address of "FROM:<a@b> PARAMS" after `prefix`; false when malformed.
bool ParsePath(absl::string_view args, absl::string_view prefix,
               std::string* address) {
  if (!absl::StartsWithIgnoreCase(args, prefix)) return false;
  args = absl::StripLeadingAsciiWhitespace(args.substr(prefix.size()));
  const size_t close = args.find('>');
  if (args.empty() || args[0] != '<' || close == absl::string_view::npos) {
    return false;
  }
  *address = std::string(args.substr(1, close - 1));
  return address->find_first_of(" \t<") == std::string::npos;
}

}  // namespace

SmtpSession::SmtpSession(SmtpChannel* channel,
                         const SmtpSessionContext& context)
    : channel_(channel), context_(context) {}

void SmtpSession::Run() {
  if (!Reply(220, "127.0.0.1 ESMTP cordon-sim", "CONNECT")) return;
  std::string line;
  while (true) {
    const SmtpChannel::Read read = channel_->ReadLine(kMaxLineChars, &line);
    if (read == SmtpChannel::Read::kClosed) return;
    const bool go_on = read == SmtpChannel::Read::kTooLong
                           ? Reply(500, "5.5.2 Line too long", "TOO_LONG")
                           : Command(line);
    if (!go_on) return;
  }
}

void SmtpSession::Log(int code, absl::string_view verb,
                      absl::string_view fault) {
  LoggedRequest entry;
  entry.time = context_.clock->Now();
  entry.method = "SMTP";
  entry.path = std::string(verb);
  entry.status = code;
  entry.fault = std::string(fault);
  context_.log->Add(std::move(entry));
}

bool SmtpSession::Reply(int code, absl::string_view text,
                        absl::string_view verb, absl::string_view fault) {
  Log(code, verb, fault);
  if (code >= 500 && fault.empty() && ++errors_ >= kMaxErrors) {
    channel_->Write(absl::StrCat(code, " ", text, "\r\n"));
    return Reply(421, "4.7.0 Too many errors, closing", "CLOSE");
  }
  return channel_->Write(absl::StrCat(code, " ", text, "\r\n")) && code != 421;
}

bool SmtpSession::Command(const std::string& line) {
  const size_t space = line.find(' ');
  const std::string verb = absl::AsciiStrToUpper(line.substr(0, space));
  const absl::string_view args =
      space == std::string::npos ? ""
                                 : absl::string_view(line).substr(space + 1);
  if (verb == "EHLO" || verb == "HELO") return Ehlo(verb);
  if (verb == "STARTTLS") return StartTls();
  if (verb == "AUTH") return Auth(args);
  if (verb == "MAIL") return Mail(args);
  if (verb == "RCPT") return Rcpt(args);
  if (verb == "DATA") return Data();
  if (verb == "NOOP") return Reply(250, "2.0.0 OK", verb);
  if (verb == "RSET") {
    Reset();
    return Reply(250, "2.0.0 OK", verb);
  }
  if (verb == "QUIT") {
    Reply(221, "2.0.0 Bye", verb);
    return false;
  }
  return Reply(500, "5.5.2 Command unrecognized", "UNKNOWN");
}

bool SmtpSession::Ehlo(absl::string_view verb) {
  Reset();
  greeted_ = true;
  std::vector<std::string> lines = {"127.0.0.1 cordon-sim", "8BITMIME",
                                    "ENHANCEDSTATUSCODES"};
  if (!channel_->tls()) lines.push_back("STARTTLS");
  if (channel_->tls() && !context_.options->user.empty()) {
    lines.push_back("AUTH PLAIN LOGIN");
  }
  if (verb == "HELO") lines.resize(1);
  // Every line but the last is "250-...".
  std::string head;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    absl::StrAppend(&head, "250-", lines[i], "\r\n");
  }
  return channel_->Write(head) && Reply(250, lines.back(), verb);
}

bool SmtpSession::StartTls() {
  if (channel_->tls())
    return Reply(503, "5.5.1 TLS already active", "STARTTLS");
  if (!Reply(220, "2.0.0 Ready to start TLS", "STARTTLS")) return false;
  if (!channel_->StartTls(context_.tls)) {
    Log(0, "TLS_FAILED", "");  // the handshake failed: nothing to answer
    return false;
  }
  // RFC 3207: the client starts over, with EHLO.
  greeted_ = false;
  authenticated_ = false;
  Reset();
  return true;
}

bool SmtpSession::ReadSecret(std::string* decoded) {
  std::string line;
  return channel_->ReadLine(kMaxLineChars, &line) == SmtpChannel::Read::kLine &&
         line != "*" && absl::Base64Unescape(line, decoded);
}

bool SmtpSession::Auth(absl::string_view args) {
  if (!channel_->tls()) {
    return Reply(530, "5.7.0 Must issue a STARTTLS command first", "AUTH");
  }
  if (context_.options->user.empty() || authenticated_ || has_from_) {
    return Reply(503, "5.5.1 AUTH not expected now", "AUTH");
  }
  std::vector<std::string> words = absl::StrSplit(args, ' ');
  const std::string mechanism = absl::AsciiStrToUpper(words[0]);
  std::string user, password;
  if (mechanism == "PLAIN") {
    std::string response;
    const bool read =
        words.size() > 1 ? absl::Base64Unescape(words[1], &response)
                         : channel_->Write("334 \r\n") && ReadSecret(&response);
    // authzid NUL authcid NUL password
    std::vector<std::string> parts = absl::StrSplit(response, '\0');
    if (!read || parts.size() != 3) {
      return Reply(501, "5.5.2 Cannot decode the response", "AUTH");
    }
    user = parts[1];
    password = parts[2];
  } else if (mechanism == "LOGIN") {
    if (!channel_->Write("334 VXNlcm5hbWU6\r\n") || !ReadSecret(&user) ||
        !channel_->Write("334 UGFzc3dvcmQ6\r\n") || !ReadSecret(&password)) {
      return Reply(501, "5.5.2 Cannot decode the response", "AUTH");
    }
  } else {
    return Reply(504, "5.5.4 Unrecognized authentication type", "AUTH");
  }
  authenticated_ =
      user == context_.options->user && password == context_.options->password;
  return authenticated_
             ? Reply(235, "2.7.0 Authentication successful", "AUTH")
             : Reply(535, "5.7.8 Authentication credentials invalid", "AUTH");
}

std::string SmtpSession::MailRefusal() const {
  if (!channel_->tls()) return "530 5.7.0 Must issue a STARTTLS command first";
  if (!greeted_) return "503 5.5.1 Send EHLO first";
  if (!context_.options->user.empty() && !authenticated_) {
    return "530 5.7.0 Authentication required";
  }
  if (has_from_) return "503 5.5.1 Sender already given";
  return "";
}

bool SmtpSession::Mail(absl::string_view args) {
  if (std::string refusal = MailRefusal(); !refusal.empty()) {
    return Reply(std::stoi(refusal.substr(0, 3)), refusal.substr(4), "MAIL");
  }
  if (!ParsePath(args, "FROM:", &from_)) {
    return Reply(501, "5.5.4 Syntax: MAIL FROM:<address>", "MAIL");
  }
  has_from_ = true;
  return Reply(250, "2.1.0 OK", "MAIL");
}

bool SmtpSession::Rcpt(absl::string_view args) {
  if (!has_from_) return Reply(503, "5.5.1 Send MAIL first", "RCPT");
  std::string recipient;
  if (!ParsePath(args, "TO:", &recipient) || recipient.empty()) {
    return Reply(501, "5.5.4 Syntax: RCPT TO:<address>", "RCPT");
  }
  if (recipients_.size() >= kMaxRecipients) {
    return Reply(452, "4.5.3 Too many recipients", "RCPT");
  }
  const std::string fault = context_.mailbox->RecipientFault(recipient);
  if (!fault.empty()) {
    return Reply(std::stoi(fault.substr(0, 3)), fault.substr(4), "RCPT",
                 kFaultSource);
  }
  recipients_.push_back(std::move(recipient));
  return Reply(250, "2.1.5 OK", "RCPT");
}

bool SmtpSession::Data() {
  if (recipients_.empty())
    return Reply(503, "5.5.1 No valid recipients", "DATA");
  if (!Reply(354, "End data with <CR><LF>.<CR><LF>", "DATA")) return false;
  ReceivedMail mail{from_, std::move(recipients_), ""};
  bool too_large = false;
  std::string line;
  while (true) {
    const SmtpChannel::Read read = channel_->ReadLine(kMaxLineChars, &line);
    if (read == SmtpChannel::Read::kClosed) return false;
    if (read == SmtpChannel::Read::kLine && line == ".") break;
    // RFC 5321 4.5.2: a leading dot was doubled by the client.
    const absl::string_view text =
        absl::StartsWith(line, ".") ? absl::string_view(line).substr(1) : line;
    too_large = too_large || read == SmtpChannel::Read::kTooLong ||
                mail.data.size() + text.size() + 2 >
                    context_.options->max_message_bytes;
    if (!too_large) absl::StrAppend(&mail.data, text, "\r\n");
  }
  Reset();
  if (too_large) return Reply(552, "5.3.4 Message too big", "DATA_END");
  context_.mailbox->Keep(std::move(mail));
  return Reply(250, "2.0.0 OK: queued", "DATA_END");
}

void SmtpSession::Reset() {
  has_from_ = false;
  from_.clear();
  recipients_.clear();
}

}  // namespace cordon::sim::serve
