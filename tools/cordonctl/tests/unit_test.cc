// cordonctl's pieces in process: argument parsing, config precedence and
// the key file check, YAML, tables and relative times, one-line errors and
// exit codes, requests built from flags (through Run with a fake Api), the
// event line, and the watch's resume after a broken stream (a real gRPC
// fake EventService on port 0).

#include <sys/stat.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/strings/match.h"
#include "cordon/client/errors.h"
#include "cordon/v1/event.grpc.pb.h"
#include "cordon/v1/organization.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tools/cordonctl/args.h"
#include "tools/cordonctl/cli.h"
#include "tools/cordonctl/config.h"
#include "tools/cordonctl/errors.h"
#include "tools/cordonctl/shapers.h"
#include "tools/cordonctl/table.h"
#include "tools/cordonctl/watch.h"
#include "tools/cordonctl/yaml.h"

namespace cordonctl {
namespace unit_test {

namespace v1 = ::cordon::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

TEST(ArgsTest, FlagsAnywhereValuesSeparateOrJoinedShortForms) {
  absl::StatusOr<Args> args =
      ParseArgs({"-o", "json", "orgs", "--filter", "a = b", "list",
                 "accounts/1", "--display_name=X", "--plaintext"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(args->positional, ElementsAre("orgs", "list", "accounts/1"));
  EXPECT_EQ(args->Get("output"), "json");
  EXPECT_EQ(args->Get("filter"), "a = b");
  EXPECT_EQ(args->Get("display-name"), "X");
  EXPECT_EQ(args->Get("plaintext"), "true");
}

TEST(ArgsTest, RepeatedFlagAndMissingValueAreErrors) {
  EXPECT_FALSE(ParseArgs({"--note=a", "--note=b"}).ok());
  EXPECT_FALSE(ParseArgs({"orgs", "list", "--filter"}).ok());
}

class ConfigTest : public ::testing::Test {
 protected:
  Getenv Env(std::map<std::string, std::string> vars) {
    vars_ = std::move(vars);
    vars_["HOME"] = dir_.path();
    return [this](const char* name) -> const char* {
      auto it = vars_.find(name);
      return it == vars_.end() ? nullptr : it->second.c_str();
    };
  }
  std::string ConfigFile(const std::string& text) {
    std::filesystem::create_directories(dir_.path() + "/.config/cordon");
    const std::string path = dir_.path() + "/.config/cordon/config";
    WriteFile(path, text, 0600);
    return path;
  }
  cordon::testing::TempDir dir_;
  std::map<std::string, std::string> vars_;
};

TEST_F(ConfigTest, FlagBeatsEnvBeatsFileBeatsDefault) {
  ConfigFile("addr = file:1 # comment\nkey_file = /file.key\ntimeout = 5s\n");
  Args none;
  absl::StatusOr<Settings> from_file = ResolveSettings(none, Env({}));
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->addr, "file:1");
  EXPECT_EQ(from_file->key_file, "/file.key");
  EXPECT_EQ(from_file->timeout, absl::Seconds(5));
  auto env = Env({{"CORDON_ADDR", "env:2"}});
  EXPECT_EQ(ResolveSettings(none, env)->addr, "env:2");
  Args flag = *ParseArgs({"--addr=flag:3"});
  EXPECT_EQ(ResolveSettings(flag, env)->addr, "flag:3");
  EXPECT_EQ(ResolveSettings(flag, env)->addr_source, "flag --addr");
}

// Issue 14, mutual TLS: the client certificate and key come from the same
// places as the CA file.
TEST_F(ConfigTest, ClientCertificateFromFlagEnvOrFile) {
  ConfigFile("client_cert = /file.crt\nclient_key = /file.key\n");
  Args none;
  absl::StatusOr<Settings> from_file = ResolveSettings(none, Env({}));
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->client_cert, "/file.crt");
  EXPECT_EQ(from_file->client_key, "/file.key");
  auto env = Env(
      {{"CORDON_CLIENT_CERT", "/env.crt"}, {"CORDON_CLIENT_KEY", "/env.key"}});
  EXPECT_EQ(ResolveSettings(none, env)->client_cert, "/env.crt");
  EXPECT_EQ(ResolveSettings(none, env)->client_key, "/env.key");
  Args flags =
      *ParseArgs({"--client-cert=/flag.crt", "--client-key", "/flag.key"});
  EXPECT_EQ(ResolveSettings(flags, env)->client_cert, "/flag.crt");
  EXPECT_EQ(ResolveSettings(flags, env)->client_key, "/flag.key");
}

TEST_F(ConfigTest, MalformedFileNamesTheLine) {
  ConfigFile("addr = a:1\n\nadress = b:2\n");
  absl::StatusOr<Settings> settings = ResolveSettings(Args{}, Env({}));
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(std::string(settings.status().message()), HasSubstr("config:3"));
}

TEST_F(ConfigTest, KeyFileMustBeOwnerOnly) {
  Settings settings;
  settings.key_file = dir_.path() + "/key";
  WriteFile(settings.key_file, "cordon_1_secret\n", 0640);
  absl::StatusOr<std::string> refused = ReadApiKey(settings);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("mode 0640"));
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::Not(HasSubstr("secret")));
  ::chmod(settings.key_file.c_str(), 0600);
  EXPECT_EQ(*ReadApiKey(settings), "cordon_1_secret");
}

TEST(YamlTest, QuotesWhatWouldReadBackAsSomethingElse) {
  const Json json =
      Json::parse(R"({"name":"accounts/1","flag":true,"empty":"","word":"yes",)"
                  R"("time":"2026-12-06T10:00:00Z","list":[{"a":1,"b":"x y"}],)"
                  R"("none":[],"nested":{"c":"d"}})");
  EXPECT_EQ(ToYaml(json),
            "name: accounts/1\nflag: true\nempty: \"\"\nword: \"yes\"\n"
            "time: \"2026-12-06T10:00:00Z\"\nlist:\n  - a: 1\n    b: \"x y\"\n"
            "none: []\nnested:\n  c: d\n");
}

TEST(TableTest, ColumnsAlignedTwoSpacesApartColourOnlyWhenAsked) {
  const std::string plain = RenderTable(
      {"NAME", "STATE"}, {{"accounts/1", "ISOLATED"}, {"a", "ACTIVE"}}, false);
  EXPECT_EQ(plain,
            "NAME        STATE\naccounts/1  ISOLATED\na           ACTIVE\n");
  const std::string coloured =
      RenderTable({"NAME", "STATE"}, {{"a", "ISOLATED"}}, true);
  EXPECT_THAT(coloured, HasSubstr("\033[31mISOLATED\033[0m"));
  EXPECT_THAT(coloured, HasSubstr("\033[1mNAME\033[0m"));
}

TEST(TableTest, RelativeTimes) {
  const absl::Time now = absl::FromUnixSeconds(1'000'000);
  EXPECT_EQ(RelativeTime(now, now), "just now");
  EXPECT_EQ(RelativeTime(now - absl::Seconds(42), now), "42s ago");
  EXPECT_EQ(RelativeTime(now - absl::Minutes(3), now), "3m ago");
  EXPECT_EQ(RelativeTime(now - absl::Hours(5), now), "5h ago");
  EXPECT_EQ(RelativeTime(now - absl::Hours(24 * 9), now), "9d ago");
  EXPECT_EQ(RelativeTime(now + absl::Hours(2), now), "in 2h");
  EXPECT_EQ(RelativeTime(absl::UnixEpoch(), now), "-");
}

TEST(ErrorsTest, OneLineWithReasonAndFieldExitIsTheCode) {
  google::rpc::Status details;
  details.set_code(3);
  google::rpc::ErrorInfo info;
  info.set_reason("INVALID_FIELD");
  info.set_domain("cordon");
  details.add_details()->PackFrom(info);
  google::rpc::BadRequest bad;
  bad.add_field_violations()->set_field("identity.upn");
  details.add_details()->PackFrom(bad);
  const absl::Status status = cordon::client::FromGrpcStatus(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "upn\nis required",
                   details.SerializeAsString()));
  EXPECT_EQ(ErrorLine(status),
            "error: INVALID_ARGUMENT: upn is required (reason INVALID_FIELD, "
            "field identity.upn)");
  EXPECT_EQ(ExitCode(status), 3);
  EXPECT_EQ(ExitCode(absl::NotFoundError("x")), 5);
  EXPECT_EQ(ExitCode(UsageError("bad flag")), kUsageExit);
  EXPECT_EQ(ErrorLine(UsageError("bad flag")), "cordonctl: bad flag");
}

TEST(ShapersTest, AnswerTakesExactlyOneKindAndScopeWithDeterminations) {
  Json request;
  std::vector<std::string> used;
  // ESC-8: a login decision needs its scope; one answer at a time.
  EXPECT_FALSE(ShapeAnswer(*ParseArgs({"--expected"}), &request, &used).ok());
  EXPECT_FALSE(
      ShapeAnswer(*ParseArgs({"--acknowledge", "--dismiss"}), &request, &used)
          .ok());
  EXPECT_FALSE(ShapeAnswer(*ParseArgs({"--acknowledge", "--scope=account"}),
                           &request, &used)
                   .ok());
  ASSERT_TRUE(ShapeAnswer(*ParseArgs({"--unauthorized", "--scope=identity",
                                      "--note=n"}),
                          &request, &used)
                  .ok());
  EXPECT_EQ(
      request["answer"].dump(),
      R"({"determination":"UNAUTHORIZED","scope":"IDENTITY","note":"n"})");
  ASSERT_TRUE(ShapeAnswer(*ParseArgs({"--dismiss"}), &request, &used).ok());
  EXPECT_EQ(request["answer"].dump(), "{}");  // the empty answer dismisses
}

// Records what it is asked; answers with an empty response.
class FakeApi : public Api {
 public:
  absl::Status Call(const google::protobuf::MethodDescriptor& method,
                    const google::protobuf::Message& request,
                    google::protobuf::Message*) override {
    calls.push_back(method.name() + " " + request.ShortDebugString());
    return absl::OkStatus();
  }
  absl::Status ListAll(
      const google::protobuf::MethodDescriptor& method,
      const google::protobuf::Message& request,
      const std::function<absl::Status(const google::protobuf::Message&)>&)
      override {
    calls.push_back(method.name() + " " + request.ShortDebugString());
    return absl::OkStatus();
  }
  absl::Status Watch(const v1::WatchEventsRequest&,
                     const std::function<bool(const v1::Event&)>&) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<std::string> Health(const std::string&) override {
    return "SERVING";
  }
  std::vector<std::string> calls;
};

class RunTest : public ::testing::Test {
 protected:
  int Run(std::vector<std::string> words) {
    const std::string key = dir_.path() + "/key";
    WriteFile(key, "k\n", 0600);
    words.push_back("--key-file=" + key);
    Environment env;
    env.getenv = [](const char*) -> const char* { return nullptr; };
    env.out = &out_;
    env.err = &err_;
    env.connect = [this](const Settings&, const std::string&) {
      return absl::StatusOr<std::unique_ptr<Api>>(
          std::make_unique<ForwardingApi>(&api_));
    };
    return cordonctl::Run(words, env);
  }
  // Run() owns the Api it connects; this one forwards to the test's.
  struct ForwardingApi : Api {
    explicit ForwardingApi(FakeApi* to) : to(to) {}
    absl::Status Call(const google::protobuf::MethodDescriptor& m,
                      const google::protobuf::Message& q,
                      google::protobuf::Message* r) override {
      return to->Call(m, q, r);
    }
    absl::Status ListAll(
        const google::protobuf::MethodDescriptor& m,
        const google::protobuf::Message& q,
        const std::function<absl::Status(const google::protobuf::Message&)>& p)
        override {
      return to->ListAll(m, q, p);
    }
    absl::Status Watch(
        const v1::WatchEventsRequest& q,
        const std::function<bool(const v1::Event&)>& e) override {
      return to->Watch(q, e);
    }
    absl::StatusOr<std::string> Health(const std::string& s) override {
      return to->Health(s);
    }
    FakeApi* to;
  };
  cordon::testing::TempDir dir_;
  FakeApi api_;
  std::stringstream out_, err_;
};

TEST_F(RunTest, UpdateMasksExactlyTheFlagsGivenEtagRidesAlong) {
  EXPECT_EQ(
      Run({"orgs", "update", "accounts/1/organizations/2", "--display-name=New",
           "--excluded-from-isolation", "--etag=E"}),
      0)
      << err_.str();
  ASSERT_EQ(api_.calls.size(), 1u);
  EXPECT_EQ(api_.calls[0],
            "UpdateOrganization organization { name: "
            "\"accounts/1/organizations/2\" display_name: \"New\" "
            "excluded_from_isolation: true etag: \"E\" } update_mask { paths: "
            "\"display_name\" paths: \"excluded_from_isolation\" }");
}

TEST_F(RunTest, ListSetsParentFilterPageSizeAndRepeatedFields) {
  EXPECT_EQ(Run({"identities", "list", "accounts/1/organizations/2",
                 "--filter=source = CLOUD_ONLY", "--page-size=2"}),
            0);
  EXPECT_EQ(api_.calls[0],
            "ListIdentities parent: \"accounts/1/organizations/2\" page_size: "
            "2 filter: \"source = CLOUD_ONLY\"");
  EXPECT_EQ(err_.str(), "No identities found.\n");
  EXPECT_EQ(Run({"reports", "create", "accounts/1/organizations/2",
                 "--identities=a,b", "--severity=high"}),
            0);
  EXPECT_THAT(api_.calls[1], HasSubstr("severity: HIGH identities: \"a\" "
                                       "identities: \"b\""));
}

TEST_F(RunTest, BadFlagsAreUsageErrorsAndCallNothing) {
  EXPECT_EQ(Run({"orgs", "update", "accounts/1/organizations/2"}), 2);
  EXPECT_EQ(Run({"orgs", "create", "accounts/1", "--bogus=1"}), 2);
  EXPECT_EQ(Run({"orgs", "create", "accounts/1", "--display-name.x=1"}), 2);
  EXPECT_EQ(
      Run({"identities", "create", "p", "--excluded-from-isolation=maybe"}), 2);
  EXPECT_EQ(Run({"accounts", "list", "accounts/1"}), 2);
  EXPECT_TRUE(api_.calls.empty());
  EXPECT_THAT(err_.str(), HasSubstr("--bogus: unknown flag"));
}

v1::Event RecordedEvent(int64_t cursor) {
  v1::Event event;
  event.set_cursor(cursor);
  event.set_type(v1::Event::REPORT_SENT);
  event.mutable_time()->set_seconds(1'796'000'000);
  event.set_account("accounts/1");
  event.set_organization("accounts/1/organizations/2");
  event.set_resource("accounts/1/organizations/2/incidentReports/3");
  event.set_summary("report sent");
  return event;
}

OutputOptions Format(const char* format) {
  OutputOptions options;
  options.format = format;
  return options;
}

TEST(WatchTest, OneLinePerEventInEachFormat) {
  const v1::Event event = RecordedEvent(42);
  EXPECT_EQ(FormatEvent(event, Format("table")),
            "2026-11-30T00:53:20Z  42  REPORT_SENT  "
            "accounts/1/organizations/2/incidentReports/3  report sent\n");
  EXPECT_THAT(FormatEvent(event, Format("wide")),
              HasSubstr("incidentReports/3  accounts/1/organizations/2  "));
  const std::string json = FormatEvent(event, Format("json"));
  EXPECT_EQ(std::count(json.begin(), json.end(), '\n'), 1);
  EXPECT_THAT(json, HasSubstr(R"("cursor":"42","type":"REPORT_SENT")"));
  EXPECT_THAT(FormatEvent(event, Format("yaml")),
              HasSubstr("---\ncursor: \"42\""));
}

// Sends a BOOKMARK and events 6, 7, then breaks (UNAVAILABLE); the next
// stream must resume after 7.
class BreakingEvents final : public v1::EventService::Service {
 public:
  grpc::Status WatchEvents(grpc::ServerContext*,
                           const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::Event>* writer) override {
    std::lock_guard<std::mutex> lock(mutex_);
    after_cursors_.push_back(request->after_cursor());
    v1::Event bookmark;
    bookmark.set_type(v1::Event::BOOKMARK);
    bookmark.set_cursor(request->after_cursor());
    writer->Write(bookmark);
    if (after_cursors_.size() == 1) {
      writer->Write(RecordedEvent(6));
      writer->Write(RecordedEvent(7));
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
    }
    writer->Write(RecordedEvent(request->after_cursor() + 1));
    return grpc::Status::OK;
  }
  std::vector<int64_t> after_cursors() {
    std::lock_guard<std::mutex> lock(mutex_);
    return after_cursors_;
  }

 private:
  std::mutex mutex_;
  std::vector<int64_t> after_cursors_;
};

TEST(WatchTest, ResumesAfterTheLastCursorWhenTheStreamBreaks) {
  BreakingEvents service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  cordon::testing::TempDir dir;
  WriteFile(dir.path() + "/key", "k\n", 0600);
  std::stringstream out, err;
  Environment env{[](const char*) -> const char* { return nullptr; }, &out,
                  &err};
  const int exit_code =
      cordonctl::Run({"events", "watch", "accounts/1", "--limit=3",
                      "--addr=127.0.0.1:" + std::to_string(port),
                      "--key-file=" + dir.path() + "/key", "--timeout=10s"},
                     env);
  EXPECT_EQ(exit_code, 0) << err.str();
  EXPECT_THAT(service.after_cursors(), ElementsAre(0, 7));
  const std::string lines = out.str();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 3) << lines;
  EXPECT_THAT(lines, HasSubstr("  8  REPORT_SENT"));
  server->Shutdown();
}

}  // namespace unit_test
}  // namespace cordonctl
