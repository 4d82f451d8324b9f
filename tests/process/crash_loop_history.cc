#include "tests/process/crash_loop_history.h"

namespace cordon::process_testing::crash_loop {

std::string History::RetryUnanswered(Client& client) {
  for (size_t i = verified_; i < ops_.size(); ++i) {
    Op& op = *ops_[i];
    if (op.acked()) continue;
    ++lost_answers_;
    const grpc::Status status = op.Issue(client);
    if (!status.ok()) {
      return absl::StrCat(op.what(),
                          ": retry after restart: ", Describe(status));
    }
  }
  return "";
}

std::string History::Recover(Client& client, std::mt19937_64& random,
                             int sample) {
  const size_t older = verified_;
  std::string failure = RetryUnanswered(client);
  for (; failure.empty() && verified_ < ops_.size(); ++verified_) {
    failure = ops_[verified_]->Verify(client);
  }
  for (int i = 0; failure.empty() && older > 0 && i < sample; ++i) {
    failure = ops_[std::uniform_int_distribution<size_t>(0, older - 1)(random)]
                  ->Verify(client);
  }
  return failure;
}

std::string History::VerifyAll(Client& client) {
  for (const auto& op : ops_) {
    if (std::string failure = op->Verify(client); !failure.empty()) {
      return failure;
    }
  }
  return "";
}

}  // namespace cordon::process_testing::crash_loop
