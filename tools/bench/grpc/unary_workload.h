#ifndef CORDON_TOOLS_BENCH_GRPC_UNARY_WORKLOAD_H_
#define CORDON_TOOLS_BENCH_GRPC_UNARY_WORKLOAD_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "tools/bench/grpc/async_operation.h"
#include "tools/bench/grpc/workload.h"

namespace cordon::bench::grpc_load {

// A workload of one unary method: each operation is one call of `method`
// (a stub's PrepareAsyncX) with the request `next_request` builds (called
// from the driver's one thread, so it may keep a counter).
template <typename Service, typename Request, typename Response>
class UnaryWorkload final : public Workload {
 public:
  using Stub = typename Service::Stub;
  using Method = std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (
      Stub::*)(grpc::ClientContext*, const Request&, grpc::CompletionQueue*);

  struct Spec {
    std::string name;
    Method method = nullptr;
    std::function<Request()> next_request;
    // Optional: sees each successful response.
    std::function<void(const Response&)> on_success;
    // Optional: runs before each load point (Workload::Prepare).
    std::function<absl::Status()> prepare;
  };

  UnaryWorkload(const std::vector<std::shared_ptr<grpc::Channel>>& channels,
                CallSettings settings, Spec spec)
      : settings_(std::move(settings)), spec_(std::move(spec)) {
    for (const auto& channel : channels) {
      stubs_.push_back(std::make_unique<Stub>(channel));
    }
  }

  std::string name() const override { return spec_.name; }

  absl::Status Prepare() override {
    return spec_.prepare ? spec_.prepare() : absl::OkStatus();
  }

  std::unique_ptr<AsyncOperation> Next(size_t channel) override {
    Stub* stub = stubs_[channel % stubs_.size()].get();
    const Method method = spec_.method;
    PrepareCall<Request, Response> prepare =
        [stub, method](grpc::ClientContext* context, const Request& request,
                       grpc::CompletionQueue* cq) {
          return (stub->*method)(context, request, cq);
        };
    return std::make_unique<UnaryOperation<Request, Response>>(
        std::move(prepare), settings_, spec_.next_request(), spec_.on_success);
  }

 private:
  const CallSettings settings_;
  const Spec spec_;
  std::vector<std::unique_ptr<Stub>> stubs_;
};

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_UNARY_WORKLOAD_H_
