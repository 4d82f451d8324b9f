#ifndef CORDON_SERVER_ADAPTERS_PSA_TICKET_TAG_H_
#define CORDON_SERVER_ADAPTERS_PSA_TICKET_TAG_H_

// The tag that makes a ticket findable again. No supported PSA takes an
// idempotency key, so every ticket title ends with "[Cordon:<reference>]"
// (the escalation's or report's name), and each adapter looks that tag up
// before it creates a ticket (docs/psa-setup.md, "The tag in ticket
// titles").

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace cordon::adapters::psa {

// "[Cordon:accounts/3/escalations/5]".
std::string CordonTag(absl::string_view reference);

// What a search asks for: the tag without its brackets, since '[' and ']'
// are wildcards in the SQL LIKE some PSAs turn "contains" into. Answers
// are then checked for the whole tag (FindTagged).
std::string TagSearchText(absl::string_view reference);

// `title` + " " + the tag, the title cut (on a UTF-8 boundary) so that the
// whole fits in `max_bytes`; the tag is never cut.
std::string TaggedTitle(absl::string_view title, absl::string_view reference,
                        size_t max_bytes);

// A ticket as a tag lookup answers it.
struct FoundTicket {
  std::string id;
  std::string title;
};

// The first ticket whose title holds the whole tag of `reference`: a
// search by the bare text may also find "[Cordon:accounts/3/escalations/50]"
// or a ticket that merely quotes the text in another field.
absl::optional<std::string> FindTagged(const std::vector<FoundTicket>& found,
                                       absl::string_view reference);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_TICKET_TAG_H_
