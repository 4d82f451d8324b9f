#ifndef CORDON_TESTS_MAIL_SMTP_SINK_H_
#define CORDON_TESTS_MAIL_SMTP_SINK_H_

// A real SMTP server for tests: tests/mail/smtp_sink.py (aiosmtpd) on
// 127.0.0.1 with a free port, STARTTLS (or implicit TLS) on a throwaway
// certificate made at test time, chosen recipients refused with 550 or
// 451, and every accepted message written to a file the test reads.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/process/child_process.h"

namespace cordon::mail_testing {

struct SinkOptions {
  bool implicit_tls = false;  // smtps:// instead of STARTTLS
  bool no_tls = false;        // offers no STARTTLS (to be refused)
  std::vector<std::string> reject_550 = {};
  std::vector<std::string> reject_451 = {};
  std::string user = "";  // with password: AUTH required
  std::string password = "";
};

// One message as the server received it.
struct ReceivedMessage {
  std::string text;                   // the bytes after DATA
  std::vector<std::string> envelope;  // "from a", "to b", "tls yes", "auth u"
  // The header's unfolded value ("" when absent).
  std::string Header(const std::string& name) const;
  // The decoded (quoted-printable) content of the part of this MIME type.
  std::string Part(const std::string& content_type) const;
};

class SmtpSink {
 public:
  // Starts the server in `directory` (a fresh one per sink) and waits for
  // it to listen. error() says why not (aiosmtpd missing: what to install).
  SmtpSink(const std::string& directory, const SinkOptions& options);

  const std::string& error() const { return error_; }
  int port() const { return port_; }
  // smtp://127.0.0.1:<port> (or smtps://).
  std::string url() const;
  // The certificate to trust (the client's CA file).
  const std::string& ca_file() const { return ca_file_; }

  // The first `count` messages accepted, oldest first; fewer when the
  // deadline passes first. Waits on the directory (inotify), no sleeps.
  std::vector<ReceivedMessage> WaitForMessages(
      size_t count, process_testing::Steady::time_point deadline);
  // TCP connections opened to the server so far.
  size_t connection_count() const;

 private:
  std::vector<ReceivedMessage> ReadMessages() const;

  std::string directory_;
  std::string messages_;
  std::string ca_file_;
  bool implicit_tls_ = false;
  int port_ = 0;
  std::string error_;
  std::unique_ptr<process_testing::ChildProcess> server_;
};

// The quoted-printable text `encoded` decodes to.
std::string DecodeQuotedPrintable(const std::string& encoded);

}  // namespace cordon::mail_testing

#endif  // CORDON_TESTS_MAIL_SMTP_SINK_H_
