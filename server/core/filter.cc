#include "server/core/filter.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace cordon::core {
namespace {

constexpr absl::string_view kAnd = "AND";

bool IsBareChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         c == '.' || c == '/' || c == '-';
}

absl::Status Invalid(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

// `s` in double quotes, escaped so that control characters and quotes in user
// input cannot garble the message.
std::string Quoted(absl::string_view s) {
  return absl::StrCat("\"", absl::CHexEscape(s), "\"");
}

// Recursive descent over the grammar in filter.h. Holds a position into the
// input; every Read* method leaves it just past what it consumed.
class FilterParser {
 public:
  FilterParser(absl::string_view input, const std::vector<FilterField>& fields)
      : input_(input), fields_(fields) {}

  absl::StatusOr<FilterTerms> Parse() {
    FilterTerms terms;
    SkipWhitespace();
    if (AtEnd()) return terms;
    while (true) {
      if (absl::Status s = ParseTerm(&terms); !s.ok()) return s;
      SkipWhitespace();
      if (AtEnd()) return terms;
      const absl::string_view keyword = ReadBare();
      if (keyword != kAnd) {
        std::string message = absl::StrCat(
            "expected \"AND\" between terms, got ", Found(keyword));
        if (absl::EqualsIgnoreCase(keyword, kAnd)) {
          absl::StrAppend(&message, " (\"AND\" is upper-case)");
        }
        return Invalid(message);
      }
      SkipWhitespace();
      if (AtEnd()) return Invalid("expected a term after \"AND\"");
    }
  }

 private:
  absl::Status ParseTerm(FilterTerms* terms) {
    const absl::string_view name = ReadBare();
    if (name.empty() || name == kAnd) {
      return Invalid(absl::StrCat("expected a field name, got ", Found(name)));
    }
    const FilterField* field = FindField(name);
    if (field == nullptr) {
      return Invalid(absl::StrCat("unknown field ", Quoted(name), "; ",
                                  AllowedFieldsText()));
    }
    if (terms->contains(name)) {
      return Invalid(absl::StrCat("field ", Quoted(name), " appears twice"));
    }
    SkipWhitespace();
    if (AtEnd() || input_[pos_] != '=') {
      return Invalid(absl::StrCat("expected \"=\" after ", Quoted(name)));
    }
    ++pos_;
    SkipWhitespace();
    std::string value;
    if (!AtEnd() && input_[pos_] == '"') {
      absl::StatusOr<std::string> quoted = ReadQuoted();
      if (!quoted.ok()) return quoted.status();
      value = *std::move(quoted);
    } else {
      const absl::string_view bare = ReadBare();
      // A bare AND here is a missing value ("a = AND b = c"); quote it to
      // mean the word.
      if (bare.empty() || bare == kAnd) {
        return Invalid(absl::StrCat("expected a value after \"", name,
                                    " =\", got ", Found(bare)));
      }
      value = std::string(bare);
    }
    if (!field->allowed_values.empty() && !IsAllowed(*field, value)) {
      return Invalid(absl::StrCat(
          "value ", Quoted(value), " not allowed for ", field->name,
          "; allowed: ", absl::StrJoin(field->allowed_values, ", ")));
    }
    terms->emplace(std::string(name), std::move(value));
    return absl::OkStatus();
  }

  bool AtEnd() const { return pos_ >= input_.size(); }

  void SkipWhitespace() {
    while (!AtEnd() &&
           absl::ascii_isspace(static_cast<unsigned char>(input_[pos_]))) {
      ++pos_;
    }
  }

  // The longest run of bare-token characters at the position; empty if the
  // next character cannot start one.
  absl::string_view ReadBare() {
    const size_t start = pos_;
    while (!AtEnd() && IsBareChar(input_[pos_])) ++pos_;
    return input_.substr(start, pos_ - start);
  }

  // Reads a double-quoted string starting at the opening quote.
  absl::StatusOr<std::string> ReadQuoted() {
    ++pos_;  // the opening quote
    std::string value;
    while (!AtEnd()) {
      const char c = input_[pos_++];
      if (c == '"') return value;
      if (c != '\\') {
        value.push_back(c);
        continue;
      }
      if (AtEnd()) break;
      const char escaped = input_[pos_++];
      if (escaped != '"' && escaped != '\\') {
        return Invalid(
            absl::StrCat("invalid escape \"\\",
                         absl::CHexEscape(absl::string_view(&escaped, 1)),
                         "\" in string; only \\\" and \\\\ are allowed"));
      }
      value.push_back(escaped);
    }
    return Invalid("unterminated string");
  }

  // Describes what stood where a token was expected: the bare token read, or
  // else the next character, or the end of the filter.
  std::string Found(absl::string_view bare) const {
    if (!bare.empty()) return Quoted(bare);
    if (AtEnd()) return "end of filter";
    return Quoted(input_.substr(pos_, 1));
  }

  const FilterField* FindField(absl::string_view name) const {
    for (const FilterField& field : fields_) {
      if (field.name == name) return &field;
    }
    return nullptr;
  }

  static bool IsAllowed(const FilterField& field, absl::string_view value) {
    for (const std::string& allowed : field.allowed_values) {
      if (allowed == value) return true;
    }
    return false;
  }

  std::string AllowedFieldsText() const {
    if (fields_.empty()) return "this list has no filterable fields";
    return absl::StrCat(
        "allowed: ", absl::StrJoin(fields_, ", ",
                                   [](std::string* out, const FilterField& f) {
                                     out->append(f.name);
                                   }));
  }

  absl::string_view input_;
  const std::vector<FilterField>& fields_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<FilterTerms> ParseFilter(
    absl::string_view filter, const std::vector<FilterField>& fields) {
  if (filter.size() > kMaxFilterLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "filter is longer than ", kMaxFilterLength, " characters"));
  }
  return FilterParser(filter, fields).Parse();
}

}  // namespace cordon::core
