#include "server/core/escalation/ip_address.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace ip_address_test {

std::string Canonical(const std::string& text) {
  absl::StatusOr<IpAddress> address = ParseIpAddress(text);
  return address.ok() ? FormatIpAddress(*address) : "<error>";
}

std::string CanonicalRange(const std::string& text) {
  absl::StatusOr<IpRange> range = ParseIpRange(text);
  return range.ok() ? FormatIpRange(*range) : "<error>";
}

bool In(const std::string& range, const std::string& address) {
  absl::StatusOr<IpRange> r = ParseIpRange(range);
  absl::StatusOr<IpAddress> a = ParseIpAddress(address);
  return r.ok() && a.ok() && IpRangeContains(*r, *a);
}

TEST(AccessRuleIpAddress, Esc4ParsesIpv4) {
  EXPECT_EQ(Canonical("198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(Canonical("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(Canonical("255.255.255.255"), "255.255.255.255");
}

TEST(AccessRuleIpAddress, Esc4RejectsMalformedIpv4) {
  for (const char* bad :
       {"", "198.51.100", "198.51.100.7.1", "198.51.100.256", "198.51.100.-1",
        "198.51.100.07", "198.51..7", " 198.51.100.7", "198.51.100.7 ",
        "198.51.100.0x7", "1985.1.100.7", "a.b.c.d"}) {
    EXPECT_FALSE(ParseIpAddress(bad).ok()) << bad;
  }
}

TEST(AccessRuleIpAddress, Esc4NormalizesIpv6ToRfc5952) {
  EXPECT_EQ(Canonical("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(Canonical("2001:0db8::0001"), "2001:db8::1");
  EXPECT_EQ(Canonical("::"), "::");
  EXPECT_EQ(Canonical("::1"), "::1");
  EXPECT_EQ(Canonical("fe80::"), "fe80::");
  // The longest run is compressed; on a tie the first; a single zero group
  // is not compressed.
  EXPECT_EQ(Canonical("2001:db8:0:0:1:0:0:0"), "2001:db8:0:0:1::");
  EXPECT_EQ(Canonical("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  EXPECT_EQ(Canonical("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(Canonical("64:ff9b::192.0.2.33"), "64:ff9b::c000:221");
}

TEST(AccessRuleIpAddress, Esc4Ipv4MappedIpv6IsTheIpv4Address) {
  EXPECT_EQ(Canonical("::ffff:198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(Canonical("::FFFF:c633:6407"), "198.51.100.7");
  EXPECT_TRUE(In("198.51.100.7", "::ffff:198.51.100.7"));
}

TEST(AccessRuleIpAddress, Esc4RejectsMalformedIpv6) {
  for (const char* bad :
       {":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8", "12345::", "g::1", "fe80::1%eth0", "[::1]",
        "::1.2.3", "1.2.3.4::", ":1::2", "1::2:"}) {
    EXPECT_FALSE(ParseIpAddress(bad).ok()) << bad;
  }
}

TEST(AccessRuleIpAddress, Esc4ParsesCidrRanges) {
  EXPECT_EQ(CanonicalRange("198.51.100.0/24"), "198.51.100.0/24");
  EXPECT_EQ(CanonicalRange("198.51.100.7/32"), "198.51.100.7");
  EXPECT_EQ(CanonicalRange("0.0.0.0/0"), "0.0.0.0/0");
  EXPECT_EQ(CanonicalRange("2001:DB8::/32"), "2001:db8::/32");
  EXPECT_EQ(CanonicalRange("::ffff:198.51.100.0/120"), "198.51.100.0/24");
}

TEST(AccessRuleIpAddress, Esc4RejectsBadRanges) {
  for (const char* bad :
       {"198.51.100.0/33", "198.51.100.0/", "198.51.100.0/024",
        "198.51.100.0/-1", "198.51.100.7/24", "2001:db8::/129",
        "2001:db8::1/64", "::ffff:198.51.100.0/95", "198.51.100.0/24/1"}) {
    EXPECT_FALSE(ParseIpRange(bad).ok()) << bad;
  }
}

TEST(AccessRuleIpAddress, Esc4HostBitsErrorNamesTheNetwork) {
  const absl::Status status = ParseIpRange("198.51.100.7/24").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("198.51.100.0/24"), absl::string_view::npos)
      << status;
}

TEST(AccessRuleIpAddress, Esc4RangeContainment) {
  EXPECT_TRUE(In("198.51.100.0/24", "198.51.100.0"));
  EXPECT_TRUE(In("198.51.100.0/24", "198.51.100.255"));
  EXPECT_FALSE(In("198.51.100.0/24", "198.51.101.0"));
  EXPECT_TRUE(In("198.51.100.128/25", "198.51.100.200"));
  EXPECT_FALSE(In("198.51.100.128/25", "198.51.100.127"));
  EXPECT_TRUE(In("198.51.100.7", "198.51.100.7"));
  EXPECT_FALSE(In("198.51.100.7", "198.51.100.8"));
  EXPECT_TRUE(In("0.0.0.0/0", "203.0.113.9"));
  EXPECT_TRUE(In("2001:db8::/32", "2001:DB8:ffff::1"));
  EXPECT_FALSE(In("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(In("2001:db8::1", "2001:0db8:0:0::1"));
}

TEST(AccessRuleIpAddress, Esc4FamiliesNeverMix) {
  EXPECT_FALSE(In("::/0", "198.51.100.7"));
  EXPECT_FALSE(In("0.0.0.0/0", "2001:db8::1"));
}

}  // namespace ip_address_test
}  // namespace cordon::core
