#include "server/store/etcd/etcd_keyspace.h"

#include "absl/strings/str_cat.h"

namespace cordon::store {

std::string EtcdKeyspace::Key(Family family, absl::string_view key) const {
  return absl::StrCat(FamilyPrefix(family), key);
}

std::string EtcdKeyspace::ExclusiveStamp(Family family,
                                         absl::string_view key) const {
  return absl::StrCat(root_, "lock/x/", kFamilyNames[static_cast<int>(family)],
                      "/", key);
}

std::string EtcdKeyspace::SharedStamp(Family family,
                                      absl::string_view key) const {
  return absl::StrCat(root_, "lock/s/", kFamilyNames[static_cast<int>(family)],
                      "/", key);
}

std::string EtcdKeyspace::FamilyPrefix(Family family) const {
  return absl::StrCat(root_, kFamilyNames[static_cast<int>(family)], "/");
}

absl::string_view EtcdKeyspace::RowKey(Family family,
                                       absl::string_view etcd_key) const {
  const size_t prefix =
      root_.size() + kFamilyNames[static_cast<int>(family)].size() + 1;
  return etcd_key.size() >= prefix ? etcd_key.substr(prefix)
                                   : absl::string_view();
}

std::string EtcdKeyspace::PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    unsigned char& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');
}

}  // namespace cordon::store
