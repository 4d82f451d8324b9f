// Issue 11, no SSRF through a PSA URL: which addresses count as public.

#include "server/core/endpoint_address.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace endpoint_address_test {

AddressKind Kind(const std::string& text) {
  absl::StatusOr<IpAddress> address = ParseIpAddress(text);
  EXPECT_TRUE(address.ok()) << text;
  return ClassifyAddress(*address);
}

TEST(EndpointAddress, Issue11ClassifiesIpv4Ranges) {
  EXPECT_EQ(Kind("203.0.113.10"), AddressKind::kPublic);
  EXPECT_EQ(Kind("8.8.8.8"), AddressKind::kPublic);
  EXPECT_EQ(Kind("0.0.0.0"), AddressKind::kUnspecified);
  EXPECT_EQ(Kind("0.1.2.3"), AddressKind::kUnspecified);
  EXPECT_EQ(Kind("127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(Kind("127.255.1.1"), AddressKind::kLoopback);
  EXPECT_EQ(Kind("10.0.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("172.16.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("172.31.255.255"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("172.32.0.1"), AddressKind::kPublic);
  EXPECT_EQ(Kind("172.15.255.255"), AddressKind::kPublic);
  EXPECT_EQ(Kind("192.168.1.1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("192.169.1.1"), AddressKind::kPublic);
  EXPECT_EQ(Kind("169.254.169.254"), AddressKind::kLinkLocal);
  EXPECT_EQ(Kind("100.64.0.1"), AddressKind::kCgnat);
  EXPECT_EQ(Kind("100.127.255.255"), AddressKind::kCgnat);
  EXPECT_EQ(Kind("100.128.0.1"), AddressKind::kPublic);
  EXPECT_EQ(Kind("224.0.0.1"), AddressKind::kMulticast);
  EXPECT_EQ(Kind("239.255.255.255"), AddressKind::kMulticast);
  EXPECT_EQ(Kind("240.0.0.1"), AddressKind::kReserved);
  EXPECT_EQ(Kind("255.255.255.255"), AddressKind::kReserved);
}

TEST(EndpointAddress, Issue11ClassifiesIpv6RangesAndEmbeddedIpv4) {
  EXPECT_EQ(Kind("2001:db8::1"), AddressKind::kPublic);
  EXPECT_EQ(Kind("2606:4700::1111"), AddressKind::kPublic);
  EXPECT_EQ(Kind("::"), AddressKind::kUnspecified);
  EXPECT_EQ(Kind("::1"), AddressKind::kLoopback);
  EXPECT_EQ(Kind("fc00::1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("fdff:ffff::1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("fec0::1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("fe80::1"), AddressKind::kLinkLocal);
  EXPECT_EQ(Kind("febf::1"), AddressKind::kLinkLocal);
  EXPECT_EQ(Kind("ff02::1"), AddressKind::kMulticast);
  // IPv4 in IPv6 is judged by the IPv4 address it reaches.
  EXPECT_EQ(Kind("::ffff:127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(Kind("::ffff:10.1.2.3"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("64:ff9b::a9fe:a9fe"), AddressKind::kLinkLocal);
  EXPECT_EQ(Kind("2002:c0a8:0101::1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("::10.0.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(Kind("64:ff9b::808:808"), AddressKind::kPublic);
}

TEST(EndpointAddress, Issue11HostOfHttpsUrl) {
  EXPECT_EQ(HostOfHttpsUrl("https://psa.example.com"), "psa.example.com");
  EXPECT_EQ(HostOfHttpsUrl("https://psa.example.com:8443/v4/apis?x#y"),
            "psa.example.com");
  EXPECT_EQ(HostOfHttpsUrl("https://10.0.0.1/api"), "10.0.0.1");
}

TEST(EndpointAddress, Issue11EveryAddressMustBePublicUnlessAllowed) {
  const IpAddress pub = *ParseIpAddress("203.0.113.10");
  const IpAddress priv = *ParseIpAddress("192.168.0.4");
  EXPECT_TRUE(CheckEndpointAddresses("h", {pub}, false).ok());
  const absl::Status mixed = CheckEndpointAddresses("h", {pub, priv}, false);
  EXPECT_TRUE(absl::IsInvalidArgument(mixed));
  EXPECT_THAT(mixed.message(), ::testing::HasSubstr("192.168.0.4"));
  EXPECT_THAT(mixed.message(), ::testing::HasSubstr("private"));
  EXPECT_TRUE(CheckEndpointAddresses("h", {pub, priv}, true).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(CheckEndpointAddresses("h", {}, true)));
}

}  // namespace endpoint_address_test
}  // namespace cordon::core
