#ifndef CORDON_TOOLS_CORDON_SIM_SERVE_MODE_H_
#define CORDON_TOOLS_CORDON_SIM_SERVE_MODE_H_

#include <cstdint>
#include <string>

#include "simulator/serve/smtp_mailbox.h"

namespace cordon::sim {

// The flags of `cordon-sim --serve` (docs/simulator.md).
struct ServeFlags {
  std::string serve;  // "HOST:PORT"
  std::string world;  // the world file
  uint64_t seed = 1;
  std::string cert_out;  // "" = print the server's own temporary file
  std::string client_id;
  std::string client_secret_file;
  std::string client_cert_file;
  std::string request_log;              // JSON lines; "" = memory only
  std::string directory_sync_interval;  // overrides the file; "" = the file's
  std::string smtp_listen;  // "HOST:PORT" of the SMTP sink; "" = none
  std::string smtp_user;    // with smtp_password_file: AUTH required
  std::string smtp_password_file;
  int64_t smtp_keep = serve::kDefaultKeptMessages;  // messages the sink keeps
  int threads = 8;  // HTTPS connections served at once (--serve_threads)
};

// Serves the world until SIGINT or SIGTERM; prints one line on stdout once
// serving: "cordon-sim serving port=P ca_file=F login_base_url=U
// graph_base_url=U/v1.0", then " smtp_port=P" with --smtp_listen. Returns the
// exit code: 0 after a signal, 2 for bad flags or a bad world file (the message
// names the flag or field).
int RunServe(const ServeFlags& flags);

}  // namespace cordon::sim

#endif  // CORDON_TOOLS_CORDON_SIM_SERVE_MODE_H_
