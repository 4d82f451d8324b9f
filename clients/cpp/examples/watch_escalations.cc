// Prints an account's escalations as they open and change, resuming by
// itself after a disconnect; stops after COUNT events or SECONDS.
//
//   watch_escalations ADDRESS KEY_FILE ACCOUNT [COUNT] [SECONDS]
#include <iostream>

#include "clients/cpp/examples/connect.h"
#include "cordon/client/watch.h"

namespace v1 = cordon::v1;

int main(int argc, char** argv) {
  if (!cordon_examples::ArgumentsFit(
          argc, 3, 5,
          "watch_escalations ADDRESS KEY_FILE ACCOUNT [COUNT] [SECONDS]")) {
    return 2;
  }
  absl::StatusOr<cordon::client::Client> client =
      cordon_examples::Connect(argv[1], argv[2]);
  if (!client.ok()) return cordon_examples::Fail(client.status());
  const int count = argc > 4 ? std::atoi(argv[4]) : 0;  // 0: for ever
  const absl::Time deadline =
      argc > 5 ? absl::Now() + absl::Seconds(std::atoi(argv[5]))
               : absl::InfiniteFuture();
  cordon::client::WatchOptions options;
  options.parent = argv[3];
  options.types = {v1::Event::ESCALATION_OPENED, v1::Event::ESCALATION_JOINED,
                   v1::Event::ESCALATION_OVERDUE,
                   v1::Event::ESCALATION_ANSWERED,
                   v1::Event::ESCALATION_RESOLVED};
  options.deliver_bookmarks = true;  // the first one says we are live
  int seen = 0;
  bool live = false;
  absl::Status status = cordon::client::Watch(
      *client, options,
      [&](const v1::Event& event) {
        if (event.type() == v1::Event::BOOKMARK) {
          if (!live) std::cout << "watching\n" << std::flush;
          live = true;
          return true;
        }
        std::cout << v1::Event::Type_Name(event.type()) << " "
                  << event.resource() << " " << event.escalation().question()
                  << "\n"
                  << std::flush;
        return count == 0 || ++seen < count;
      },
      deadline);
  return status.ok() ? 0 : cordon_examples::Fail(status);
}
