#ifndef CORDON_CLIENTS_CPP_TESTS_FAKE_EVENTS_H_
#define CORDON_CLIENTS_CPP_TESTS_FAKE_EVENTS_H_

// A scripted EventService: the n-th WatchEvents call sends the n-th
// script's events and ends with its status; calls past the scripts (and a
// script marked `hold`) stay open until the client goes away.

#include <mutex>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "cordon/v1/event.grpc.pb.h"

namespace cordon::client::testing {

inline v1::Event MakeEvent(int64_t cursor,
                           v1::Event::Type type = v1::Event::REPORT_SENT) {
  v1::Event event;
  event.set_cursor(cursor);
  event.set_type(type);
  return event;
}

class FakeEvents final : public v1::EventService::Service {
 public:
  struct Script {
    std::vector<v1::Event> events;
    grpc::Status end = grpc::Status(grpc::UNAVAILABLE, "dropped");
    bool hold = false;
  };

  void Add(Script script) {
    std::lock_guard<std::mutex> lock(mu_);
    scripts_.push_back(std::move(script));
  }
  std::vector<v1::WatchEventsRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorizations_;
  }

  grpc::Status WatchEvents(grpc::ServerContext* context,
                           const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::Event>* writer) override {
    Script script{{}, grpc::Status::OK, true};
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(*request);
      auto auth = context->client_metadata().find("authorization");
      if (auth != context->client_metadata().end()) {
        authorizations_.emplace_back(auth->second.data(), auth->second.size());
      }
      if (next_ < scripts_.size()) script = scripts_[next_++];
    }
    for (const v1::Event& event : script.events) writer->Write(event);
    if (!script.hold) return script.end;
    // Open until the client cancels or goes away.
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(2));
    return grpc::Status(grpc::CANCELLED, "cancelled");
  }

 private:
  std::mutex mu_;
  std::vector<Script> scripts_;
  size_t next_ = 0;
  std::vector<v1::WatchEventsRequest> requests_;
  std::vector<std::string> authorizations_;
};

}  // namespace cordon::client::testing

#endif  // CORDON_CLIENTS_CPP_TESTS_FAKE_EVENTS_H_
