#include "server/core/validation.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace validation_test {

using ::testing::HasSubstr;
using ::testing::Not;

// Every rejection is an InvalidArgument whose message the caller prefixes
// with the field name, so the message must read well after "field: ".
MATCHER_P(IsInvalid, substring, "") {
  if (arg.code() != absl::StatusCode::kInvalidArgument) {
    *result_listener << "code is " << absl::StatusCodeToString(arg.code());
    return false;
  }
  if (!absl::StrContains(arg.message(), substring)) {
    *result_listener << "message is \"" << arg.message() << "\"";
    return false;
  }
  return true;
}

MATCHER(IsOk, "") {
  *result_listener << "status is " << arg.ToString();
  return arg.ok();
}

// --- UPN --------------------------------------------------------------------

TEST(ValidateUpnTest, AcceptsOrdinaryUpns) {
  EXPECT_THAT(ValidateUpn("alice@contoso.com"), IsOk());
  EXPECT_THAT(ValidateUpn("Alice.Smith@Contoso.onmicrosoft.com"), IsOk());
  EXPECT_THAT(ValidateUpn("a@b.co"), IsOk());
  EXPECT_THAT(ValidateUpn("o'brien@contoso.ie"), IsOk());
  EXPECT_THAT(ValidateUpn("first-last_2@sub-domain.contoso.com"), IsOk());
  EXPECT_THAT(ValidateUpn("x@xn--bcher-kva.example"), IsOk());  // punycode
}

TEST(ValidateUpnTest, AcceptsEverySpecialCharacterOfTheLocalPartSet) {
  for (char c : absl::string_view("._'-+!#$%&*=?^`{|}~")) {
    if (c == '.') continue;  // tested in the dot rules
    const std::string upn = absl::StrCat("a", std::string(1, c), "b@x.com");
    EXPECT_THAT(ValidateUpn(upn), IsOk()) << upn;
  }
}

TEST(ValidateUpnTest, RejectsCharactersOutsideTheLocalPartSet) {
  for (absl::string_view upn :
       {"a b@x.com", "a\"b@x.com", "a(b@x.com", "a,b@x.com", "a;b@x.com",
        "a<b@x.com", "a\\b@x.com", "a/b@x.com", "a:b@x.com", "a\tb@x.com",
        "j\xC3\xBCrgen@x.com"}) {
    EXPECT_THAT(ValidateUpn(upn), IsInvalid("not allowed")) << upn;
  }
}

TEST(ValidateUpnTest, RequiresExactlyOneAt) {
  EXPECT_THAT(ValidateUpn(""), IsInvalid("empty"));
  EXPECT_THAT(ValidateUpn("alice.contoso.com"), IsInvalid("no '@'"));
  EXPECT_THAT(ValidateUpn("a@b@contoso.com"), IsInvalid("more than one '@'"));
  EXPECT_THAT(ValidateUpn("@contoso.com"), IsInvalid("nothing before"));
  EXPECT_THAT(ValidateUpn("alice@"), IsInvalid("domain is empty"));
}

TEST(ValidateUpnTest, LocalPartDotRules) {
  EXPECT_THAT(ValidateUpn(".alice@contoso.com"), IsInvalid("starts or ends"));
  EXPECT_THAT(ValidateUpn("alice.@contoso.com"), IsInvalid("starts or ends"));
  EXPECT_THAT(ValidateUpn("al..ice@contoso.com"), IsInvalid("'..'"));
  EXPECT_THAT(ValidateUpn(".@contoso.com"), IsInvalid("starts or ends"));
  EXPECT_THAT(ValidateUpn("a.l.i.c.e@contoso.com"), IsOk());
}

TEST(ValidateUpnTest, LocalPartIsAtMost64Characters) {
  EXPECT_THAT(ValidateUpn(std::string(64, 'a') + "@contoso.com"), IsOk());
  EXPECT_THAT(ValidateUpn(std::string(65, 'a') + "@contoso.com"),
              IsInvalid("longer than 64"));
}

TEST(ValidateUpnTest, DomainMustBeADnsNameWithADot) {
  EXPECT_THAT(ValidateUpn("alice@localhost"), IsInvalid("no '.'"));
  EXPECT_THAT(ValidateUpn("alice@.contoso.com"), IsInvalid("empty label"));
  EXPECT_THAT(ValidateUpn("alice@contoso.com."), IsInvalid("empty label"));
  EXPECT_THAT(ValidateUpn("alice@contoso..com"), IsInvalid("empty label"));
  EXPECT_THAT(ValidateUpn("alice@-contoso.com"), IsInvalid("'-'"));
  EXPECT_THAT(ValidateUpn("alice@contoso-.com"), IsInvalid("'-'"));
  EXPECT_THAT(ValidateUpn("alice@con_toso.com"), IsInvalid("not allowed"));
  EXPECT_THAT(ValidateUpn("alice@con toso.com"), IsInvalid("not allowed"));
  EXPECT_THAT(ValidateUpn("alice@10.0.0.1"), IsInvalid("all-numeric"));
  EXPECT_THAT(ValidateUpn("alice@con-toso.com"), IsOk());
  EXPECT_THAT(ValidateUpn("alice@123.com"), IsOk());
}

// Entra: at most 113 characters = 64 local + '@' + 48 domain.
TEST(ValidateUpnTest, EntraLengthLimits) {
  const std::string local64(64, 'a');
  const std::string domain48 = std::string(44, 'd') + ".com";
  ASSERT_EQ(domain48.size(), 48u);
  const std::string longest = local64 + "@" + domain48;
  ASSERT_EQ(longest.size(), kMaxUpnLength);
  EXPECT_THAT(ValidateUpn(longest), IsOk());

  const std::string domain49 = std::string(45, 'd') + ".com";
  EXPECT_THAT(ValidateUpn("a@" + domain49), IsInvalid("longer than 48"));
  EXPECT_THAT(ValidateUpn(longest + "m"), IsInvalid("longer than 113"));
}

TEST(ValidateUpnTest, MessagesDoNotNameTheField) {
  // The caller prefixes the field name.
  EXPECT_THAT(ValidateUpn("nope").message(), Not(HasSubstr("upn")));
  EXPECT_THAT(ValidateUpn("nope").message(), Not(HasSubstr("UPN")));
}

// --- E-mail -----------------------------------------------------------------

TEST(ValidateEmailTest, AcceptsOrdinaryAddresses) {
  EXPECT_THAT(ValidateEmail("soc@partner.example"), IsOk());
  EXPECT_THAT(ValidateEmail("first.last+alerts@mail.partner.co.uk"), IsOk());
}

TEST(ValidateEmailTest, SharesTheUpnRules) {
  EXPECT_THAT(ValidateEmail("no-at-sign"), IsInvalid("no '@'"));
  EXPECT_THAT(ValidateEmail("a..b@x.com"), IsInvalid("'..'"));
  EXPECT_THAT(ValidateEmail("a@localhost"), IsInvalid("no '.'"));
  EXPECT_THAT(ValidateEmail(std::string(65, 'a') + "@x.com"),
              IsInvalid("longer than 64"));
}

TEST(ValidateEmailTest, DomainMayBeLongerThanAUpnDomain) {
  const std::string address = "a@" + std::string(60, 'd') + ".com";
  EXPECT_THAT(ValidateEmail(address), IsOk());
  EXPECT_THAT(ValidateUpn(address), IsInvalid("longer than 48"));
}

TEST(ValidateEmailTest, DomainLabelsAreAtMost63Characters) {
  EXPECT_THAT(ValidateEmail("a@" + std::string(63, 'd') + ".com"), IsOk());
  EXPECT_THAT(ValidateEmail("a@" + std::string(64, 'd') + ".com"),
              IsInvalid("label longer than 63"));
}

// RFC 5321: at most 254 characters in all.
TEST(ValidateEmailTest, AtMost254Characters) {
  const std::string label(63, 'd');
  // 63*3 + 3 dots + "com" = 195 characters of domain.
  const std::string domain = label + "." + label + "." + label + ".com";
  const std::string fits = std::string(254 - 1 - domain.size(), 'a');
  ASSERT_LE(fits.size(), kMaxLocalPartLength);
  EXPECT_THAT(ValidateEmail(fits + "@" + domain), IsOk());
  EXPECT_THAT(ValidateEmail(fits + "a@" + domain),
              IsInvalid("longer than 254"));
}

// --- Tenant id --------------------------------------------------------------

TEST(ValidateTenantIdTest, AcceptsGuidsInEitherCase) {
  EXPECT_THAT(ValidateTenantId("72f988bf-86f1-41af-91ab-2d7cd011db47"), IsOk());
  EXPECT_THAT(ValidateTenantId("72F988BF-86F1-41AF-91AB-2D7CD011DB47"), IsOk());
  EXPECT_THAT(ValidateTenantId("00000000-0000-0000-0000-000000000000"), IsOk());
}

TEST(ValidateTenantIdTest, RejectsOtherShapes) {
  for (absl::string_view guid : {
           "",
           "{72f988bf-86f1-41af-91ab-2d7cd011db47}",  // braces
           "72f988bf86f141af91ab2d7cd011db47",        // no dashes
           "72f988bf-86f1-41af-91ab-2d7cd011db4",     // one digit short
           "72f988bf-86f1-41af-91ab-2d7cd011db477",   // one digit long
           "72f988b-f86f1-41af-91ab-2d7cd011db47",    // dash misplaced
           "72f988bg-86f1-41af-91ab-2d7cd011db47",    // 'g' is not hex
           " 72f988bf-86f1-41af-91ab-2d7cd011db4",    // leading space
           "72f988bf_86f1_41af_91ab_2d7cd011db47",    // wrong separator
           "contoso.onmicrosoft.com",                 // a domain, not an id
       }) {
    EXPECT_THAT(ValidateTenantId(guid), IsInvalid("GUID")) << guid;
  }
}

// --- Country code -----------------------------------------------------------

TEST(ValidateCountryCodeTest, AcceptsAssignedCodes) {
  for (absl::string_view code : {"AD", "DE", "GB", "US", "FR", "CH", "JP", "ZW",
                                 "AX", "SS", "BQ", "CW", "SX", "AQ", "UM"}) {
    EXPECT_THAT(ValidateCountryCode(code), IsOk()) << code;
  }
}

TEST(ValidateCountryCodeTest, RequiresUpperCase) {
  EXPECT_THAT(ValidateCountryCode("de"), IsInvalid("upper-case"));
  EXPECT_THAT(ValidateCountryCode("De"), IsInvalid("upper-case"));
  EXPECT_THAT(ValidateCountryCode("dE"), IsInvalid("upper-case"));
}

TEST(ValidateCountryCodeTest, RejectsWrongShape) {
  for (absl::string_view code :
       {"", "D", "DEU", "276", "D1", "D-", " DE", "DE ", "\xC3\x84X"}) {
    EXPECT_THAT(ValidateCountryCode(code), IsInvalid("two-letter")) << code;
  }
}

// Issue 8 defect 8: Microsoft's sign-in logs and usage locations carry XK
// (Kosovo), a user-assigned code; it counts as a country.
TEST(ValidateCountryCodeTest, AcceptsKosovoXkAsMicrosoftDoes) {
  EXPECT_THAT(ValidateCountryCode("XK"), IsOk());
  EXPECT_TRUE(IsKnownCountryCode("XK"));
  EXPECT_FALSE(IsAssignedCountryCode("XK"));
  EXPECT_THAT(ValidateCountryCode("xk"), IsInvalid("upper-case"));
}

// Officially assigned codes and XK only: not exceptionally reserved (UK, EU,
// EZ, UN), transitionally reserved (AN, YU, CS), withdrawn, or the other
// user-assigned codes (ZZ, AA, QM..QZ, XA..XZ but XK).
TEST(ValidateCountryCodeTest, RejectsCodesThatAreNotOfficiallyAssigned) {
  for (absl::string_view code : {"UK", "EU", "EZ", "UN", "AN", "YU", "CS", "XJ",
                                 "ZZ", "AA", "QZ", "XX", "AB", "ZX"}) {
    EXPECT_THAT(ValidateCountryCode(code), IsInvalid("not an assigned"))
        << code;
  }
}

TEST(ValidateCountryCodeTest, TableHasExactly249AssignedCodes) {
  // Walks all 676 letter pairs, so every table entry and every gap between
  // entries goes through the binary search.
  int assigned = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const char code[] = {a, b};
      if (IsAssignedCountryCode(absl::string_view(code, 2))) ++assigned;
    }
  }
  EXPECT_EQ(assigned, 249);
  int known = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const char code[] = {a, b};
      if (IsKnownCountryCode(absl::string_view(code, 2))) ++known;
    }
  }
  EXPECT_EQ(known, 250);  // and XK
  EXPECT_FALSE(IsAssignedCountryCode(""));
  EXPECT_FALSE(IsAssignedCountryCode("DEU"));
  EXPECT_FALSE(IsAssignedCountryCode("de"));
}

// --- Display name -----------------------------------------------------------

TEST(ValidateDisplayNameTest, AcceptsOrdinaryNames) {
  EXPECT_THAT(ValidateDisplayName("Contoso Ltd."), IsOk());
  EXPECT_THAT(ValidateDisplayName("A"), IsOk());
  EXPECT_THAT(ValidateDisplayName("  padded  "), IsOk());
}

TEST(ValidateDisplayNameTest, AcceptsUnicode) {
  EXPECT_THAT(ValidateDisplayName("M\xC3\xBCller GmbH"), IsOk());  // Müller
  EXPECT_THAT(ValidateDisplayName("\xE6\x9D\xB1\xE4\xBA\xAC"), IsOk());  // 東京
  EXPECT_THAT(ValidateDisplayName("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"),
              IsOk());                                           // שלום
  EXPECT_THAT(ValidateDisplayName("\xF0\x9F\x9B\xA1"), IsOk());  // 🛡 U+1F6E1
}

TEST(ValidateDisplayNameTest, RejectsEmptyAndBlank) {
  EXPECT_THAT(ValidateDisplayName(""), IsInvalid("empty"));
  EXPECT_THAT(ValidateDisplayName(" "), IsInvalid("blank"));
  EXPECT_THAT(ValidateDisplayName("     "), IsInvalid("blank"));
  // No-break space and ideographic space are blank too.
  EXPECT_THAT(ValidateDisplayName("\xC2\xA0\xE3\x80\x80"), IsInvalid("blank"));
}

TEST(ValidateDisplayNameTest, RejectsControlCharacters) {
  using std::string_literals::operator""s;
  for (const std::string& name :
       {"a\tb"s, "a\nb"s, "a\rb"s, "trailing\n"s, "a\x7f"s, "a\x01"s, "a\0b"s,
        "a\xC2\x85z"s /* U+0085 NEL */, "a\xC2\x9Fz"s /* U+009F */}) {
    EXPECT_THAT(ValidateDisplayName(name), IsInvalid("control"))
        << absl::CHexEscape(name);
  }
}

TEST(ValidateDisplayNameTest, RejectsInvalidUtf8) {
  for (absl::string_view name : {
           "\xFF",              // never valid
           "a\x80",             // stray continuation byte
           "\xC3",              // truncated 2-byte sequence
           "\xE6\x9D",          // truncated 3-byte sequence
           "\xC0\xAF",          // overlong '/'
           "\xE0\x80\xAF",      // overlong '/'
           "\xF0\x80\x80\xAF",  // overlong '/'
           "\xED\xA0\x80",      // surrogate U+D800
           "\xF4\x90\x80\x80",  // U+110000, above the Unicode range
           "\xC3\x28",          // bad continuation byte
       }) {
    EXPECT_THAT(ValidateDisplayName(name), IsInvalid("UTF-8"))
        << absl::CHexEscape(name);
  }
}

TEST(ValidateDisplayNameTest, AcceptsUtf8Boundaries) {
  EXPECT_THAT(ValidateDisplayName("\xC2\xA1"), IsOk());          // U+00A1
  EXPECT_THAT(ValidateDisplayName("\xED\x9F\xBF"), IsOk());      // U+D7FF
  EXPECT_THAT(ValidateDisplayName("\xEE\x80\x80"), IsOk());      // U+E000
  EXPECT_THAT(ValidateDisplayName("\xF4\x8F\xBF\xBF"), IsOk());  // U+10FFFF
}

TEST(ValidateDisplayNameTest, CountsCodePointsNotBytes) {
  // "ü" is two bytes but one character.
  std::string name;
  for (int i = 0; i < 256; ++i) name += "\xC3\xBC";
  EXPECT_THAT(ValidateDisplayName(name), IsOk());
  EXPECT_THAT(ValidateDisplayName(name + "x"), IsInvalid("longer than 256"));
  // Four-byte code points count once too.
  EXPECT_THAT(ValidateDisplayName("\xF0\x9F\x9B\xA1\xF0\x9F\x9B\xA1", 2),
              IsOk());
  EXPECT_THAT(ValidateDisplayName("\xF0\x9F\x9B\xA1\xF0\x9F\x9B\xA1", 1),
              IsInvalid("longer than 1"));
}

TEST(ValidateDisplayNameTest, HonoursCustomLimit) {
  EXPECT_THAT(ValidateDisplayName("abcde", 5), IsOk());
  EXPECT_THAT(ValidateDisplayName("abcdef", 5), IsInvalid("longer than 5"));
  // Surrounding whitespace counts: it is part of what gets stored.
  EXPECT_THAT(ValidateDisplayName(" abcde", 5), IsInvalid("longer than 5"));
}

// --- HTTPS URL --------------------------------------------------------------

TEST(ValidateHttpsUrlTest, AcceptsHttpsUrls) {
  for (absl::string_view url : {
           "https://psa.example.com",
           "https://psa.example.com/",
           "https://psa.example.com/api/v1/tickets",
           "https://psa.example.com:8443/api",
           "https://PSA.Example.COM/Path",
           "https://localhost/hook",
           "https://10.0.0.1/hook",
           "https://192.168.1.254:443",
           "https://host.example/cb?code=abc%3D%3D&x=1",
           "https://host.example?x=1",
           "https://host.example/page#section",
           "https://host.example:65535",
           "https://host.example:1",
       }) {
    EXPECT_THAT(ValidateHttpsUrl(url), IsOk()) << url;
  }
}

TEST(ValidateHttpsUrlTest, RequiresTheHttpsScheme) {
  EXPECT_THAT(ValidateHttpsUrl(""), IsInvalid("empty"));
  EXPECT_THAT(ValidateHttpsUrl("http://psa.example.com"),
              IsInvalid("https://"));
  EXPECT_THAT(ValidateHttpsUrl("ftp://psa.example.com"), IsInvalid("https://"));
  EXPECT_THAT(ValidateHttpsUrl("psa.example.com"), IsInvalid("https://"));
  EXPECT_THAT(ValidateHttpsUrl("https:/psa.example.com"),
              IsInvalid("https://"));
  EXPECT_THAT(ValidateHttpsUrl("HTTPS://psa.example.com"),
              IsInvalid("https://"));
}

TEST(ValidateHttpsUrlTest, RequiresAHost) {
  EXPECT_THAT(ValidateHttpsUrl("https://"), IsInvalid("no host"));
  EXPECT_THAT(ValidateHttpsUrl("https:///path"), IsInvalid("no host"));
  EXPECT_THAT(ValidateHttpsUrl("https://:443/path"), IsInvalid("no host"));
}

TEST(ValidateHttpsUrlTest, RejectsUserInfo) {
  // "https://good.example@evil.example" connects to evil.example.
  EXPECT_THAT(ValidateHttpsUrl("https://user:pass@psa.example.com"),
              IsInvalid("user info"));
  EXPECT_THAT(ValidateHttpsUrl("https://good.example@evil.example/"),
              IsInvalid("user info"));
  // An '@' after the authority is just part of the path.
  EXPECT_THAT(ValidateHttpsUrl("https://psa.example.com/u/a@b.com"), IsOk());
}

TEST(ValidateHttpsUrlTest, PortMustBe1To65535) {
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:0"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:65536"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:99999"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:100000"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:-1"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:+443"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:https"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:/x"),
              IsInvalid("empty port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:443:443"), IsInvalid("port"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example:00443"), IsOk());
}

TEST(ValidateHttpsUrlTest, HostMustBeADnsNameOrIpv4) {
  EXPECT_THAT(ValidateHttpsUrl("https://-bad.example"), IsInvalid("'-'"));
  EXPECT_THAT(ValidateHttpsUrl("https://bad-.example"), IsInvalid("'-'"));
  EXPECT_THAT(ValidateHttpsUrl("https://bad..example"),
              IsInvalid("empty label"));
  EXPECT_THAT(ValidateHttpsUrl("https://bad.example./"),
              IsInvalid("empty label"));
  EXPECT_THAT(ValidateHttpsUrl("https://under_score.example"),
              IsInvalid("not allowed"));
  EXPECT_THAT(ValidateHttpsUrl("https://[::1]/"), IsInvalid("IPv6"));
  EXPECT_THAT(ValidateHttpsUrl("https://" + std::string(64, 'a') + ".com"),
              IsInvalid("label longer than 63"));
  EXPECT_THAT(ValidateHttpsUrl("https://host.123/"), IsInvalid("all-numeric"));
}

TEST(ValidateHttpsUrlTest, Ipv4MustBeADottedQuadOfOctets) {
  for (absl::string_view url : {
           "https://256.0.0.1/", "https://1.2.3/", "https://1.2.3.4.5/",
           "https://1..3.4/",
           "https://010.0.0.1/",  // leading zero: octal to some resolvers
           "https://1234.0.0.1/",
           "https://4294967295/",  // the whole address as one number
       }) {
    EXPECT_THAT(ValidateHttpsUrl(url), IsInvalid("IPv4")) << url;
  }
  EXPECT_THAT(ValidateHttpsUrl("https://255.255.255.255"), IsOk());
  EXPECT_THAT(ValidateHttpsUrl("https://0.0.0.0"), IsOk());
}

TEST(ValidateHttpsUrlTest, RejectsWhitespaceAndNonAscii) {
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/a b"),
              IsInvalid("whitespace"));
  EXPECT_THAT(ValidateHttpsUrl(" https://h.example"), IsInvalid("whitespace"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/\n"),
              IsInvalid("whitespace"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/\t"),
              IsInvalid("whitespace"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/\x01"),
              IsInvalid("printable ASCII"));
  EXPECT_THAT(ValidateHttpsUrl("https://b\xC3\xBC"
                               "cher.example/"),
              IsInvalid("printable ASCII"));
}

TEST(ValidateHttpsUrlTest, RejectsBackslash) {
  // Browsers treat '\' as '/': "https://evil.example\@good.example" would
  // otherwise be read differently by us and by an HTTP client.
  EXPECT_THAT(ValidateHttpsUrl("https://evil.example\\@good.example"),
              IsInvalid("'\\'"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/a\\b"), IsInvalid("'\\'"));
}

TEST(ValidateHttpsUrlTest, PercentEscapesMustBeComplete) {
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/a%20b"), IsOk());
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/a%2"), IsInvalid("'%'"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/a%zz"), IsInvalid("'%'"));
  EXPECT_THAT(ValidateHttpsUrl("https://h.example/%"), IsInvalid("'%'"));
}

TEST(ValidateHttpsUrlTest, AtMost2048Characters) {
  const std::string prefix = "https://h.example/";
  const std::string longest =
      prefix + std::string(kMaxHttpsUrlLength - prefix.size(), 'p');
  ASSERT_EQ(longest.size(), 2048u);
  EXPECT_THAT(ValidateHttpsUrl(longest), IsOk());
  EXPECT_THAT(ValidateHttpsUrl(longest + "p"), IsInvalid("longer than 2048"));
}

// --- Case-insensitive keys --------------------------------------------------

TEST(NormalizeCaseInsensitiveKeyTest, LowerCasesAscii) {
  EXPECT_EQ(NormalizeCaseInsensitiveKey("Alice.Smith@Contoso.COM"),
            "alice.smith@contoso.com");
  EXPECT_EQ(NormalizeCaseInsensitiveKey(""), "");
  EXPECT_EQ(NormalizeCaseInsensitiveKey("already-lower@x.com"),
            "already-lower@x.com");
}

TEST(NormalizeCaseInsensitiveKeyTest, UpnsDifferingOnlyInCaseCollide) {
  // UPN uniqueness within a tenant is case-insensitive in Entra.
  EXPECT_EQ(NormalizeCaseInsensitiveKey("ALICE@CONTOSO.COM"),
            NormalizeCaseInsensitiveKey("alice@contoso.com"));
}

TEST(NormalizeCaseInsensitiveKeyTest, LeavesNonAsciiBytesAlone) {
  EXPECT_EQ(NormalizeCaseInsensitiveKey("\xC3\x9C"
                                        "X"),
            "\xC3\x9C"
            "x");
}

// --- Backup name (BackupService.CreateBackup) ----------------------------

TEST(ValidateBackupNameTest, AcceptsOneTo64OfLowerCaseDigitsAndDashes) {
  EXPECT_THAT(ValidateBackupName("a"), IsOk());
  EXPECT_THAT(ValidateBackupName("nightly-2026-12-07"), IsOk());
  EXPECT_THAT(ValidateBackupName(std::string(64, 'z')), IsOk());
}

TEST(ValidateBackupNameTest, RejectsWhatIsNotOnePlainDirectoryName) {
  EXPECT_THAT(ValidateBackupName(""), IsInvalid("1 to 64"));
  EXPECT_THAT(ValidateBackupName(std::string(65, 'z')), IsInvalid("1 to 64"));
  for (absl::string_view name :
       {"Nightly", "a/b", "..", ".hidden", "a b", "a_b", "caf\xc3\xa9"}) {
    EXPECT_THAT(ValidateBackupName(name), IsInvalid("[a-z0-9-]")) << name;
  }
}

}  // namespace validation_test
}  // namespace cordon::core
