// What bitloom knows about each kind of block and each array architecture, in one
// table each: how a spec of that kind is read and how its design is built. Adding a
// block kind or an architecture is an entry here plus its own files; nothing else
// compares kinds to decide what to build.
#pragma once
#include <string>
#include <vector>

#include "generator/design.hpp"
#include "generator/spec.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom {

struct BlockKindEntry {
  BlockKind kind;
  void (*read)(YamlReader& root, Spec& spec);  // the kind's own keys into `spec`
  Design (*build)(const Spec& spec);
};

struct ArchEntry {
  Arch arch;
  std::vector<std::string> shape_keys;  // the spec keys that give its shape
  std::vector<PeKind> pes;              // the PE kinds it is built with
  Design (*build)(const GemmConfig& g);
};

const std::vector<BlockKindEntry>& block_kinds();
const BlockKindEntry& block_kind(BlockKind kind);
const std::vector<ArchEntry>& array_archs();
const ArchEntry& array_arch(Arch arch);

// The kinds a spec may name, for the `kind:` and `arch:` keys.
std::vector<BlockKind> registered_block_kinds();
std::vector<Arch> registered_archs();

}  // namespace bitloom
