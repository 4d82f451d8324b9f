#include "tools/cordonctl/tests/golden_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "testing/temp_dir.h"

#ifndef CORDONCTL_BIN
#error "CORDONCTL_BIN must name the cordonctl binary"
#endif
#ifndef CORDONCTL_GOLDEN_DIR
#error "CORDONCTL_GOLDEN_DIR must name the golden files' folder"
#endif

namespace cordonctl_testing {
namespace {

constexpr int kRunBoundMs = 20000;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Waits for `pid` at most `ms`; its exit code, or -1 after killing it.
int WaitBounded(pid_t pid, int ms) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd ready{pidfd, POLLIN, 0};
    const int polled = ::poll(&ready, 1, ms);
    ::close(pidfd);
    if (polled == 0) ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Replaces every match of `pattern` with what `replace` makes of it.
template <typename Fn>
std::string ReplaceAll(const std::string& text, const std::regex& pattern,
                       Fn replace) {
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), pattern);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += text.substr(last, it->position() - last);
    out += replace(*it);
    last = it->position() + it->length();
  }
  return out + text.substr(last);
}

}  // namespace

RunResult RunCordonctl(const std::vector<std::string>& args,
                       const EnvMap& env) {
  return RunProgram(CORDONCTL_BIN, args, env);
}

RunResult RunProgram(const std::string& binary,
                     const std::vector<std::string>& args, const EnvMap& env) {
  cordon::testing::TempDir dir;
  const std::string out_path = dir.path() + "/out";
  const std::string err_path = dir.path() + "/err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env) {
    env_strings.push_back(name + "=" + value);
  }
  std::vector<char*> argv, envp;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  for (std::string& var : env_strings) envp.push_back(var.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  pid_t pid = -1;
  RunResult result;
  if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(),
                  envp.data()) == 0) {
    result.exit_code = WaitBounded(pid, kRunBoundMs);
  }
  posix_spawn_file_actions_destroy(&actions);
  result.out = ReadAll(out_path);
  result.err = ReadAll(err_path);
  return result;
}

RunResult Transcript::Step(const std::vector<std::string>& args,
                           const EnvMap& env, const std::string& note) {
  RunResult result = RunCordonctl(args, env);
  if (!note.empty()) absl::StrAppend(&text_, "# ", note, "\n");
  absl::StrAppend(&text_, "$ cordonctl ", absl::StrJoin(args, " "), "\n",
                  result.out);
  for (absl::string_view line :
       absl::StrSplit(result.err, '\n', absl::SkipEmpty())) {
    absl::StrAppend(&text_, "! ", line, "\n");
  }
  absl::StrAppend(&text_, "[exit ", result.exit_code, "]\n\n");
  return result;
}

std::string Normalise(const std::string& text) {
  static const std::regex kId(
      R"((accounts|organizations|identities|users|apiKeys|incidentReports|escalations|accessRules|auditEvents)/(\d+))");
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)");
  static const std::regex kAge(R"((\d+[smhd] ago|in \d+[smhd]|just now))");
  static const std::regex kEtag(R"(\\"[0-9a-f]{16}\\")");
  static const std::regex kSecret(R"(cordon_[0-9]+_[A-Za-z0-9_-]+)");
  static const std::regex kSubject(R"(manual:\d+)");
  static const std::regex kPort(R"(127\.0\.0\.1:\d+)");
  static const std::regex kSpaces(R"((\S)  +)");
  static const std::regex kTempDir(R"((/tmp|/dev/shm)/cordon-test-\w+)");
  std::map<std::string, int> ids;
  std::string out = ReplaceAll(text, kId, [&](const std::smatch& match) {
    const auto [it, added] = ids.emplace(match[2].str(), ids.size() + 1);
    return absl::StrCat(match[1].str(), "/<", it->second, ">");
  });
  out = std::regex_replace(out, kTime, "<time>");
  out = std::regex_replace(out, kAge, "<age>");
  out = std::regex_replace(out, kEtag, "<etag>");
  out = std::regex_replace(out, kSecret, "<secret>");
  out = std::regex_replace(out, kSubject, "manual:<n>");
  out = std::regex_replace(out, kPort, "127.0.0.1:<port>");
  out = std::regex_replace(out, kTempDir, "<dir>");
  // Normalised tokens change column widths: keep the column breaks only
  // (alignment itself is unit-tested, cordonctl_unit_test); indentation
  // stays.
  return std::regex_replace(out, kSpaces, "$1  ");
}

std::string Transcript::Normalised() const { return Normalise(text_); }

std::string Transcript::Compare(const std::string& golden_name) const {
  const std::string path =
      absl::StrCat(CORDONCTL_GOLDEN_DIR, "/", golden_name, ".txt");
  const std::string actual = Normalised();
  const char* update = std::getenv("CORDONCTL_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path) << actual;
    return "";
  }
  const std::string expected = ReadAll(path);
  if (expected == actual) return "";
  const std::vector<std::string> want = absl::StrSplit(expected, '\n');
  const std::vector<std::string> got = absl::StrSplit(actual, '\n');
  size_t line = 0;
  while (line < want.size() && line < got.size() && want[line] == got[line]) {
    ++line;
  }
  return absl::StrCat(path, ":", line + 1,
                      " differs (CORDONCTL_UPDATE_GOLDEN=1 "
                      "rewrites it)\n  golden: ",
                      line < want.size() ? want[line] : "<end>",
                      "\n  actual: ", line < got.size() ? got[line] : "<end>");
}

}  // namespace cordonctl_testing
