#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_CHECKER_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_CHECKER_H_

// What the crash loop checks in the served world, which keeps running
// across the kills: every isolation and release converges (ISO-3, ISO-4,
// ISO-5), no Graph effect is sent again once Cordon recorded it done, and
// every escalation's notifications reach the SMTP sink and are not sent
// again once recorded DELIVERED (ESC-3, ESC-9).
//
// "Recorded done" is observed from outside: after each restart the checker
// reads the reports and escalations, and marks what shows SUCCEEDED or
// DELIVERED with the length of the world's record (request log, mailbox)
// read right after. Nothing past a mark may repeat that effect.

#include <cstddef>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tests/process/crash_loop_history.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing::crash_loop {

// The lines cordon-sim appended to its request log file so far, read on.
class RequestLogTail {
 public:
  explicit RequestLogTail(std::string path) : path_(std::move(path)) {}
  // Reads the complete lines added since the last call.
  const std::vector<nlohmann::json>& Read();

 private:
  const std::string path_;
  std::streamoff offset_ = 0;
  std::vector<nlohmann::json> entries_;
};

class Checker {
 public:
  // Pointers must outlive this.
  Checker(History* history, ServedTenant* tenant);
  // Marks the effects and notifications that show done now; `mail` also
  // reads the mailbox (the costly part of a long run). "" or what failed.
  std::string Observe(Client& client, bool mail);
  // "" once every isolation, release and notification has settled, else
  // what is still waiting.
  std::string Unsettled(Client& client);
  // The world's state and records against the marks. "" or what failed.
  std::string Check(Client& client);

  // Restarts after which a report still had an action PENDING: kills that
  // landed while an effect was under way.
  int mid_action_restarts() const { return mid_action_restarts_; }
  // Escalations whose notifications Check() found in the sink.
  int escalations_checked() const { return escalations_checked_; }
  // Messages in the SMTP sink at the last read.
  size_t mails() const { return mails_; }

 private:
  std::string ObserveReports(Client& client);
  std::string ObserveMail(Client& client);
  // Every escalation of the account, then the sink's messages.
  std::string ReadMail(Client& client, std::vector<v1::Escalation>* escalations,
                       nlohmann::json* messages);
  std::string CheckUser(const TenantUser& user, int index);
  std::string CheckEffects();
  std::string CheckMail(Client& client);
  // Messages in the sink for round 0 of `escalation` to `recipient`.
  size_t Delivered(const nlohmann::json& messages,
                   const std::string& escalation,
                   const std::string& recipient) const;

  History* const history_;
  ServedTenant* const tenant_;
  RequestLogTail log_;
  // (upn, action kind) -> request log length when first seen SUCCEEDED.
  std::map<std::pair<std::string, int>, size_t> effect_marks_;
  // (escalation, recipient) -> its messages in the sink when first seen
  // DELIVERED.
  std::map<std::pair<std::string, std::string>, size_t> mail_marks_;
  int mid_action_restarts_ = 0;
  int escalations_checked_ = 0;
  size_t mails_ = 0;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_CHECKER_H_
