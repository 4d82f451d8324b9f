#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_OPS_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_OPS_H_

// The writes of the crash loop's workload, each with what its answer
// promises. A write the server answered is acknowledged and must hold after
// every later restart; one that got no answer (the kill) may or may not have
// happened, and is retried the way a client would: a create with the same
// request_id, a sign-in with the same event id, a transition again (an
// answer that it already happened counts when a read shows it did).

#include <functional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/process/crash_loop_client.h"

namespace cordon::process_testing::crash_loop {

std::string Describe(const grpc::Status& status);

class Op {
 public:
  explicit Op(std::string what) : what_(std::move(what)) {}
  virtual ~Op() = default;
  const std::string& what() const { return what_; }
  bool acked() const { return acked_; }
  int attempts() const { return attempts_; }
  // Sends the write (again); acked() once the server answered OK.
  grpc::Status Issue(Client& client) {
    ++attempts_;
    const grpc::Status status = Send(client);
    acked_ = acked_ || status.ok();
    return status;
  }
  // After a restart: "" when what the acknowledged answer promised holds,
  // else what does not.
  virtual std::string Verify(Client& client) = 0;

 protected:
  virtual grpc::Status Send(Client& client) = 0;
  std::string Failed(const std::string& why) const {
    return absl::StrCat(what_, ": ", why);
  }

 private:
  const std::string what_;
  bool acked_ = false;
  int attempts_ = 0;
};

// A Create with a request_id. Its retry must answer exactly what the first
// answer said (AIP-155), and a read must show the resource as `Same` says.
template <typename Request, typename Response, typename GetRequest>
class CreateOp : public Op {
 public:
  using Same =
      std::function<bool(const Response& created, const Response& read)>;
  CreateOp(std::string what, Request request, Same same)
      : Op(std::move(what)),
        request_(std::move(request)),
        same_(std::move(same)) {}
  const Response& answer() const { return answer_; }

  std::string Verify(Client& client) override {
    Response again;
    grpc::Status status = client.Call(request_, &again);
    if (!status.ok()) return Failed("retry: " + Describe(status));
    if (!google::protobuf::util::MessageDifferencer::Equals(again, answer_)) {
      return Failed("the retry answered " + again.ShortDebugString() +
                    ", the first answer was " + answer_.ShortDebugString());
    }
    GetRequest get;
    get.set_name(answer_.name());
    Response read;
    status = client.Call(get, &read);
    if (!status.ok()) return Failed("read: " + Describe(status));
    if (!same_(answer_, read)) {
      return Failed("read " + read.ShortDebugString() + ", created " +
                    answer_.ShortDebugString());
    }
    return "";
  }

 protected:
  grpc::Status Send(Client& client) override {
    Response response;
    const grpc::Status status = client.Call(request_, &response);
    if (status.ok() && !acked()) answer_ = std::move(response);
    return status;
  }

 private:
  const Request request_;
  const Same same_;
  Response answer_;
};

// A state change of a named resource (send, resolve, answer). A retry
// answered FAILED_PRECONDITION counts when a read shows the change made.
template <typename Request, typename Response, typename GetRequest>
class TransitionOp : public Op {
 public:
  using Reached = std::function<bool(const Response&)>;
  TransitionOp(std::string what, Request request, Reached reached)
      : Op(std::move(what)),
        request_(std::move(request)),
        reached_(std::move(reached)) {}

  std::string Verify(Client& client) override {
    Response read;
    const grpc::Status status = Read(client, &read);
    if (!status.ok()) return Failed("read: " + Describe(status));
    return reached_(read) ? "" : Failed("not made: " + read.ShortDebugString());
  }

 protected:
  grpc::Status Send(Client& client) override {
    Response response;
    grpc::Status status = client.Call(request_, &response);
    if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION ||
        attempts() < 2) {
      return status;
    }
    Response read;
    const grpc::Status read_status = Read(client, &read);
    return read_status.ok() && reached_(read) ? grpc::Status::OK : status;
  }

 private:
  grpc::Status Read(Client& client, Response* read) {
    GetRequest get;
    get.set_name(request_.name());
    return client.Call(get, read);
  }

  const Request request_;
  const Reached reached_;
};

// A sign-in through the telemetry API (ESC-2 login escalations). Recorded
// once acknowledged: sending it again must say duplicate.
class SignInOp : public Op {
 public:
  SignInOp(std::string what, v1::RecordSignInRequest request)
      : Op(std::move(what)), request_(std::move(request)) {}
  std::string Verify(Client& client) override;

 protected:
  grpc::Status Send(Client& client) override;

 private:
  const v1::RecordSignInRequest request_;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_OPS_H_
