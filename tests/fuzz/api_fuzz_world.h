#ifndef CORDON_TESTS_FUZZ_API_FUZZ_WORLD_H_
#define CORDON_TESTS_FUZZ_API_FUZZ_WORLD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/test/server_context_test_spouse.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/api/services.h"
#include "tests/support/test_server.h"

namespace cordon::fuzz {

// A whole server core for the API fuzz target, made once per process: the
// TestServer wiring (RocksDB in a temporary directory, the engine on a fake
// clock and seeded entropy, the simulated world) with a second set of the
// cordon.v1 services over the same engine, which the target calls directly
// so that an execution costs a handler, not a network round trip. Callers of
// every kind exist, each with its own API key.
class ApiFuzzWorld {
 public:
  ApiFuzzWorld();

  // The service registered as `full_name` ("cordon.v1.AccountService").
  grpc::Service* service(absl::string_view full_name) const;

  // The caller chosen by `selector`: no key at all, a key that does not
  // exist, the SOC bootstrap key, account A's admin, user and organization
  // user, a SERVICE key, account A's agent, account B's admin.
  const std::string& token(uint8_t selector) const;

  testing::TestServer& server() { return *server_; }

 private:
  void MakeCallers();

  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<api::CallRunner> runner_;
  std::unique_ptr<api::PageTokens> pages_;
  api::Services services_;
  std::vector<std::string> tokens_;
};

// A server context as a call of `token` brings ("" = no authorization
// metadata). The spouse owns the metadata the context points into, so both
// live as long as the call.
class CallContext {
 public:
  explicit CallContext(const std::string& token);
  grpc::ServerContext* get() { return &context_; }

 private:
  grpc::ServerContext context_;
  grpc::testing::ServerContextTestSpouse spouse_{&context_};
};

}  // namespace cordon::fuzz

#endif  // CORDON_TESTS_FUZZ_API_FUZZ_WORLD_H_
