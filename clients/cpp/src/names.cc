#include "cordon/client/names.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace cordon::client::names {
namespace {

struct Pattern {
  Kind kind;
  std::vector<absl::string_view> collections;
};

const std::vector<Pattern>& Patterns() {
  static const auto* patterns = new std::vector<Pattern>{
      {Kind::kAccount, {"accounts"}},
      {Kind::kOrganization, {"accounts", "organizations"}},
      {Kind::kIdentity, {"accounts", "organizations", "identities"}},
      {Kind::kIncidentReport, {"accounts", "organizations", "incidentReports"}},
      {Kind::kAgentKey, {"accounts", "organizations", "agentKeys"}},
      {Kind::kEscalation, {"accounts", "escalations"}},
      {Kind::kUser, {"accounts", "users"}},
      {Kind::kAccessRule, {"accounts", "accessRules"}},
      {Kind::kAccessRule, {"accounts", "organizations", "accessRules"}},
      {Kind::kAccessRule,
       {"accounts", "organizations", "identities", "accessRules"}},
      {Kind::kAuditEvent, {"accounts", "auditEvents"}},
      {Kind::kAuditEvent, {"auditEvents"}},
      {Kind::kApiKey, {"apiKeys"}},
      {Kind::kSocAlert, {"socAlerts"}},
  };
  return *patterns;
}

bool ValidId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~' || c == '/') return false;
  }
  return true;
}

std::string Forms(Kind kind) {
  std::vector<std::string> forms;
  for (const Pattern& pattern : Patterns()) {
    if (pattern.kind != kind) continue;
    std::vector<std::string> parts;
    for (absl::string_view collection : pattern.collections) {
      parts.push_back(absl::StrCat(collection, "/{id}"));
    }
    forms.push_back(absl::StrJoin(parts, "/"));
  }
  return absl::StrJoin(forms, " or ");
}

// The name of `kind` made of `ids`, checked by parsing it back.
absl::StatusOr<std::string> Build(
    Kind kind, std::initializer_list<absl::string_view> ids) {
  for (const Pattern& pattern : Patterns()) {
    if (pattern.kind != kind || pattern.collections.size() != ids.size()) {
      continue;
    }
    std::vector<std::string> parts;
    size_t i = 0;
    for (absl::string_view id : ids) {
      if (!ValidId(id)) {
        return absl::InvalidArgumentError(absl::StrCat(
            KindName(kind), " name: bad ", pattern.collections[i], " id \"",
            id.substr(0, 130), "\" (non-empty, no '/' or spaces)"));
      }
      parts.push_back(absl::StrCat(pattern.collections[i++], "/", id));
    }
    return absl::StrJoin(parts, "/");
  }
  return absl::InvalidArgumentError(
      absl::StrCat(KindName(kind), " name needs the form ", Forms(kind)));
}

}  // namespace

std::string KindName(Kind kind) {
  switch (kind) {
    case Kind::kAccount:
      return "account";
    case Kind::kOrganization:
      return "organization";
    case Kind::kIdentity:
      return "identity";
    case Kind::kIncidentReport:
      return "incident report";
    case Kind::kAgentKey:
      return "agent key";
    case Kind::kEscalation:
      return "escalation";
    case Kind::kUser:
      return "user";
    case Kind::kAccessRule:
      return "access rule";
    case Kind::kAuditEvent:
      return "audit event";
    case Kind::kApiKey:
      return "API key";
    case Kind::kSocAlert:
      return "SOC alert";
  }
  return "resource";
}

std::string ResourceName::Id(absl::string_view collection) const {
  for (const auto& [name, id] : segments) {
    if (name == collection) return id;
  }
  return "";
}

std::string ResourceName::ToString() const {
  std::vector<std::string> parts;
  for (const auto& [collection, id] : segments) {
    parts.push_back(absl::StrCat(collection, "/", id));
  }
  return absl::StrJoin(parts, "/");
}

std::string ResourceName::Parent() const {
  ResourceName parent = *this;
  parent.segments.pop_back();
  return parent.ToString();
}

std::string ResourceName::Ancestor(Kind ancestor) const {
  for (const Pattern& pattern : Patterns()) {
    if (pattern.kind != ancestor ||
        pattern.collections.size() > segments.size()) {
      continue;
    }
    ResourceName prefix = *this;
    prefix.segments.resize(pattern.collections.size());
    bool matches = true;
    for (size_t i = 0; i < prefix.segments.size(); ++i) {
      matches &= prefix.segments[i].first == pattern.collections[i];
    }
    if (matches) return prefix.ToString();
  }
  return "";
}

absl::StatusOr<ResourceName> Parse(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  for (const Pattern& pattern : Patterns()) {
    if (parts.size() != pattern.collections.size() * 2) continue;
    ResourceName parsed{pattern.kind, {}};
    for (size_t i = 0; i < parts.size(); i += 2) {
      if (parts[i] != pattern.collections[i / 2] || !ValidId(parts[i + 1])) {
        break;
      }
      parsed.segments.emplace_back(parts[i], parts[i + 1]);
    }
    if (parsed.segments.size() == pattern.collections.size()) return parsed;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", name.substr(0, 200), "\" is not a Cordon resource name"));
}

absl::StatusOr<ResourceName> Parse(absl::string_view name, Kind expected) {
  absl::StatusOr<ResourceName> parsed = Parse(name);
  if (!parsed.ok() || parsed->kind != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", name.substr(0, 200), "\" is not ", KindName(expected),
        " name of the form ", Forms(expected)));
  }
  return parsed;
}

absl::StatusOr<std::string> Account(absl::string_view a) {
  return Build(Kind::kAccount, {a});
}
absl::StatusOr<std::string> Organization(absl::string_view a,
                                         absl::string_view o) {
  return Build(Kind::kOrganization, {a, o});
}
absl::StatusOr<std::string> Identity(absl::string_view a, absl::string_view o,
                                     absl::string_view i) {
  return Build(Kind::kIdentity, {a, o, i});
}
absl::StatusOr<std::string> IncidentReport(absl::string_view a,
                                           absl::string_view o,
                                           absl::string_view r) {
  return Build(Kind::kIncidentReport, {a, o, r});
}
absl::StatusOr<std::string> AgentKey(absl::string_view a, absl::string_view o,
                                     absl::string_view k) {
  return Build(Kind::kAgentKey, {a, o, k});
}
absl::StatusOr<std::string> Escalation(absl::string_view a,
                                       absl::string_view e) {
  return Build(Kind::kEscalation, {a, e});
}
absl::StatusOr<std::string> User(absl::string_view a, absl::string_view u) {
  return Build(Kind::kUser, {a, u});
}
absl::StatusOr<std::string> ApiKey(absl::string_view k) {
  return Build(Kind::kApiKey, {k});
}

absl::StatusOr<std::string> AccessRule(absl::string_view scope,
                                       absl::string_view rule) {
  absl::StatusOr<ResourceName> parent = Parse(scope);
  if (!parent.ok() ||
      (parent->kind != Kind::kAccount && parent->kind != Kind::kOrganization &&
       parent->kind != Kind::kIdentity)) {
    return absl::InvalidArgumentError(
        absl::StrCat("access rule scope \"", scope.substr(0, 200),
                     "\" is not an account, organization or identity name"));
  }
  if (!ValidId(rule)) {
    return absl::InvalidArgumentError(
        absl::StrCat("access rule name: bad accessRules id \"",
                     rule.substr(0, 130), "\" (non-empty, no '/' or spaces)"));
  }
  return absl::StrCat(scope, "/accessRules/", rule);
}

}  // namespace cordon::client::names
