#include "server/core/psa_settings.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/validation.h"

namespace cordon::core {
namespace {

constexpr PsaFieldUse R = PsaFieldUse::kRequired;
constexpr PsaFieldUse O = PsaFieldUse::kOptional;
constexpr PsaFieldUse U = PsaFieldUse::kUnused;
constexpr size_t kUrl = kMaxHttpsUrlLength;
// Ids are 64-bit at most in every product.
constexpr size_t kId = 18;
constexpr size_t kName = 128;
constexpr size_t kSecret = 4096;

absl::string_view KindName(PsaKind kind) {
  switch (kind) {
    case PsaKind::kConnectWise:
      return "ConnectWise PSA";
    case PsaKind::kAutotask:
      return "Autotask";
    case PsaKind::kHaloPsa:
      return "HaloPSA";
  }
  return "this PSA";
}

bool IsUrlField(absl::string_view field) {
  return field == "endpoint" || field == "auth_endpoint";
}

// Length, characters and number form of one non-empty value.
absl::Status CheckValue(const PsaFieldRule& rule, absl::string_view value) {
  if (value.size() > rule.max_length) {
    return InvalidField(rule.field,
                        absl::StrCat("at most ", rule.max_length, " bytes"));
  }
  if (IsUrlField(rule.field))
    return ForField(rule.field, ValidateHttpsUrl(value));
  if (absl::ascii_isspace(static_cast<unsigned char>(value.front())) ||
      absl::ascii_isspace(static_cast<unsigned char>(value.back()))) {
    return InvalidField(rule.field, "has leading or trailing spaces");
  }
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return InvalidField(rule.field, "contains a control character");
    }
    if (rule.header_safe && u > 0x7F) {
      return InvalidField(rule.field,
                          "must be printable ASCII (it is sent in an HTTP "
                          "header)");
    }
    if (rule.numeric && !absl::ascii_isdigit(u)) {
      return InvalidField(rule.field,
                          "must be a number (the id the PSA shows)");
    }
  }
  if (rule.numeric && value.find_first_not_of('0') == absl::string_view::npos) {
    return InvalidField(rule.field, "must be a positive number");
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<PsaFieldRule>& PsaFieldRules(PsaKind kind) {
  // field, use, numeric, max length, header-safe.
  static const auto* connectwise =
      new std::vector<PsaFieldRule>{{"endpoint", R, false, kUrl, true},
                                    {"auth_endpoint", U, false, kUrl, true},
                                    {"company_id", R, false, kName, true},
                                    {"board", R, false, kName, false},
                                    {"customer", R, false, kName, false},
                                    {"client_id", R, false, kName, true},
                                    {"username", R, false, kName, true},
                                    {"secret", R, false, kSecret, true}};
  static const auto* autotask =
      new std::vector<PsaFieldRule>{{"endpoint", R, false, kUrl, true},
                                    {"auth_endpoint", U, false, kUrl, true},
                                    {"company_id", U, false, kName, true},
                                    {"board", R, true, kId, true},
                                    {"customer", R, true, kId, true},
                                    {"client_id", R, false, kName, true},
                                    {"username", R, false, kName, true},
                                    {"secret", R, false, kSecret, true}};
  static const auto* halopsa =
      new std::vector<PsaFieldRule>{{"endpoint", R, false, kUrl, true},
                                    {"auth_endpoint", O, false, kUrl, true},
                                    {"company_id", O, false, kName, true},
                                    {"board", R, false, kName, false},
                                    {"customer", O, true, kId, true},
                                    {"client_id", R, false, kName, true},
                                    {"username", U, false, kName, true},
                                    {"secret", R, false, kSecret, true}};
  switch (kind) {
    case PsaKind::kAutotask:
      return *autotask;
    case PsaKind::kHaloPsa:
      return *halopsa;
    case PsaKind::kConnectWise:
      break;
  }
  return *connectwise;
}

const std::vector<absl::string_view>& PsaFieldNames() {
  static const auto* names = [] {
    auto* list = new std::vector<absl::string_view>;
    for (const PsaFieldRule& rule : PsaFieldRules(PsaKind::kConnectWise)) {
      list->push_back(rule.field);
    }
    return list;
  }();
  return *names;
}

absl::Status ValidatePsaSettings(const PsaSettings& settings) {
  for (const PsaFieldRule& rule : PsaFieldRules(settings.kind)) {
    const absl::string_view value = settings.Value(rule.field);
    if (value.empty()) {
      const bool stored = rule.field == "secret" && settings.secret_stored;
      if (rule.use == PsaFieldUse::kRequired && !stored) {
        return InvalidField(
            rule.field, absl::StrCat("required for ", KindName(settings.kind)));
      }
      continue;
    }
    if (rule.use == PsaFieldUse::kUnused) {
      return InvalidField(rule.field,
                          absl::StrCat(KindName(settings.kind),
                                       " does not use this field; leave it "
                                       "empty"));
    }
    CORDON_RETURN_IF_ERROR(CheckValue(rule, value));
  }
  return absl::OkStatus();
}

}  // namespace cordon::core
