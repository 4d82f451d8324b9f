// Issue 11, no SSRF through a PSA URL: the system resolver and the
// call-time re-check of the address a socket is about to connect to (DNS
// rebinding). Only names the system answers without a network.

#include "server/adapters/getaddrinfo_resolver.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/endpoint_address.h"

namespace cordon::adapters {
namespace getaddrinfo_resolver_test {

TEST(GetaddrinfoResolver, Issue11LiteralAndLocalhostResolveWithoutNetwork) {
  GetaddrinfoResolver resolver;
  auto literal = resolver.Resolve("192.0.2.7");
  ASSERT_TRUE(literal.ok()) << literal.status();
  ASSERT_EQ(literal->size(), 1u);
  EXPECT_EQ(core::FormatIpAddress((*literal)[0]), "192.0.2.7");
  auto localhost = resolver.Resolve("localhost");
  ASSERT_TRUE(localhost.ok()) << localhost.status();
  ASSERT_FALSE(localhost->empty());
  EXPECT_EQ(core::ClassifyAddress((*localhost)[0]),
            core::AddressKind::kLoopback);
}

TEST(GetaddrinfoResolver, Issue11CallTimeCheckOfThePeerAddress) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "169.254.169.254", &v4.sin_addr);
  const absl::Status metadata = CheckPeerAddress(
      reinterpret_cast<const sockaddr*>(&v4), sizeof(v4), false);
  EXPECT_TRUE(absl::IsPermissionDenied(metadata));
  EXPECT_THAT(metadata.message(), ::testing::HasSubstr("link-local"));
  EXPECT_TRUE(
      CheckPeerAddress(reinterpret_cast<const sockaddr*>(&v4), sizeof(v4), true)
          .ok());
  inet_pton(AF_INET, "203.0.113.9", &v4.sin_addr);
  EXPECT_TRUE(CheckPeerAddress(reinterpret_cast<const sockaddr*>(&v4),
                               sizeof(v4), false)
                  .ok());
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
  EXPECT_TRUE(absl::IsPermissionDenied(CheckPeerAddress(
      reinterpret_cast<const sockaddr*>(&v6), sizeof(v6), false)));
  sockaddr unix_like{};
  unix_like.sa_family = AF_UNIX;
  EXPECT_TRUE(absl::IsInvalidArgument(
      CheckPeerAddress(&unix_like, sizeof(unix_like), false)));
}

}  // namespace getaddrinfo_resolver_test
}  // namespace cordon::adapters
