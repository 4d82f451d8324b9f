#include "tools/bench/grpc/load_driver.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"

namespace cordon::bench::grpc_load {
namespace {

using Steady = std::chrono::steady_clock;

std::string CodeName(grpc::StatusCode code) {
  std::string name =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? absl::StrCat("CODE_", static_cast<int>(code)) : name;
}

// The state of one point while it runs.
class PointRun {
 public:
  PointRun(Workload& workload, int channels, const LoadPoint& point)
      : workload_(workload),
        channels_(std::max(1, std::min(channels, point.in_flight))),
        point_(point),
        start_(Steady::now()),
        counted_from_(start_ + absl::ToChronoNanoseconds(point.warmup)),
        end_(counted_from_ + absl::ToChronoNanoseconds(point.duration)),
        interval_(point.rate > 0
                      ? std::chrono::duration_cast<Steady::duration>(
                            std::chrono::duration<double>(1.0 / point.rate))
                      : Steady::duration::zero()),
        next_due_(start_) {}

  LoadResult Run();

 private:
  struct Pending {
    std::unique_ptr<AsyncOperation> operation;
    Steady::time_point due;
  };

  bool Starting(Steady::time_point now) const;
  void StartDue(Steady::time_point now);
  void StartOne(Steady::time_point due);
  void Complete(void* tag, bool ok);
  LoadResult Summarize();

  Workload& workload_;
  const int channels_;
  const LoadPoint point_;
  const Steady::time_point start_, counted_from_, end_;
  const Steady::duration interval_;
  Steady::time_point next_due_;
  grpc::CompletionQueue cq_;
  std::unordered_map<void*, Pending> pending_;
  size_t next_slot_ = 0;
  bool exhausted_ = false;
  int64_t counted_started_ = 0;
  std::vector<int64_t> samples_ns_;
  std::map<std::string, int64_t> errors_;
  Steady::time_point last_answer_;
};

bool PointRun::Starting(Steady::time_point now) const {
  return now < end_ && !exhausted_ &&
         (point_.max_requests == 0 || counted_started_ < point_.max_requests);
}

void PointRun::StartDue(Steady::time_point now) {
  const size_t limit = static_cast<size_t>(point_.in_flight);
  if (point_.rate <= 0) {
    while (Starting(now) && pending_.size() < limit) StartOne(now);
    return;
  }
  // Open loop: every request due by now starts, unless all slots are busy;
  // the late ones keep their due time.
  while (Starting(now) && next_due_ <= now && pending_.size() < limit) {
    StartOne(next_due_);
    next_due_ += interval_;
  }
}

void PointRun::StartOne(Steady::time_point due) {
  std::unique_ptr<AsyncOperation> operation =
      workload_.Next(next_slot_++ % channels_);
  if (operation == nullptr) {
    exhausted_ = true;
    return;
  }
  if (due >= counted_from_) ++counted_started_;
  AsyncOperation* tag = operation.get();
  pending_.emplace(tag, Pending{std::move(operation), due});
  tag->Start(&cq_);
}

void PointRun::Complete(void* tag, bool ok) {
  auto it = pending_.find(tag);
  if (it == pending_.end() || !it->second.operation->Proceed(ok)) return;
  const Steady::time_point now = Steady::now();
  const Pending& done = it->second;
  if (done.due >= counted_from_) {
    const grpc::Status& status = done.operation->status();
    if (status.ok()) {
      samples_ns_.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - done.due)
              .count());
      last_answer_ = now;
    } else {
      ++errors_[CodeName(status.error_code())];
    }
  }
  pending_.erase(it);
}

LoadResult PointRun::Run() {
  last_answer_ = counted_from_;
  // The end waits for every request in flight: each call has a deadline
  // (CallSettings) and a multi-step operation bounds its own steps, so
  // this ends.
  while (true) {
    const Steady::time_point now = Steady::now();
    const bool starting = Starting(now);
    if (starting) StartDue(now);
    if (pending_.empty() && !Starting(now)) break;
    Steady::time_point wake = starting ? end_ : now + std::chrono::seconds(1);
    if (starting && point_.rate > 0) wake = std::min(wake, next_due_);
    void* tag = nullptr;
    bool ok = false;
    // gRPC takes system_clock deadlines; the schedule is steady_clock's.
    const auto deadline = std::chrono::system_clock::now() +
                          std::chrono::duration_cast<std::chrono::microseconds>(
                              wake - Steady::now());
    if (cq_.AsyncNext(&tag, &ok, deadline) ==
        grpc::CompletionQueue::GOT_EVENT) {
      Complete(tag, ok);
    }
  }
  return Summarize();
}

LoadResult PointRun::Summarize() {
  cq_.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq_.Next(&tag, &ok)) {
  }
  LoadResult result;
  result.in_flight = point_.in_flight;
  result.rate = point_.rate;
  result.channels = channels_;
  result.requests = static_cast<int64_t>(samples_ns_.size());
  result.errors = errors_;
  result.seconds =
      std::chrono::duration<double>(last_answer_ - counted_from_).count();
  if (result.seconds > 0) result.throughput = result.requests / result.seconds;
  SummarizeLatencies(&samples_ns_, &result);
  return result;
}

}  // namespace

LoadResult RunLoadPoint(Workload& workload, int channels,
                        const LoadPoint& point) {
  return PointRun(workload, channels, point).Run();
}

}  // namespace cordon::bench::grpc_load
