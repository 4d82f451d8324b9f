#include "server/adapters/psa/ticket_tag.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/adapters/psa/utf8_prefix.h"

namespace cordon::adapters::psa {

std::string CordonTag(absl::string_view reference) {
  return absl::StrCat("[", TagSearchText(reference), "]");
}

std::string TagSearchText(absl::string_view reference) {
  return absl::StrCat("Cordon:", reference);
}

std::string TaggedTitle(absl::string_view title, absl::string_view reference,
                        size_t max_bytes) {
  const std::string tag = CordonTag(reference);
  if (tag.size() + 1 >= max_bytes) return tag;
  const absl::string_view kept = Utf8Prefix(title, max_bytes - tag.size() - 1);
  if (kept.empty()) return tag;
  return absl::StrCat(kept, " ", tag);
}

absl::optional<std::string> FindTagged(const std::vector<FoundTicket>& found,
                                       absl::string_view reference) {
  const std::string tag = CordonTag(reference);
  for (const FoundTicket& ticket : found) {
    if (absl::StrContains(ticket.title, tag)) return ticket.id;
  }
  return absl::nullopt;
}

}  // namespace cordon::adapters::psa
