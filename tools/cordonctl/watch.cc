#include "tools/cordonctl/watch.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tools/cordonctl/command.h"
#include "tools/cordonctl/errors.h"
#include "tools/cordonctl/fields.h"
#include "tools/cordonctl/request.h"
#include "tools/cordonctl/yaml.h"

namespace cordonctl {

namespace v1 = ::cordon::v1;

std::string FormatEvent(const v1::Event& event, const OutputOptions& options) {
  if (options.format == "json") {
    return MessageToJson(event).dump() + "\n";
  }
  if (options.format == "yaml") {
    return "---\n" + ToYaml(MessageToJson(event));
  }
  const absl::Time time = absl::FromUnixSeconds(event.time().seconds());
  std::string line = absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone()), "  ",
      event.cursor(), "  ", v1::Event::Type_Name(event.type()), "  ",
      event.resource().empty() ? "-" : event.resource());
  if (options.format == "wide") {
    absl::StrAppend(&line, "  ",
                    event.organization().empty() ? "-" : event.organization());
  }
  return absl::StrCat(line, "  ", event.summary(), "\n");
}

absl::Status RunWatch(Command& command) {
  int64_t limit = 0;  // 0: until interrupted
  if (command.args.Has("limit") &&
      (!absl::SimpleAtoi(command.args.Get("limit"), &limit) || limit < 0)) {
    return UsageError("--limit expects a count of events");
  }
  const google::protobuf::MethodDescriptor* method =
      Method(command.resource, "WatchEvents");
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> built =
      BuildRequest(command, *method);
  if (!built.ok()) return built.status();
  const auto& request = static_cast<const v1::WatchEventsRequest&>(**built);
  int64_t printed = 0;
  return command.api.Watch(request, [&](const v1::Event& event) {
    if (event.type() == v1::Event::BOOKMARK) return true;
    command.out << FormatEvent(event, command.output) << std::flush;
    return limit == 0 || ++printed < limit;
  });
}

}  // namespace cordonctl
