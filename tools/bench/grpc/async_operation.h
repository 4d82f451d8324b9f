#ifndef CORDON_TOOLS_BENCH_GRPC_ASYNC_OPERATION_H_
#define CORDON_TOOLS_BENCH_GRPC_ASYNC_OPERATION_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "grpcpp/grpcpp.h"

namespace cordon::bench::grpc_load {

// What every call of a load carries: the bearer key (empty for the
// baseline, which authenticates nobody) and a deadline, so that a stuck
// server ends a run with DEADLINE_EXCEEDED counted as errors instead of
// hanging it.
struct CallSettings {
  std::string bearer_key;
  std::chrono::seconds deadline{30};

  void Apply(grpc::ClientContext* context) const {
    context->set_deadline(std::chrono::system_clock::now() + deadline);
    if (!bearer_key.empty()) {
      context->AddMetadata("authorization", "Bearer " + bearer_key);
    }
  }
};

// One timed request of a workload on a completion queue: a single unary
// call, or a short sequence (send, then poll until isolated). The driver
// tags every event with the operation itself, so an operation has at most
// one call or alarm outstanding at a time.
class AsyncOperation {
 public:
  virtual ~AsyncOperation() = default;
  // Issues the first call on `cq`, tagged with `this`.
  virtual void Start(grpc::CompletionQueue* cq) = 0;
  // The outstanding call or alarm completed (`ok` as the queue said): true
  // when the operation is over (status() is its outcome), false when it
  // issued its next step, tagged with `this` again.
  virtual bool Proceed(bool ok) = 0;
  virtual const grpc::Status& status() const = 0;
};

// The stub method that starts one unary call (a PrepareAsyncX bound to a
// stub).
template <typename Request, typename Response>
using PrepareCall =
    std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<Response>>(
        grpc::ClientContext*, const Request&, grpc::CompletionQueue*)>;

// One unary call, started on a queue and finished with one event.
template <typename Request, typename Response>
class UnaryCall {
 public:
  void Start(const PrepareCall<Request, Response>& prepare,
             const CallSettings& settings, const Request& request,
             grpc::CompletionQueue* cq, void* tag) {
    context_ = std::make_unique<grpc::ClientContext>();
    settings.Apply(context_.get());
    reader_ = prepare(context_.get(), request, cq);
    reader_->StartCall();
    reader_->Finish(&response_, &status_, tag);
  }
  const grpc::Status& status() const { return status_; }
  const Response& response() const { return response_; }

 private:
  // A context serves one call: a new one for each.
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
  Response response_;
  grpc::Status status_;
};

// The operation of most workloads: one unary call. `on_success` (may be
// null) sees the response, e.g. to keep the name of what was created.
template <typename Request, typename Response>
class UnaryOperation final : public AsyncOperation {
 public:
  UnaryOperation(PrepareCall<Request, Response> prepare,
                 const CallSettings& settings, Request request,
                 std::function<void(const Response&)> on_success = nullptr)
      : prepare_(std::move(prepare)),
        settings_(settings),
        request_(std::move(request)),
        on_success_(std::move(on_success)) {}

  void Start(grpc::CompletionQueue* cq) override {
    call_.Start(prepare_, settings_, request_, cq, this);
  }
  bool Proceed(bool) override {
    if (call_.status().ok() && on_success_) on_success_(call_.response());
    return true;
  }
  const grpc::Status& status() const override { return call_.status(); }

 private:
  const PrepareCall<Request, Response> prepare_;
  const CallSettings& settings_;
  const Request request_;
  const std::function<void(const Response&)> on_success_;
  UnaryCall<Request, Response> call_;
};

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_ASYNC_OPERATION_H_
