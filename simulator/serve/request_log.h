#ifndef CORDON_SIMULATOR_SERVE_REQUEST_LOG_H_
#define CORDON_SIMULATOR_SERVE_REQUEST_LOG_H_

#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/time.h"

namespace cordon::sim::serve {

// One request the served simulator answered (admin requests under /_sim/
// are not logged, so a test reading the log does not see itself).
struct LoggedRequest {
  absl::Time time;
  std::string method;
  std::string path;    // without the query
  std::string tenant;  // "" when the request named none we know
  int status = 0;
  std::string fault;  // "" or the knob that answered (HttpFault::source)
  // A PATCH body's switches (LoggedPatchValues): {"accountEnabled": false}
  // tells a disable from a re-enable; empty for other requests.
  std::map<std::string, bool> patch;
};

// The members of a PATCH body that say what the PATCH does and hold no
// secret: the boolean accountEnabled (a user) and isEnabled (an inbox
// rule). Empty for other methods, other members, a body that is no JSON
// object or a member that is no boolean.
std::map<std::string, bool> LoggedPatchValues(const std::string& method,
                                              const std::string& body);

// The request log tests read: kept in memory, and appended as JSON lines to
// a file when one is given. Never holds a token, secret or body (DESIGN
// rule 7), only a PATCH body's switches. Thread-safe.
class RequestLog {
 public:
  RequestLog() = default;
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Appends every later entry to `path` (created if missing).
  absl::Status AppendToFile(const std::string& path);

  void Add(LoggedRequest entry);
  std::vector<LoggedRequest> Entries() const;
  // {"requests":[{...},...]} in arrival order.
  std::string ToJson() const;

 private:
  mutable std::mutex mu_;
  std::vector<LoggedRequest> entries_ ABSL_GUARDED_BY(mu_);
  std::FILE* file_ ABSL_GUARDED_BY(mu_) = nullptr;
};

// One entry as a JSON object (also a JSON line of the file).
std::string LoggedRequestJson(const LoggedRequest& entry);

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_REQUEST_LOG_H_
