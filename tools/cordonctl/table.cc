#include "tools/cordonctl/table.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"

namespace cordonctl {
namespace {

constexpr char kBold[] = "\033[1m";
constexpr char kRed[] = "\033[31m";
constexpr char kYellow[] = "\033[33m";
constexpr char kGreen[] = "\033[32m";
constexpr char kReset[] = "\033[0m";

// States a reader should notice; everything else prints plain.
const char* StateColour(const std::string& value) {
  static const auto* const kColours =
      new std::map<std::string, const char*>{{"ISOLATED", kRed},
                                             {"FAILED", kRed},
                                             {"OVERDUE", kRed},
                                             {"CRITICAL", kRed},
                                             {"UNAUTHORIZED", kRed},
                                             {"REVOKED", kRed},
                                             {"ISOLATING", kYellow},
                                             {"RELEASING", kYellow},
                                             {"PENDING", kYellow},
                                             {"OPEN", kYellow},
                                             {"HIGH", kYellow},
                                             {"LIMITED", kYellow},
                                             {"AWAITING_CONFIRMATION", kYellow},
                                             {"DRAFT", kYellow},
                                             {"ACTIVE", kGreen},
                                             {"SUCCEEDED", kGreen},
                                             {"RESOLVED", kGreen},
                                             {"DELIVERED", kGreen},
                                             {"EXPECTED", kGreen},
                                             {"SENT", kGreen}};
  const auto it = kColours->find(value);
  return it == kColours->end() ? nullptr : it->second;
}

// The cell padded to `width` visible characters, coloured if asked.
std::string Cell(const std::string& text, size_t width, const char* colour,
                 bool last) {
  std::string padding = last ? "" : std::string(width - text.size(), ' ');
  if (colour == nullptr) return text + padding;
  return absl::StrCat(colour, text, kReset, padding);
}

std::string Line(const Row& row, const std::vector<size_t>& widths, bool colour,
                 bool header) {
  std::string line;
  for (size_t i = 0; i < widths.size(); ++i) {
    const std::string text = i < row.size() ? row[i] : "";
    const char* hue = !colour ? nullptr : header ? kBold : StateColour(text);
    if (i > 0) line += "  ";
    line += Cell(text, widths[i], hue, i + 1 == widths.size());
  }
  return line + "\n";
}

}  // namespace

std::string RenderTable(const Row& headers, const std::vector<Row>& rows,
                        bool colour) {
  std::vector<size_t> widths;
  for (const std::string& header : headers) widths.push_back(header.size());
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out = Line(headers, widths, colour, true);
  for (const Row& row : rows) out += Line(row, widths, colour, false);
  return out;
}

std::string RelativeTime(absl::Time time, absl::Time now) {
  if (time == absl::UnixEpoch() || time == absl::InfinitePast()) return "-";
  const absl::Duration delta = now - time;
  const absl::Duration size = absl::AbsDuration(delta);
  if (size < absl::Seconds(1)) return "just now";
  std::string amount;
  if (size < absl::Minutes(1)) {
    amount = absl::StrCat(absl::ToInt64Seconds(size), "s");
  } else if (size < absl::Hours(1)) {
    amount = absl::StrCat(absl::ToInt64Minutes(size), "m");
  } else if (size < absl::Hours(48)) {
    amount = absl::StrCat(absl::ToInt64Hours(size), "h");
  } else {
    amount = absl::StrCat(absl::ToInt64Hours(size) / 24, "d");
  }
  return delta > absl::ZeroDuration() ? amount + " ago" : "in " + amount;
}

}  // namespace cordonctl
