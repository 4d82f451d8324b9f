#include "tests/mail/smtp_sink.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "testing/self_signed_certificate.h"

namespace cordon::mail_testing {
namespace {

using process_testing::ChildProcess;
using process_testing::Steady;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

bool WritePrivateFile(const std::string& path, const std::string& content) {
  std::ofstream(path) << content << "\n";
  std::error_code error;
  std::filesystem::permissions(
      path,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      error);
  return !error;
}

std::vector<std::string> SinkArgs(const std::string& messages,
                                  const testing::CertificateFiles& cert,
                                  const SinkOptions& options,
                                  const std::string& password_file) {
  std::vector<std::string> args = {"/usr/bin/python3",
                                   CORDON_SMTP_SINK_PY,
                                   "--dir",
                                   messages,
                                   "--cert",
                                   cert.certificate_path,
                                   "--key",
                                   cert.private_key_path};
  if (options.implicit_tls) args.push_back("--implicit_tls");
  if (options.no_tls) args.push_back("--no_tls");
  for (const std::string& address : options.reject_550) {
    args.insert(args.end(), {"--reject_550", address});
  }
  for (const std::string& address : options.reject_451) {
    args.insert(args.end(), {"--reject_451", address});
  }
  if (!options.user.empty()) {
    args.insert(args.end(),
                {"--user", options.user, "--password_file", password_file});
  }
  return args;
}

}  // namespace

SmtpSink::SmtpSink(const std::string& directory, const SinkOptions& options)
    : directory_(directory),
      messages_(directory + "/received"),
      implicit_tls_(options.implicit_tls) {
  std::filesystem::create_directories(messages_);
  std::filesystem::create_directories(directory + "/tls");
  auto cert = testing::WriteSelfSignedCertificate(directory + "/tls");
  const std::string password_file = directory + "/sink-password";
  if (!cert.ok()) {
    error_ = std::string(cert.status().message());
    return;
  }
  ca_file_ = cert->certificate_path;
  if (!options.user.empty() &&
      !WritePrivateFile(password_file, options.password)) {
    error_ = "cannot write the sink's password file";
    return;
  }
  server_ = std::make_unique<ChildProcess>(
      SinkArgs(messages_, *cert, options, password_file));
  const auto ready = server_->WaitForLine(
      std::regex("^READY ([0-9]+)$"), Steady::now() + std::chrono::seconds(20));
  if (!ready) {
    error_ = absl::StrCat(
        "the SMTP test server (tests/mail/smtp_sink.py on Debian's "
        "python3-aiosmtpd; install it with `apt-get install python3-aiosmtpd`"
        " or tools/dev.sh) did not start: ",
        server_->output());
    return;
  }
  port_ = std::stoi((*ready)[1]);
}

std::string SmtpSink::url() const {
  return absl::StrCat(implicit_tls_ ? "smtps" : "smtp", "://127.0.0.1:", port_);
}

size_t SmtpSink::connection_count() const {
  const std::string log = ReadFile(messages_ + "/connections.log");
  return static_cast<size_t>(std::count(log.begin(), log.end(), '\n'));
}

std::vector<ReceivedMessage> SmtpSink::ReadMessages() const {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(messages_, error)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<ReceivedMessage> messages;
  for (const auto& file : files) {
    ReceivedMessage message;
    message.text = ReadFile(file);
    std::filesystem::path envelope = file;
    envelope.replace_extension(".envelope");
    message.envelope =
        absl::StrSplit(ReadFile(envelope), '\n', absl::SkipEmpty());
    messages.push_back(std::move(message));
  }
  return messages;
}

std::vector<ReceivedMessage> SmtpSink::WaitForMessages(
    size_t count, Steady::time_point deadline) {
  const int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  // Watching before the first read: no message lands unseen in between.
  if (fd >= 0) inotify_add_watch(fd, messages_.c_str(), IN_MOVED_TO);
  std::vector<ReceivedMessage> messages = ReadMessages();
  while (messages.size() < count && fd >= 0) {
    pollfd waiting{fd, POLLIN, 0};
    if (poll(&waiting, 1, process_testing::MillisLeft(deadline)) <= 0) break;
    char events[4096];
    while (read(fd, events, sizeof(events)) > 0) {
    }
    messages = ReadMessages();
  }
  if (fd >= 0) close(fd);
  return messages;
}

std::string ReceivedMessage::Header(const std::string& name) const {
  const std::string head = text.substr(0, text.find("\r\n\r\n"));
  std::string value;
  bool in_header = false;
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (in_header) absl::StrAppend(&value, line);
      continue;
    }
    if (in_header) return value;
    const size_t colon = line.find(':');
    in_header = colon != absl::string_view::npos &&
                absl::EqualsIgnoreCase(line.substr(0, colon), name);
    if (in_header) {
      value = std::string(
          absl::StripLeadingAsciiWhitespace(line.substr(colon + 1)));
    }
  }
  return in_header ? value : "";
}

std::string ReceivedMessage::Part(const std::string& content_type) const {
  const size_t type = text.find("Content-Type: " + content_type);
  if (type == std::string::npos) return "";
  const size_t start = text.find("\r\n\r\n", type);
  if (start == std::string::npos) return "";
  const size_t end = text.find("\r\n--", start + 4);
  return DecodeQuotedPrintable(text.substr(start + 4, end - start - 4));
}

std::string DecodeQuotedPrintable(const std::string& encoded) {
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '=') {
      out += encoded[i];
    } else if (encoded.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (i + 2 < encoded.size() && absl::ascii_isxdigit(encoded[i + 1]) &&
               absl::ascii_isxdigit(encoded[i + 2])) {
      out +=
          static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

}  // namespace cordon::mail_testing
