// The kinds a spec chooses between, as types: block kind, array architecture, PE,
// compressor tree, drain and nonlinear method. Each value has one spelling, used in
// specs, reports, manifests and generated names alike; code compares the enums, never
// the strings.
#pragma once
#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace bitloom {

enum class BlockKind { kGemm, kGelu, kSoftmax };
enum class Arch { kSystolicOs, kSystolicWs, kCube, kMulTree, kMatrix2d };
enum class PeKind { kMac, kOpt1, kEnt, kSparseSerial };
enum class TreeStyle { kDadda, kFourTwo };
enum class DrainStyle { kOverlap, kShift };
enum class Method { kReluMinusDelta, kPolyQuadratic, kIbert, kOnlineBase2, kLut };

template <class E>
struct KindNames;  // table: every value with its spelling

template <>
struct KindNames<BlockKind> {
  static constexpr std::array<std::pair<BlockKind, std::string_view>, 3> table{
      {{BlockKind::kGemm, "gemm"}, {BlockKind::kGelu, "gelu"}, {BlockKind::kSoftmax, "softmax"}}};
};
template <>
struct KindNames<Arch> {
  static constexpr std::array<std::pair<Arch, std::string_view>, 5> table{
      {{Arch::kSystolicOs, "systolic_os"}, {Arch::kSystolicWs, "systolic_ws"}, {Arch::kCube, "cube"},
       {Arch::kMulTree, "mul_tree"}, {Arch::kMatrix2d, "matrix_2d"}}};
};
template <>
struct KindNames<PeKind> {
  static constexpr std::array<std::pair<PeKind, std::string_view>, 4> table{
      {{PeKind::kMac, "mac"}, {PeKind::kOpt1, "opt1"}, {PeKind::kEnt, "ent"}, {PeKind::kSparseSerial, "sparse_serial"}}};
};
template <>
struct KindNames<TreeStyle> {
  static constexpr std::array<std::pair<TreeStyle, std::string_view>, 2> table{
      {{TreeStyle::kDadda, "dadda"}, {TreeStyle::kFourTwo, "four_two"}}};
};
template <>
struct KindNames<DrainStyle> {
  static constexpr std::array<std::pair<DrainStyle, std::string_view>, 2> table{
      {{DrainStyle::kOverlap, "overlap"}, {DrainStyle::kShift, "shift"}}};
};
template <>
struct KindNames<Method> {
  static constexpr std::array<std::pair<Method, std::string_view>, 5> table{
      {{Method::kReluMinusDelta, "relu_minus_delta"}, {Method::kPolyQuadratic, "poly_quadratic"},
       {Method::kIbert, "ibert"}, {Method::kOnlineBase2, "online_base2"}, {Method::kLut, "lut"}}};
};

template <class E, class = void>
struct is_kind : std::false_type {};
template <class E>
struct is_kind<E, std::void_t<decltype(KindNames<E>::table)>> : std::true_type {};

template <class E>
std::string name(E value) {
  for (const auto& [v, n] : KindNames<E>::table)
    if (v == value) return std::string(n);
  return "?";
}

template <class E>
std::optional<E> kind_from_name(std::string_view spelling) {
  for (const auto& [v, n] : KindNames<E>::table)
    if (n == spelling) return v;
  return std::nullopt;
}

}  // namespace bitloom

// Kinds print as their spelling.
template <class E>
struct fmt::formatter<E, char, std::enable_if_t<bitloom::is_kind<E>::value>> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(E value, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(bitloom::name(value), ctx);
  }
};
