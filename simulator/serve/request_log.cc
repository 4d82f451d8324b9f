#include "simulator/serve/request_log.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/str_cat.h"

namespace cordon::sim::serve {
namespace {

nlohmann::json ToJsonObject(const LoggedRequest& entry) {
  return {{"time", absl::FormatTime(absl::RFC3339_full, entry.time,
                                    absl::UTCTimeZone())},
          {"method", entry.method},
          {"path", entry.path},
          {"tenant", entry.tenant},
          {"status", entry.status},
          {"fault", entry.fault},
          {"patch", entry.patch}};
}

constexpr const char* kLoggedPatchMembers[] = {"accountEnabled", "isEnabled"};

}  // namespace

std::string LoggedRequestJson(const LoggedRequest& entry) {
  // Paths come from clients: replace bytes that are not UTF-8 rather than
  // throw.
  return ToJsonObject(entry).dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace);
}

std::map<std::string, bool> LoggedPatchValues(const std::string& method,
                                              const std::string& body) {
  std::map<std::string, bool> values;
  if (method != "PATCH") return values;
  const nlohmann::json parsed =
      nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return values;
  for (const char* member : kLoggedPatchMembers) {
    auto it = parsed.find(member);
    if (it != parsed.end() && it->is_boolean()) {
      values[member] = it->get<bool>();
    }
  }
  return values;
}

RequestLog::~RequestLog() {
  std::lock_guard<std::mutex> lock(mu_);
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status RequestLog::AppendToFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open request log file ", path));
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (file_ != nullptr) std::fclose(file_);
  file_ = file;
  return absl::OkStatus();
}

void RequestLog::Add(LoggedRequest entry) {
  std::lock_guard<std::mutex> lock(mu_);
  if (file_ != nullptr) {
    const std::string line = absl::StrCat(LoggedRequestJson(entry), "\n");
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);  // a test may read it while the server runs
  }
  entries_.push_back(std::move(entry));
}

std::vector<LoggedRequest> RequestLog::Entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_;
}

std::string RequestLog::ToJson() const {
  nlohmann::json requests = nlohmann::json::array();
  for (const LoggedRequest& entry : Entries()) {
    requests.push_back(ToJsonObject(entry));
  }
  return nlohmann::json{{"requests", std::move(requests)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cordon::sim::serve
