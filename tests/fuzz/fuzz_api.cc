// Every request message of every cordon.v1 service, through the API handlers
// against a real server core (ApiFuzzWorld): bytes -> ParseFromString ->
// handler. No input may crash the server, and none may get UNKNOWN or
// INTERNAL: bad input gets a precise status.
//
// Input: byte 0 picks the RPC (from the table generated from the service
// descriptors), byte 1 the caller (low four bits), how far the fake clock
// moves first (bits 4-5) and whether the outbox worker then performs what
// was queued (bit 6); the rest is the serialized request.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "fuzz_api_services.h"  // generated: every service's header
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "tests/fuzz/api_fuzz_world.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using cordon::fuzz::ApiFuzzWorld;

ApiFuzzWorld* world = nullptr;

// At exit, so that the server's temporary directory goes too.
void DeleteWorld() {
  delete world;
  world = nullptr;
}

ApiFuzzWorld& World() {
  if (world == nullptr) {
    world = new ApiFuzzWorld();
    std::atexit(DeleteWorld);
  }
  return *world;
}

// Bad input, a refused caller or a missing resource each have a precise
// code; UNKNOWN and INTERNAL mean the server did not expect what it got.
void CheckStatus(const char* method, const grpc::Status& status) {
  const grpc::StatusCode code = status.error_code();
  if (code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::INTERNAL) {
    std::fprintf(stderr, "%s answered %d: %s\n", method, code,
                 status.error_message().c_str());
    FUZZ_CHECK(code != grpc::StatusCode::UNKNOWN &&
               code != grpc::StatusCode::INTERNAL);
  }
}

struct Rpc {
  const char* name;
  // False when the bytes are not a request of this RPC.
  bool (*call)(const std::string& token, const std::string& bytes);
};

// A unary RPC: the service implementation is called directly.
#define CORDON_FUZZ_UNARY(Grpc, full_name, Method, Request, Response)          \
  {full_name "/" #Method,                                                      \
   [](const std::string& token, const std::string& bytes) {                    \
     Request request;                                                          \
     if (!request.ParseFromString(bytes)) return false;                        \
     auto* service = dynamic_cast<Grpc::Service*>(World().service(full_name)); \
     FUZZ_CHECK(service != nullptr);                                           \
     cordon::fuzz::CallContext context(token);                                 \
     Response response;                                                        \
     CheckStatus(full_name "/" #Method,                                        \
                 service->Method(context.get(), &request, &response));         \
     return true;                                                              \
   }},

// A server stream needs a real ServerWriter, which only gRPC can make: it
// goes over the TestServer's loopback channel, reads a few messages and
// cancels.
#define CORDON_FUZZ_SERVER_STREAM(Grpc, full_name, Method, Request, Response) \
  {full_name "/" #Method,                                                     \
   [](const std::string& token, const std::string& bytes) {                   \
     Request request;                                                         \
     if (!request.ParseFromString(bytes)) return false;                       \
     static auto stub = Grpc::NewStub(World().server().channel());            \
     grpc::ClientContext context;                                             \
     if (!token.empty())                                                      \
       context.AddMetadata("authorization", "Bearer " + token);               \
     context.set_deadline(std::chrono::system_clock::now() +                  \
                          std::chrono::milliseconds(50));                     \
     auto reader = stub->Method(&context, request);                           \
     Response response;                                                       \
     for (int i = 0; i < 3 && reader->Read(&response); ++i) {                 \
     }                                                                        \
     context.TryCancel();                                                     \
     grpc::Status status = reader->Finish();                                  \
     if (status.error_code() != grpc::StatusCode::CANCELLED &&                \
         status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {        \
       CheckStatus(full_name "/" #Method, status);                            \
     }                                                                        \
     return true;                                                             \
   }},

const std::vector<Rpc>& Rpcs() {
  static const auto* rpcs = new std::vector<Rpc>{
#include "fuzz_api_methods.inc"
  };
  return *rpcs;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  World();
  std::fprintf(stderr, "fuzz_api: %zu RPCs\n", Rpcs().size());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return -1;
  const Rpc& rpc = Rpcs()[data[0] % Rpcs().size()];
  const uint8_t flags = data[1];
  static constexpr absl::Duration kSteps[] = {
      absl::ZeroDuration(), absl::Seconds(1), absl::Minutes(5), absl::Hours(2)};
  World().server().clock().Advance(kSteps[(flags >> 4) & 3]);
  const std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  if (!rpc.call(World().token(flags & 0x0F), bytes)) return -1;
  if (flags & 0x40) {
    (void)World().server().engine().worker().RunUntilIdle();
  }
  return 0;
}
