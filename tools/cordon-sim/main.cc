// cordon-sim: runs a scenario (protos/cordon/sim/v1/scenario.proto, text
// format) against Cordon's engine in the simulated world and prints what
// happened.
//
//   cordon-sim --scenario=tests/scenarios/domain_example.textproto --seed=7
//
// or serves the simulated Microsoft 365 over HTTPS until SIGINT/SIGTERM
// (serve_mode.h):
//
//   cordon-sim --serve=127.0.0.1:0 --world=FILE --seed=7 --cert_out=ca.pem
//
// or runs the swarm of generated scenarios (swarm_mode.h):
//
//   cordon-sim --swarm --seeds=1..500
//   cordon-sim --swarm_seed=42 --shrink --write_scenario=min.textproto
//
// Exit status: 0 when every step ran, every expectation was met and every
// invariant held; 1 when not (the seed to replay is printed); 2 when the
// scenario cannot be read or the flags are wrong.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "server/command_line.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_runner.h"
#include "tools/cordon-sim/report_output.h"
#include "tools/cordon-sim/serve_mode.h"
#include "tools/cordon-sim/swarm_mode.h"

ABSL_FLAG(std::string, scenario, "", "Scenario file (protobuf text format).");
ABSL_FLAG(uint64_t, seed, 1,
          "Seed of every random choice of the run; a failing seed replays.");
ABSL_FLAG(std::string, report, "text", "Report format: text or json.");
ABSL_FLAG(bool, print_log, false,
          "Also print the simulated world's event log.");
ABSL_FLAG(std::string, serve, "",
          "HOST:PORT: serve the simulated Microsoft 365 over HTTPS instead of "
          "running a scenario (PORT 0 = any free port).");
ABSL_FLAG(std::string, world, "",
          "With --serve: the world file (cordon.sim.v1.ServedWorld, text "
          "format).");
ABSL_FLAG(std::string, cert_out, "",
          "With --serve: where to write the throwaway certificate (PEM) a "
          "client trusts as its CA file.");
ABSL_FLAG(std::string, client_id, "",
          "With --serve: the app's client id (overrides the world file).");
ABSL_FLAG(std::string, client_secret_file, "",
          "With --serve: a file holding the client secret the fake accepts.");
ABSL_FLAG(std::string, client_cert_file, "",
          "With --serve: the app's certificate (PEM) for client assertions.");
ABSL_FLAG(std::string, request_log, "",
          "With --serve: also append the request log to this file (JSON "
          "lines).");
ABSL_FLAG(std::string, directory_sync_interval, "",
          "With --serve: a directory sync cycle this often on real time "
          "(\"30s\"); overrides the world file.");
ABSL_FLAG(std::string, smtp_listen, "",
          "With --serve: HOST:PORT of an SMTP sink (STARTTLS with the served "
          "certificate; PORT 0 = any free port).");
ABSL_FLAG(std::string, smtp_user, "",
          "With --smtp_listen: the user AUTH PLAIN/LOGIN accepts (and "
          "requires).");
ABSL_FLAG(bool, swarm, false,
          "Swarm: run the generated scenario of every seed of --seeds.");
ABSL_FLAG(std::string, seeds, "1..100",
          "With --swarm: the swarm seeds, N or A..B (inclusive, from 1).");
ABSL_FLAG(uint64_t, swarm_seed, 0,
          "Swarm: generate and run the scenario of this seed (0 = none).");
ABSL_FLAG(bool, shrink, false,
          "With --swarm_seed, or --scenario and --seed: write a minimal "
          "scenario that still fails to --write_scenario.");
ABSL_FLAG(std::string, write_scenario, "",
          "With --swarm_seed: write its scenario (shrunk with --shrink) "
          "here.");
ABSL_FLAG(int64_t, smtp_keep, cordon::sim::serve::kDefaultKeptMessages,
          "With --smtp_listen: how many accepted messages the sink keeps "
          "for /_sim/smtp/messages (the oldest go first; 1..10000000).");
ABSL_FLAG(int, serve_threads, 8,
          "With --serve: HTTPS connections served at once (1..256). A kept-"
          "alive connection holds its thread for up to 5 s of quiet, so a "
          "client with more connections than this waits that long for one.");
ABSL_FLAG(std::string, smtp_password_file, "",
          "With --smtp_user: a file holding the password AUTH accepts.");

namespace {

int Serve(const std::vector<char*>& positional) {
  if (positional.size() > 1 || !absl::GetFlag(FLAGS_scenario).empty()) {
    std::fprintf(stderr,
                 "cordon-sim: --serve takes no --scenario and no arguments\n");
    return 2;
  }
  cordon::sim::ServeFlags flags;
  flags.serve = absl::GetFlag(FLAGS_serve);
  flags.world = absl::GetFlag(FLAGS_world);
  flags.seed = absl::GetFlag(FLAGS_seed);
  flags.cert_out = absl::GetFlag(FLAGS_cert_out);
  flags.client_id = absl::GetFlag(FLAGS_client_id);
  flags.client_secret_file = absl::GetFlag(FLAGS_client_secret_file);
  flags.client_cert_file = absl::GetFlag(FLAGS_client_cert_file);
  flags.request_log = absl::GetFlag(FLAGS_request_log);
  flags.directory_sync_interval = absl::GetFlag(FLAGS_directory_sync_interval);
  flags.smtp_listen = absl::GetFlag(FLAGS_smtp_listen);
  flags.smtp_user = absl::GetFlag(FLAGS_smtp_user);
  flags.smtp_password_file = absl::GetFlag(FLAGS_smtp_password_file);
  flags.smtp_keep = absl::GetFlag(FLAGS_smtp_keep);
  flags.threads = absl::GetFlag(FLAGS_serve_threads);
  return cordon::sim::RunServe(flags);
}

cordon::sim::SwarmFlags SwarmFlagsFromCommandLine() {
  cordon::sim::SwarmFlags flags;
  flags.swarm = absl::GetFlag(FLAGS_swarm);
  flags.seeds = absl::GetFlag(FLAGS_seeds);
  flags.swarm_seed = absl::GetFlag(FLAGS_swarm_seed);
  flags.scenario = absl::GetFlag(FLAGS_scenario);
  flags.seed = absl::GetFlag(FLAGS_seed);
  flags.shrink = absl::GetFlag(FLAGS_shrink);
  flags.write_scenario = absl::GetFlag(FLAGS_write_scenario);
  flags.report = absl::GetFlag(FLAGS_report);
  flags.print_log = absl::GetFlag(FLAGS_print_log);
  return flags;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> positional = cordon::ParseCommandLine(
      argc, argv,
      "Runs a Cordon simulator scenario: cordon-sim --scenario=FILE --seed=N "
      "[--report=json|text] [--print_log], or serves a simulated Microsoft "
      "365 tenant: cordon-sim --serve=HOST:PORT --world=FILE, or runs the "
      "swarm: cordon-sim --swarm --seeds=A..B | --swarm_seed=N "
      "[--write_scenario=F] [--shrink]");
  if (!absl::GetFlag(FLAGS_serve).empty()) return Serve(positional);
  if (const cordon::sim::SwarmFlags swarm = SwarmFlagsFromCommandLine();
      cordon::sim::WantsSwarm(swarm)) {
    if (positional.size() > 1) {
      std::fprintf(stderr, "cordon-sim: the swarm takes no arguments\n");
      return 2;
    }
    return cordon::sim::RunSwarmMode(swarm);
  }
  const std::string path = absl::GetFlag(FLAGS_scenario);
  const std::string format = absl::GetFlag(FLAGS_report);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  if (path.empty() || positional.size() > 1 ||
      (format != "text" && format != "json")) {
    std::fprintf(stderr,
                 "usage: cordon-sim --scenario=FILE --seed=N "
                 "[--report=json|text] [--print_log]\n");
    return 2;
  }
  absl::StatusOr<cordon::sim::v1::Scenario> scenario =
      cordon::sim::LoadScenario(path);
  if (!scenario.ok()) {
    std::fprintf(stderr, "cordon-sim: %s\n",
                 std::string(scenario.status().message()).c_str());
    return 2;
  }
  const cordon::sim::ScenarioReport report =
      cordon::sim::RunScenario(*scenario, seed);
  return cordon::sim::PrintReport(
      report, format, absl::GetFlag(FLAGS_print_log),
      absl::StrCat("cordon-sim --scenario=", path, " --seed=", seed,
                   " --print_log"));
}
