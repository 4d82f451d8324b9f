#include "tools/cordonctl/shapers.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace cordonctl {

const std::vector<std::string>& AnswerFlags() {
  static const auto* const kFlags = new std::vector<std::string>{
      "expected",    "unauthorized",       "scope",
      "dismiss",     "integration-fixed",  "retry-access",
      "acknowledge", "confirm-isolations", "note"};
  return *kFlags;
}

absl::Status ShapeAnswer(const Args& args, Json* request,
                         std::vector<std::string>* used) {
  Json answer = Json::object();
  int kinds = 0;
  for (const char* determination : {"expected", "unauthorized"}) {
    if (!args.Has(determination)) continue;
    ++kinds;
    answer["determination"] = absl::AsciiStrToUpper(determination);
    if (!args.Has("scope")) {
      return absl::InvalidArgumentError(
          std::string("--") + determination +
          " needs --scope=identity|organization|account");
    }
    answer["scope"] = absl::AsciiStrToUpper(args.Get("scope"));
  }
  // Each of these is a bool field of EscalationAnswer; --dismiss is the
  // empty answer.
  for (const char* flag : {"integration-fixed", "retry-access", "acknowledge",
                           "confirm-isolations", "dismiss"}) {
    if (!args.Has(flag)) continue;
    ++kinds;
    std::string field = flag;
    std::replace(field.begin(), field.end(), '-', '_');
    if (field != "dismiss") answer[field] = true;
  }
  if (kinds != 1) {
    return absl::InvalidArgumentError(
        "answer: give exactly one of --expected, --unauthorized, --dismiss, "
        "--integration-fixed, --retry-access, --acknowledge, "
        "--confirm-isolations");
  }
  if (args.Has("scope") && !answer.contains("scope")) {
    return absl::InvalidArgumentError(
        "--scope goes with --expected or --unauthorized");
  }
  if (args.Has("note")) answer["note"] = args.Get("note");
  (*request)["answer"] = std::move(answer);
  *used = AnswerFlags();
  return absl::OkStatus();
}

absl::Status ShapeWatch(const Args& args, Json* request,
                        std::vector<std::string>* used) {
  if (args.Has("type")) {
    Json types = Json::array();
    for (absl::string_view type :
         absl::StrSplit(args.Get("type"), ',', absl::SkipEmpty())) {
      types.push_back(absl::AsciiStrToUpper(type));
    }
    (*request)["types"] = std::move(types);
  }
  *used = {"type", "limit"};
  return absl::OkStatus();
}

}  // namespace cordonctl
