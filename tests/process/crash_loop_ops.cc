#include "tests/process/crash_loop_ops.h"

namespace cordon::process_testing::crash_loop {

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(status.error_code(), " ", status.error_message());
}

grpc::Status SignInOp::Send(Client& client) {
  v1::RecordSignInResponse response;
  return client.Call(request_, &response);
}

std::string SignInOp::Verify(Client& client) {
  v1::RecordSignInResponse response;
  const grpc::Status status = client.Call(request_, &response);
  if (!status.ok()) return Failed("again: " + Describe(status));
  return response.duplicate() ? "" : Failed("recorded afresh after restart");
}

}  // namespace cordon::process_testing::crash_loop
