// The real cordonctl against a real cordon-server on port 0, compared with
// golden transcripts (golden_harness.h; docs/cli.md documents what they
// show: tables, -o json|yaml|wide, paging, one-line errors and exit codes,
// help, config precedence).

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"
#include "tools/cordonctl/tests/golden_harness.h"

namespace cordonctl_testing {
namespace golden_test {

using cordon::process_testing::CordonServer;

class CordonctlGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<CordonServer>(dir_.path() + "/data",
                                             std::vector<std::string>{});
    const std::string started = server_->Start();
    ASSERT_EQ(started, "");
    key_file_ = dir_.path() + "/data/bootstrap.key";
  }

  std::string Addr() const {
    return absl::StrCat("127.0.0.1:", server_->port());
  }
  // No config file (HOME is the test's directory), the server and the
  // bootstrap SOC key from the environment.
  EnvMap Env() const {
    return {{"HOME", dir_.path()},
            {"CORDON_ADDR", Addr()},
            {"CORDON_KEY_FILE", key_file_}};
  }
  RunResult Step(const std::vector<std::string>& args,
                 const std::string& note = "") {
    return transcript_.Step(args, Env(), note);
  }
  // A step whose -o json answer names what it made.
  std::string Created(const std::vector<std::string>& args,
                      const std::string& field = "name") {
    RunResult result = Step(args);
    nlohmann::json json = nlohmann::json::parse(result.out, nullptr, false);
    if (json.contains("account")) json = json["account"];
    return json.is_object() ? json.value(field, "") : "";
  }
  void WriteFile(const std::string& path, const std::string& text,
                 mode_t mode) {
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
  }
  // An account and an organization. Not bound to a tenant: binding starts
  // an inventory run whose (failing, no Graph) outcome lands at a time of
  // its own, and would make the transcript racy.
  void MakeOrganization() {
    account_ = Created(
        {"accounts", "create", "--display-name=Contoso MSP", "-o", "json"});
    organization_ = Created(
        {"orgs", "create", account_, "--display-name=Fabrikam", "-o", "json"});
    ASSERT_FALSE(organization_.empty()) << transcript_.Normalised();
  }

  cordon::testing::TempDir dir_;
  std::unique_ptr<CordonServer> server_;
  std::string key_file_;
  Transcript transcript_;
  std::string account_;
  std::string organization_;
};

TEST_F(CordonctlGoldenTest, TablesWideJsonYamlAndPaging) {
  MakeOrganization();
  Step({"orgs", "list", account_}, "default: an aligned table");
  Step({"orgs", "list", account_, "-o", "wide"});
  Step({"orgs", "get", organization_, "-o", "yaml"});
  Step({"orgs", "update", organization_, "--display-name=Fabrikam Ltd"},
       "update sends only the flags given (update_mask display_name)");
  for (const char* user : {"ann", "bob"}) {
    Step({"identities", "create", organization_,
          absl::StrCat("--upn=", user, "@contoso.com"), "--source=cloud_only",
          "--usage-location=NL", "-o", "json"});
  }
  const std::string file = dir_.path() + "/identity.json";
  WriteFile(file,
            R"({"upn": "cy@contoso.com", "source": "CLOUD_ONLY",
                "usage_location": "DE", "display_name": "Cy"})",
            0600);
  const std::string cy = Created(
      {"identities", "create", organization_, "-f", file, "-o", "json"});
  Step({"identities", "list", organization_, "--page-size=2"},
       "three identities over two pages of two");
  Step({"identities", "list", organization_, "--page-size=1", "--filter",
        "source = CLOUD_ONLY", "-o", "json"});
  Step({"identities", "update", cy, "--excluded-from-isolation", "-o", "wide"});
  Step({"identities", "delete", cy});
  Step({"identities", "get", cy});
  EXPECT_EQ(transcript_.Compare("tables"), "");
}

TEST_F(CordonctlGoldenTest, ErrorsAreOneLineWithTheGrpcCodeAsExitCode) {
  MakeOrganization();
  Step({"accounts", "get", "accounts/999999"}, "NOT_FOUND: exit 5");
  Step(
      {"orgs", "create", account_, "--display-name=X", "--m365-tenant-id=nope"},
      "INVALID_ARGUMENT: exit 3, with the reason and the bad field");
  Step({"orgs", "update", organization_, "--display-name=Y",
        "--etag=\"0000000000000000\""},
       "ABORTED: a stale etag, exit 10");
  Step({"orgs", "delete", account_ + "/organizations/424242"});
  Step({"frobnicate", "list"}, "usage errors: exit 2");
  Step({"orgs", "explode"});
  Step({"orgs", "get"});
  Step({"orgs", "create", account_, "--colour=blue"});
  Step({"identities", "create", organization_, "--source=SIDEWAYS"});
  Step({"orgs", "list", account_, "-o", "xml"});
  Step({"escalations", "answer", "accounts/1/escalations/2", "--expected"});
  const std::string wrong_key = dir_.path() + "/wrong.key";
  WriteFile(wrong_key, "cordon_1_not-a-real-key\n", 0600);
  transcript_.Step({"accounts", "list", "--key-file", wrong_key}, Env(),
                   "UNAUTHENTICATED: exit 16");
  const std::string open_key = dir_.path() + "/open.key";
  WriteFile(open_key, "cordon_1_whatever\n", 0644);
  transcript_.Step({"accounts", "list", "--key-file", open_key}, Env(),
                   "a key file others may read is refused: exit 2");
  transcript_.Step({"accounts", "list", "--addr=127.0.0.1:1", "--timeout=2s"},
                   Env(), "nothing listening: UNAVAILABLE, exit 14");
  EXPECT_EQ(transcript_.Compare("errors"), "");
}

TEST_F(CordonctlGoldenTest, HelpOfNounsAndVerbsAndVersion) {
  Step({"identities", "--help"});
  Step({"identities", "create", "--help"});
  Step({"escalations", "answer", "--help"});
  Step({"orgs"}, "a noun without a verb is a usage error");
  EXPECT_EQ(transcript_.Compare("help"), "");
  const RunResult top = RunCordonctl({"--help"}, Env());
  EXPECT_EQ(top.exit_code, 0);
  for (const char* noun :
       {"accounts", "orgs", "identities", "users", "keys", "reports",
        "escalations", "rules", "audit", "events", "health"}) {
    EXPECT_TRUE(absl::StrContains(top.out, noun)) << noun;
  }
  const RunResult version = RunCordonctl({"--version"}, Env());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(absl::StartsWith(version.out, "cordonctl ")) << version.out;
  const RunResult completion = RunCordonctl({"completion", "bash"}, Env());
  EXPECT_EQ(completion.exit_code, 0);
  EXPECT_TRUE(
      absl::StrContains(completion.out, "complete -F _cordonctl cordonctl"));
  // bash itself completes with it: a verb after a flag's value, a format.
  const std::string script = dir_.path() + "/cordonctl.bash";
  WriteFile(script, completion.out, 0600);
  const auto complete = [&](const std::string& words, int word) {
    return RunProgram(
               "/bin/bash",
               {"-c", absl::StrCat("source ", script, "; COMP_WORDS=(", words,
                                   "); COMP_CWORD=", word,
                                   "; _cordonctl; echo \"${COMPREPLY[*]}\"")},
               Env())
        .out;
  };
  EXPECT_EQ(complete("cordonctl -o json identities is", 4), "isolate\n");
  EXPECT_EQ(complete("cordonctl orgs get -o y", 4), "yaml\n");
  EXPECT_EQ(complete("cordonctl esca", 1), "escalations\n");
}

TEST_F(CordonctlGoldenTest, ConfigFlagsBeatEnvBeatFile) {
  const std::string config = dir_.path() + "/cordon.conf";
  WriteFile(config,
            absl::StrCat("# cordonctl config\naddr = ", Addr(),
                         "\nkey_file = ", key_file_, "\noutput = yaml\n"),
            0600);
  const EnvMap file_only = {{"HOME", dir_.path()}, {"CORDON_CONFIG", config}};
  transcript_.Step({"keys", "list"}, file_only,
                   "everything from the config file (yaml output too)");
  EnvMap bad_env = file_only;
  bad_env["CORDON_ADDR"] = "127.0.0.1:1";
  transcript_.Step({"keys", "list", "--timeout=2s"}, bad_env,
                   "CORDON_ADDR beats the file: nothing listens there");
  transcript_.Step({"keys", "list", "--addr", Addr(), "-o", "table"}, bad_env,
                   "--addr beats CORDON_ADDR, -o beats the file");
  WriteFile(config, "adress = 127.0.0.1:50051\n", 0600);
  transcript_.Step({"keys", "list"}, file_only, "a misspelt key: exit 2");
  transcript_.Step(
      {"keys", "list"},
      {{"HOME", dir_.path()}, {"CORDON_CONFIG", dir_.path() + "/missing.conf"}},
      "a config file that is not there: exit 2");
  transcript_.Step({"keys", "list"},
                   {{"HOME", dir_.path()}, {"CORDON_ADDR", Addr()}},
                   "no key anywhere: exit 2");
  EXPECT_EQ(transcript_.Compare("config"), "");
}

TEST_F(CordonctlGoldenTest, KeysReportsEscalationsRulesAuditHealth) {
  MakeOrganization();
  Step({"keys", "create", "--display-name=ingest", "--role=SERVICE"},
       "the secret is printed once, as the API returns it once");
  Step({"keys", "list", "-o", "wide"});
  const std::string identity =
      Created({"identities", "create", organization_, "--upn=dee@contoso.com",
               "--source=CLOUD_ONLY", "--usage-location=NL", "-o", "json"});
  const std::string report =
      Created({"reports", "create", organization_, "--title=Known-bad IP",
               "--severity=critical", "--isolation-worthy",
               "--identities=" + identity, "-o", "json"});
  Step({"reports", "send", report});
  Step({"reports", "resolve", report});
  Step({"reports", "list", account_, "--filter=status = RESOLVED"});
  Step({"identities", "isolate", identity, "--reason=phished"});
  // The state a release answers depends on how far the (failing, no Graph)
  // isolation got: checked by exit code only.
  EXPECT_EQ(
      RunCordonctl(
          {"identities", "release", identity, "--reason=false positive"}, Env())
          .exit_code,
      0);
  const std::string escalation = Created(
      {"escalations", "create", account_, "--type=HOST_ISOLATION_ORG_WIDE",
       "--organization=" + organization_, "--question=Isolate every host?",
       "-o", "json"});
  Step({"escalations", "answer", escalation, "--unauthorized",
        "--scope=account"},
       "an answer this type does not take: the server names the field");
  Step({"escalations", "answer", escalation, "--acknowledge", "--note=done"});
  Step({"escalations", "list", account_, "--filter=status = RESOLVED"});
  const std::string rule =
      Created({"rules", "create", organization_, "--country=NL",
               "--determination=EXPECTED", "--note=office", "-o", "json"});
  Step({"rules", "list", organization_});
  Step({"rules", "delete", rule});
  Step({"audit", "list", account_, "--page-size=3"});
  Step({"health"});
  EXPECT_EQ(transcript_.Compare("workflows"), "");
}

// Issue 14: keys rotate writes the new secret (here over the very key file
// cordonctl is using), then revokes the old key; the old secret stops
// working, the rewritten file works.
TEST_F(CordonctlGoldenTest, KeysRotateWritesTheNewSecretThenRevokesTheOld) {
  RunResult created = Step({"keys", "create", "--display-name=ops",
                            "--role=SOC_ANALYST", "-o", "json"},
                           "a SOC key for ops, its secret kept in ops.key");
  const nlohmann::json key = nlohmann::json::parse(created.out, nullptr, false);
  ASSERT_TRUE(key.is_object()) << created.out << created.err;
  const std::string name = key["api_key"].value("name", "");
  const std::string ops_key = dir_.path() + "/ops.key";
  const std::string old_key = dir_.path() + "/old.key";
  WriteFile(ops_key, key.value("secret", "") + "\n", 0600);
  WriteFile(old_key, key.value("secret", "") + "\n", 0600);
  EnvMap ops = Env();
  ops["CORDON_KEY_FILE"] = ops_key;
  transcript_.Step({"keys", "rotate", name, "--write-key-file=" + ops_key}, ops,
                   "the key rotates itself: new secret in the same file");
  transcript_.Step({"keys", "get", name, "-o", "wide"}, ops,
                   "the rewritten file holds the new key, which reads the old");
  transcript_.Step({"accounts", "list", "--key-file=" + old_key}, Env(),
                   "the old secret no longer works: exit 16");
  Step({"keys", "rotate", "apiKeys/424242"}, "no such key: exit 5");
  Step({"keys", "rotate"}, "no NAME: exit 2");
  EXPECT_EQ(transcript_.Compare("rotate"), "");
}

// events watch against the real event stream: the sent report's event.
TEST_F(CordonctlGoldenTest, EventsWatchPrintsOneLinePerEvent) {
  MakeOrganization();
  const std::string identity =
      Created({"identities", "create", organization_, "--upn=eve@contoso.com",
               "--source=CLOUD_ONLY", "--usage-location=NL", "-o", "json"});
  const std::string report =
      Created({"reports", "create", organization_, "--title=Watch me",
               "--severity=HIGH", "--identities=" + identity, "-o", "json"});
  Step({"reports", "send", report});
  const RunResult watched = Step({"events", "watch", account_, "--from-oldest",
                                  "--type=REPORT_SENT", "--limit=1"});
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_TRUE(absl::StrContains(watched.out, "REPORT_SENT")) << watched.out;
  EXPECT_TRUE(absl::StrContains(watched.out, report)) << watched.out;
  EXPECT_EQ(std::count(watched.out.begin(), watched.out.end(), '\n'), 1);
}

}  // namespace golden_test
}  // namespace cordonctl_testing
