// Uses the installed SDK: a resource name, a client, one call that cannot
// reach a server (nothing listens on port 1), its error on one line.
#include <iostream>

#include "cordon/client/client.h"
#include "cordon/client/names.h"
#include "cordon/v1/identity.grpc.pb.h"

int main() {
  absl::StatusOr<std::string> name =
      cordon::client::names::Identity("7", "3", "12");
  if (!name.ok() || !cordon::client::names::Parse(*name).ok()) return 1;
  cordon::client::ClientOptions options;
  options.channel.address = "127.0.0.1:1";
  options.channel.plaintext = true;
  options.default_deadline = absl::Milliseconds(500);
  options.retry.max_attempts = 1;
  absl::StatusOr<cordon::client::Client> client =
      cordon::client::Client::Connect(options);
  if (!client.ok()) return 1;
  cordon::v1::GetIdentityRequest request;
  request.set_name(*name);
  absl::Status status =
      client->Call(&cordon::v1::IdentityService::Stub::GetIdentity, request)
          .status();
  std::cout << *name << " " << cordon::client::FormatError(status) << "\n";
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) ? 0
                                                                         : 1;
}
