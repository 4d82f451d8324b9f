#include "tools/bench/grpc/isolation_workload.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "grpcpp/alarm.h"
#include "tools/bench/grpc/cordon_setup.h"

namespace cordon::bench::grpc_load {
namespace {

using v1::IncidentService;

// The reads of all isolations in flight share one budget, about 1,000 a
// second (each waits 1 ms x the isolations in flight between two): at 40 in
// flight a poll every 2 ms each would be 20,000 reads a second, a load of
// its own that would slow the isolations it times.
constexpr auto kPollBudgetInterval = std::chrono::milliseconds(1);
// An isolation not seen within this is counted as DEADLINE_EXCEEDED.
constexpr auto kIsolationBound = std::chrono::seconds(30);

// Send, then poll the report until isolated (see IsolationWorkload).
class SendUntilIsolated final : public AsyncOperation {
 public:
  SendUntilIsolated(IncidentService::Stub* stub, const CallSettings& settings,
                    std::string report, std::shared_ptr<int> in_flight)
      : stub_(stub), settings_(settings), in_flight_(std::move(in_flight)) {
    ++*in_flight_;
    send_request_.set_name(report);
    get_request_.set_name(std::move(report));
  }

  ~SendUntilIsolated() override { --*in_flight_; }

  void Start(grpc::CompletionQueue* cq) override {
    cq_ = cq;
    give_up_ = std::chrono::steady_clock::now() + kIsolationBound;
    step_ = Step::kSend;
    send_.Start(
        [this](grpc::ClientContext* context,
               const v1::SendIncidentReportRequest& request,
               grpc::CompletionQueue* queue) {
          return stub_->PrepareAsyncSendIncidentReport(context, request, queue);
        },
        settings_, send_request_, cq, this);
  }

  bool Proceed(bool) override {
    switch (step_) {
      case Step::kSend:
        return Answered(send_.status(), send_.response());
      case Step::kWait:
        step_ = Step::kPoll;
        poll_.Start(
            [this](grpc::ClientContext* context,
                   const v1::GetIncidentReportRequest& request,
                   grpc::CompletionQueue* queue) {
              return stub_->PrepareAsyncGetIncidentReport(context, request,
                                                          queue);
            },
            settings_, get_request_, cq_, this);
        return false;
      case Step::kPoll:
        return Answered(poll_.status(), poll_.response());
    }
    return true;
  }

  const grpc::Status& status() const override { return status_; }

 private:
  enum class Step { kSend, kWait, kPoll };

  // A send or a poll answered: over when it failed, when the report shows
  // the isolation done, or past the bound; else the next poll is timed.
  bool Answered(const grpc::Status& status, const v1::IncidentReport& report) {
    if (!status.ok()) {
      status_ = status;
      return true;
    }
    if (process_testing::ActionsSucceeded(report,
                                          process_testing::IsolationKinds())) {
      status_ = grpc::Status::OK;
      return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= give_up_) {
      status_ = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                             "not isolated within the bound");
      return true;
    }
    step_ = Step::kWait;
    alarm_ = std::make_unique<grpc::Alarm>();
    alarm_->Set(cq_,
                std::chrono::system_clock::now() +
                    kPollBudgetInterval * std::max(1, *in_flight_),
                this);
    return false;
  }

  IncidentService::Stub* const stub_;
  const CallSettings& settings_;
  // How many of these are in flight (the driver's one thread counts).
  const std::shared_ptr<int> in_flight_;
  v1::SendIncidentReportRequest send_request_;
  v1::GetIncidentReportRequest get_request_;
  grpc::CompletionQueue* cq_ = nullptr;
  std::chrono::steady_clock::time_point give_up_;
  Step step_ = Step::kSend;
  UnaryCall<v1::SendIncidentReportRequest, v1::IncidentReport> send_;
  UnaryCall<v1::GetIncidentReportRequest, v1::IncidentReport> poll_;
  std::unique_ptr<grpc::Alarm> alarm_;
  grpc::Status status_;
};

absl::StatusOr<std::string> DraftReport(IncidentService::Stub& stub,
                                        const CordonTarget& target,
                                        const std::string& organization,
                                        const std::string& identity) {
  v1::CreateIncidentReportRequest request;
  request.set_parent(organization);
  v1::IncidentReport* draft = request.mutable_incident_report();
  draft->set_title("Sign-in from a known-bad IP and a forwarding rule");
  draft->set_severity(v1::CRITICAL);
  draft->set_isolation_worthy(true);
  draft->add_identities(identity);
  v1::IncidentReport report;
  grpc::ClientContext context;
  target.settings.Apply(&context);
  const grpc::Status status =
      stub.CreateIncidentReport(&context, request, &report);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("CreateIncidentReport: ", status.error_message()));
  }
  return report.name();
}

}  // namespace

IsolationWorkload::IsolationWorkload(const CordonTarget& target, int per_point)
    : target_(target), per_point_(per_point) {
  for (const auto& channel : target_.channels) {
    stubs_.push_back(IncidentService::NewStub(channel));
  }
}

absl::StatusOr<std::unique_ptr<IsolationWorkload>> IsolationWorkload::SetUp(
    const CordonTarget& target, int cordon_port,
    process_testing::ServedTenant& tenant, int users, int per_point) {
  absl::StatusOr<std::string> organization =
      CreateBenchOrganization(target, process_testing::kTenant);
  if (!organization.ok()) return organization.status();
  process_testing::CordonApi api(cordon_port, target.settings.bearer_key);
  if (!api.SyncInventory(*organization)) {
    return absl::UnavailableError(api.error());
  }
  std::unique_ptr<IsolationWorkload> workload(
      new IsolationWorkload(target, per_point));
  for (int i = 0; i < users; ++i) {
    const std::string upn = process_testing::ServedTenant::Upn(i);
    const std::string identity = api.IdentityByUpn(*organization, upn);
    if (identity.empty()) return absl::UnavailableError(api.error());
    if (!tenant.AddForwardRule(upn, process_testing::ForwardRule(i))) {
      return absl::UnavailableError("cannot add the forwarding rule of " + upn);
    }
    absl::StatusOr<std::string> draft =
        DraftReport(*workload->stubs_.front(), target, *organization, identity);
    if (!draft.ok()) return draft.status();
    workload->drafts_.push_back(*draft);
  }
  return workload;
}

absl::Status IsolationWorkload::Prepare() {
  left_in_point_ = per_point_;
  return absl::OkStatus();
}

std::unique_ptr<AsyncOperation> IsolationWorkload::Next(size_t channel) {
  if (left_in_point_ == 0 || drafts_.empty()) return nullptr;
  --left_in_point_;
  std::string draft = std::move(drafts_.back());
  drafts_.pop_back();
  return std::make_unique<SendUntilIsolated>(
      stubs_[channel % stubs_.size()].get(), target_.settings, std::move(draft),
      in_flight_);
}

}  // namespace cordon::bench::grpc_load
