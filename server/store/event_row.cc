#include "server/store/event_row.h"

#include "server/store/keys.h"

namespace cordon::store {

std::string EventRow::IndexValue() const {
  std::string value;
  AppendUint64(&value, organization);
  value.push_back(static_cast<char>(type & 0xff));
  return value;
}

absl::optional<EventIndexEntry> ParseEventIndexValue(absl::string_view value) {
  const absl::optional<uint64_t> organization = ReadUint64(value, 0);
  if (!organization.has_value() || value.size() != 9) return absl::nullopt;
  return EventIndexEntry{*organization, static_cast<unsigned char>(value[8])};
}

}  // namespace cordon::store
