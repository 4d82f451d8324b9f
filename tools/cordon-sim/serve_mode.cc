#include "tools/cordon-sim/serve_mode.h"

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/ports/clock.h"
#include "simulator/event_log.h"
#include "simulator/random.h"
#include "simulator/scenario_parse.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"
#include "tools/cordon-sim/served_world.h"

namespace cordon::sim {
namespace {

constexpr int kBadInput = 2;

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "cordon-sim: %s\n",
               std::string(status.message()).c_str());
  return kBadInput;
}

absl::Status ParseAddress(const char* flag, const std::string& text,
                          std::string* host, int* port_out) {
  const size_t colon = text.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(text.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, ": \"", text, "\" is not HOST:PORT (PORT 0 = any free port)"));
  }
  *host = text.substr(0, colon);
  *port_out = port;
  return absl::OkStatus();
}

// The sink keeps each message in memory; 10 million of a few kilobytes is
// past what a test reads back in one answer anyway.
constexpr int64_t kMaxSmtpKeep = 10000000;

absl::Status ApplySmtpFlags(const ServeFlags& flags,
                            serve::SmtpSinkOptions* smtp) {
  if (flags.smtp_keep < 1 || flags.smtp_keep > kMaxSmtpKeep) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--smtp_keep: ", flags.smtp_keep, " is not in 1..", kMaxSmtpKeep));
  }
  smtp->max_kept_messages = static_cast<size_t>(flags.smtp_keep);
  if (flags.smtp_listen.empty()) {
    if (!flags.smtp_user.empty() || !flags.smtp_password_file.empty()) {
      return absl::InvalidArgumentError(
          "--smtp_user and --smtp_password_file need --smtp_listen");
    }
    return absl::OkStatus();
  }
  smtp->enabled = true;
  CORDON_RETURN_IF_ERROR(ParseAddress("--smtp_listen", flags.smtp_listen,
                                      &smtp->host, &smtp->port));
  if (flags.smtp_user.empty() != flags.smtp_password_file.empty()) {
    return absl::InvalidArgumentError(
        "--smtp_user and --smtp_password_file go together");
  }
  smtp->user = flags.smtp_user;
  if (!flags.smtp_password_file.empty()) {
    CORDON_ASSIGN_OR_RETURN(
        smtp->password,
        ReadSmallFile("--smtp_password_file", flags.smtp_password_file));
  }
  return absl::OkStatus();
}

// Flags win over the world file's app and knobs.
absl::Status ApplyFlags(const ServeFlags& flags, serve::ServeOptions* options) {
  CORDON_RETURN_IF_ERROR(
      ParseAddress("--serve", flags.serve, &options->host, &options->port));
  CORDON_RETURN_IF_ERROR(ApplySmtpFlags(flags, &options->smtp));
  if (!flags.client_id.empty()) options->app.client_id = flags.client_id;
  if (!flags.client_secret_file.empty()) {
    CORDON_ASSIGN_OR_RETURN(
        options->app.client_secret,
        ReadSmallFile("--client_secret_file", flags.client_secret_file));
  }
  if (!flags.client_cert_file.empty()) {
    CORDON_ASSIGN_OR_RETURN(
        options->app.client_certificate_pem,
        ReadSmallFile("--client_cert_file", flags.client_cert_file));
  }
  if (!flags.directory_sync_interval.empty()) {
    CORDON_ASSIGN_OR_RETURN(
        options->directory_sync_interval,
        ParseDurationText("--directory_sync_interval",
                          flags.directory_sync_interval, absl::ZeroDuration()));
  }
  options->request_log_file = flags.request_log;
  if (flags.threads < 1 || flags.threads > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("--serve_threads: ", flags.threads, " is not in 1..256"));
  }
  options->threads = static_cast<size_t>(flags.threads);
  return absl::OkStatus();
}

absl::StatusOr<std::string> PublishCertificate(const serve::SimServer& server,
                                               const std::string& cert_out) {
  if (cert_out.empty()) return server.ca_file();
  std::error_code error;
  std::filesystem::copy_file(server.ca_file(), cert_out,
                             std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--cert_out: cannot write ", cert_out, ": ", error.message()));
  }
  return cert_out;
}

// Blocks until SIGINT or SIGTERM (blocked in every thread since main).
void AwaitStopSignal(const sigset_t& stop) {
  int signal_number = 0;
  while (sigwait(&stop, &signal_number) != 0) {
  }
}

}  // namespace

int RunServe(const ServeFlags& flags) {
  // Blocked before any thread starts, so every thread inherits the mask and
  // only sigwait sees the signals.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  serve::ServeOptions address;
  if (absl::Status s =
          ParseAddress("--serve", flags.serve, &address.host, &address.port);
      !s.ok()) {
    return Fail(s);
  }
  if (flags.world.empty()) {
    return Fail(absl::InvalidArgumentError("--world is required with --serve"));
  }
  absl::StatusOr<v1::ServedWorld> file = LoadServedWorld(flags.world);
  if (!file.ok()) return Fail(file.status());
  ports::SystemClock clock;
  EventLog events(&clock);
  World world(&events);
  Random random(flags.seed);
  absl::StatusOr<serve::ServeOptions> options = SetUpServedWorld(*file, world);
  if (!options.ok()) return Fail(options.status());
  if (absl::Status s = ApplyFlags(flags, &*options); !s.ok()) return Fail(s);
  auto server =
      serve::SimServer::Start(&world, &random, &clock, *std::move(options));
  if (!server.ok()) return Fail(server.status());
  absl::StatusOr<std::string> ca_file =
      PublishCertificate(**server, flags.cert_out);
  if (!ca_file.ok()) return Fail(ca_file.status());
  std::printf(
      "cordon-sim serving port=%d ca_file=%s login_base_url=%s "
      "graph_base_url=%s%s\n",
      (*server)->port(), ca_file->c_str(), (*server)->BaseUrl().c_str(),
      (*server)->GraphBaseUrl().c_str(),
      (*server)->smtp_port() == 0
          ? ""
          : absl::StrCat(" smtp_port=", (*server)->smtp_port()).c_str());
  std::fflush(stdout);
  AwaitStopSignal(stop);
  (*server)->Stop();
  return 0;
}

}  // namespace cordon::sim
