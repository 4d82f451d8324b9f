#include "server/core/filter.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace filter_test {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// The fields of a typical List call: two enums and a free-form one.
std::vector<FilterField> Fields() {
  return {
      {"source", {"CLOUD_ONLY", "HYBRID_SYNCED"}},
      {"isolation_state", {"NONE", "ISOLATED", "LIMITED"}},
      {"upn", {}},
  };
}

FilterTerms ParseOk(absl::string_view filter) {
  absl::StatusOr<FilterTerms> terms = ParseFilter(filter, Fields());
  EXPECT_TRUE(terms.ok()) << filter << ": " << terms.status();
  return terms.ok() ? *terms : FilterTerms{};
}

// The error message, after checking that parsing failed with InvalidArgument.
std::string ParseError(absl::string_view filter) {
  absl::StatusOr<FilterTerms> terms = ParseFilter(filter, Fields());
  EXPECT_FALSE(terms.ok()) << filter;
  if (terms.ok()) return "";
  EXPECT_EQ(terms.status().code(), absl::StatusCode::kInvalidArgument)
      << filter;
  return std::string(terms.status().message());
}

// --- Accepted filters -------------------------------------------------------

TEST(ParseFilterTest, EmptyOrBlankFilterHasNoTerms) {
  EXPECT_THAT(ParseOk(""), IsEmpty());
  EXPECT_THAT(ParseOk("   "), IsEmpty());
  EXPECT_THAT(ParseOk("\t\n "), IsEmpty());
}

TEST(ParseFilterTest, SingleEquality) {
  EXPECT_THAT(ParseOk("source = CLOUD_ONLY"),
              UnorderedElementsAre(Pair("source", "CLOUD_ONLY")));
}

TEST(ParseFilterTest, ConjunctionOfEqualities) {
  EXPECT_THAT(ParseOk("source = HYBRID_SYNCED AND isolation_state = LIMITED"),
              UnorderedElementsAre(Pair("source", "HYBRID_SYNCED"),
                                   Pair("isolation_state", "LIMITED")));
  EXPECT_THAT(ParseOk("source=CLOUD_ONLY AND isolation_state=NONE AND upn=a.b"),
              UnorderedElementsAre(Pair("source", "CLOUD_ONLY"),
                                   Pair("isolation_state", "NONE"),
                                   Pair("upn", "a.b")));
}

TEST(ParseFilterTest, WhitespaceTolerant) {
  const FilterTerms expected = {{"source", "CLOUD_ONLY"},
                                {"isolation_state", "ISOLATED"}};
  for (absl::string_view filter : {
           "source=CLOUD_ONLY AND isolation_state=ISOLATED",
           "  source  =  CLOUD_ONLY   AND   isolation_state =ISOLATED  ",
           "source\t=\tCLOUD_ONLY\nAND\r\nisolation_state= ISOLATED",
           "source=\"CLOUD_ONLY\"AND isolation_state=\"ISOLATED\"",
       }) {
    EXPECT_THAT(ParseOk(filter), Eq(expected)) << filter;
  }
}

TEST(ParseFilterTest, BareValuesUseTheTokenCharacterSet) {
  EXPECT_THAT(ParseOk("upn = a-b_c.d/E9"),
              UnorderedElementsAre(Pair("upn", "a-b_c.d/E9")));
  // '@' is not a bare-token character: such values are quoted.
  EXPECT_THAT(ParseError("upn = alice@contoso.com"), HasSubstr("\"AND\""));
  EXPECT_THAT(ParseOk("upn = \"alice@contoso.com\""),
              UnorderedElementsAre(Pair("upn", "alice@contoso.com")));
}

TEST(ParseFilterTest, QuotedStringsWithEscapes) {
  EXPECT_THAT(ParseOk(R"(upn = "a b")"),
              UnorderedElementsAre(Pair("upn", "a b")));
  EXPECT_THAT(ParseOk(R"(upn = "say \"hi\"")"),
              UnorderedElementsAre(Pair("upn", "say \"hi\"")));
  EXPECT_THAT(ParseOk(R"(upn = "back\\slash")"),
              UnorderedElementsAre(Pair("upn", "back\\slash")));
  EXPECT_THAT(ParseOk(R"(upn = "")"), UnorderedElementsAre(Pair("upn", "")));
  EXPECT_THAT(ParseOk("upn = \"M\xC3\xBCller\""),
              UnorderedElementsAre(Pair("upn", "M\xC3\xBCller")));
  // Operators and keywords inside quotes are just text.
  EXPECT_THAT(ParseOk(R"(upn = "x AND y = z")"),
              UnorderedElementsAre(Pair("upn", "x AND y = z")));
}

TEST(ParseFilterTest, QuotedValueIsCheckedAgainstAllowedValues) {
  EXPECT_THAT(ParseOk(R"(source = "CLOUD_ONLY")"),
              UnorderedElementsAre(Pair("source", "CLOUD_ONLY")));
}

TEST(ParseFilterTest, BareAndInValuePositionIsAMissingValue) {
  // Quote it to mean the word.
  EXPECT_THAT(ParseError("upn = AND source = CLOUD_ONLY"),
              HasSubstr("expected a value"));
  EXPECT_THAT(ParseOk(R"(upn = "AND")"),
              UnorderedElementsAre(Pair("upn", "AND")));
}

// --- Field and value checks -------------------------------------------------

TEST(ParseFilterTest, UnknownFieldListsTheAllowedOnes) {
  EXPECT_EQ(ParseError("colour = red"),
            R"(unknown field "colour"; allowed: source, isolation_state, upn)");
}

TEST(ParseFilterTest, FieldNamesAreCaseSensitive) {
  EXPECT_THAT(ParseError("Source = CLOUD_ONLY"),
              HasSubstr("unknown field \"Source\""));
}

TEST(ParseFilterTest, UnknownFieldWithNoFilterableFields) {
  absl::StatusOr<FilterTerms> terms = ParseFilter("a = b", {});
  ASSERT_FALSE(terms.ok());
  EXPECT_THAT(terms.status().message(), HasSubstr("unknown field \"a\""));
  EXPECT_TRUE(ParseFilter("  ", {}).ok());
}

TEST(ParseFilterTest, ValueNotAllowedListsTheAllowedOnes) {
  EXPECT_EQ(
      ParseError("source = X"),
      R"(value "X" not allowed for source; allowed: CLOUD_ONLY, HYBRID_SYNCED)");
  // Enum values are case-sensitive.
  EXPECT_THAT(ParseError("source = cloud_only"),
              HasSubstr("value \"cloud_only\" not allowed for source"));
}

TEST(ParseFilterTest, FieldWithoutAllowedValuesTakesAnyValue) {
  EXPECT_THAT(ParseOk("upn = anything.at-all"),
              UnorderedElementsAre(Pair("upn", "anything.at-all")));
}

// Two equalities on one field could never both hold.
TEST(ParseFilterTest, FieldMayAppearOnlyOnce) {
  EXPECT_EQ(ParseError("source = CLOUD_ONLY AND source = HYBRID_SYNCED"),
            R"(field "source" appears twice)");
  EXPECT_EQ(ParseError("source = CLOUD_ONLY AND source = CLOUD_ONLY"),
            R"(field "source" appears twice)");
}

// --- Syntax errors ----------------------------------------------------------

TEST(ParseFilterTest, MissingEquals) {
  EXPECT_EQ(ParseError("source"), R"(expected "=" after "source")");
  EXPECT_EQ(ParseError("source CLOUD_ONLY"), R"(expected "=" after "source")");
}

// Only "=" from AIP-160's operators is supported.
TEST(ParseFilterTest, OtherOperatorsAreRejected) {
  for (absl::string_view filter :
       {"source != CLOUD_ONLY", "source : CLOUD_ONLY", "source < X",
        "source > X", "source <= X", "source >= X"}) {
    EXPECT_EQ(ParseError(filter), R"(expected "=" after "source")") << filter;
  }
  EXPECT_THAT(ParseError("source == CLOUD_ONLY"),
              HasSubstr("expected a value"));
}

TEST(ParseFilterTest, OrNotAndParenthesesAreRejected) {
  EXPECT_THAT(ParseError("source = CLOUD_ONLY OR source = HYBRID_SYNCED"),
              HasSubstr("expected \"AND\" between terms, got \"OR\""));
  EXPECT_THAT(ParseError("NOT source = CLOUD_ONLY"),
              HasSubstr("unknown field \"NOT\""));
  EXPECT_THAT(ParseError("(source = CLOUD_ONLY)"),
              HasSubstr("expected a field name, got \"(\""));
  EXPECT_THAT(ParseError("-source = CLOUD_ONLY"),
              HasSubstr("unknown field \"-source\""));
}

TEST(ParseFilterTest, MissingValue) {
  EXPECT_THAT(ParseError("source ="), HasSubstr("expected a value"));
  EXPECT_THAT(ParseError("source =   "), HasSubstr("end of filter"));
  EXPECT_THAT(ParseError("source = AND isolation_state = NONE"),
              HasSubstr("expected a value"));
  EXPECT_THAT(ParseError("source = !"), HasSubstr("got \"!\""));
}

// The keyword is case-sensitive, as in AIP-160.
TEST(ParseFilterTest, AndKeywordIsCaseSensitive) {
  const std::string message =
      ParseError("source = CLOUD_ONLY and isolation_state = NONE");
  EXPECT_THAT(message, HasSubstr("expected \"AND\" between terms"));
  EXPECT_THAT(message, HasSubstr("upper-case"));
  EXPECT_THAT(ParseError("source = CLOUD_ONLY And isolation_state = NONE"),
              HasSubstr("upper-case"));
}

TEST(ParseFilterTest, TermsMustBeJoinedByAnd) {
  EXPECT_THAT(ParseError("source = CLOUD_ONLY isolation_state = NONE"),
              HasSubstr("expected \"AND\" between terms, got "
                        "\"isolation_state\""));
  EXPECT_THAT(ParseError("source = CLOUD_ONLY, isolation_state = NONE"),
              HasSubstr("got \",\""));
  // Without spaces the keyword merges into the neighbouring tokens.
  EXPECT_THAT(ParseError("source = CLOUD_ONLYANDisolation_state = NONE"),
              HasSubstr("not allowed for source"));
}

TEST(ParseFilterTest, DanglingAnd) {
  EXPECT_EQ(ParseError("source = CLOUD_ONLY AND"),
            R"(expected a term after "AND")");
  EXPECT_EQ(ParseError("source = CLOUD_ONLY AND   "),
            R"(expected a term after "AND")");
  EXPECT_THAT(ParseError("AND source = CLOUD_ONLY"),
              HasSubstr("expected a field name, got \"AND\""));
  EXPECT_THAT(ParseError("source = CLOUD_ONLY AND AND upn = x"),
              HasSubstr("expected a field name, got \"AND\""));
}

TEST(ParseFilterTest, QuotedFieldNameIsRejected) {
  EXPECT_THAT(ParseError(R"("source" = CLOUD_ONLY)"),
              HasSubstr("expected a field name"));
}

TEST(ParseFilterTest, UnterminatedString) {
  EXPECT_EQ(ParseError(R"(upn = "abc)"), "unterminated string");
  EXPECT_EQ(ParseError(R"(upn = ")"), "unterminated string");
  // An escaped quote does not close the string.
  EXPECT_EQ(ParseError(R"(upn = "abc\")"), "unterminated string");
  // Nor does a backslash at the very end.
  EXPECT_EQ(ParseError(R"(upn = "abc\)"), "unterminated string");
}

TEST(ParseFilterTest, OnlyQuoteAndBackslashMayBeEscaped) {
  EXPECT_THAT(ParseError(R"(upn = "a\nb")"), HasSubstr("invalid escape"));
  EXPECT_THAT(ParseError(R"(upn = "a\'b")"), HasSubstr("invalid escape"));
}

TEST(ParseFilterTest, ErrorMessagesEscapeUserInput) {
  // A control character in a rejected value must not reach the message raw.
  const std::string message = ParseError("source = \"a\nb\"");
  EXPECT_THAT(message, HasSubstr(R"(value "a\nb" not allowed)"));
}

// Bounds the work a single List call can ask of the parser.
TEST(ParseFilterTest, AtMost1024Characters) {
  const std::string prefix = "upn = ";
  const std::string longest =
      prefix + std::string(kMaxFilterLength - prefix.size(), 'x');
  ASSERT_EQ(longest.size(), 1024u);
  EXPECT_THAT(ParseOk(longest),
              UnorderedElementsAre(Pair("upn", std::string(1018, 'x'))));
  EXPECT_THAT(ParseError(longest + "x"), HasSubstr("longer than 1024"));
  // Blank padding counts too.
  EXPECT_THAT(ParseError(std::string(1025, ' ')),
              HasSubstr("longer than 1024"));
}

}  // namespace filter_test
}  // namespace cordon::core
