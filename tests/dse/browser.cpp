#include "tests/dse/browser.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <vector>

#include "generator/process.hpp"

namespace bitloom::test {

namespace {

const char* kChromium = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0";

// A file chromium may not have written (it failed): "" then.
std::string slurp(const std::string& path) { return std::filesystem::exists(path) ? read_text_file(path) : ""; }

uint32_t be32(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) | (uint32_t(uint8_t(s[at + 2])) << 8) |
         uint32_t(uint8_t(s[at + 3]));
}

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

}  // namespace

PageLoad load_page(const std::string& html_file) {
  const std::string out = html_file + ".dom", err = html_file + ".console";
  const std::string cmd = std::string("timeout 120 ") + kChromium + " --dump-dom file://" + html_file + " > " + out + " 2> " + err;
  PageLoad p;
  p.loaded = std::system(cmd.c_str()) == 0;
  p.dom = slurp(out);
  std::istringstream lines(slurp(err));
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) p.console += line + "\n";
  return p;
}

Screenshot screenshot(const std::string& html_file, const std::string& png_out) {
  Screenshot s;
  const std::string cmd = std::string("timeout 120 ") + kChromium + " --window-size=1400,1600 --screenshot=" + png_out +
                          " file://" + html_file + " > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return s.error = "chromium failed", s;
  const std::string png = slurp(png_out);
  if (png.size() < 33 || png.compare(1, 3, "PNG") != 0) return s.error = "not a PNG", s;
  s.width = static_cast<int>(be32(png, 16));
  s.height = static_cast<int>(be32(png, 20));
  const int bpp = png[25] == 6 ? 4 : png[25] == 2 ? 3 : 0;
  if (png[24] != 8 || bpp == 0) return s.error = "not 8-bit RGB(A)", s;
  std::string idat;
  for (size_t at = 8; at + 8 <= png.size();) {
    const uint32_t len = be32(png, at);
    if (png.compare(at + 4, 4, "IDAT") == 0) idat += png.substr(at + 8, len);
    at += 12 + len;
  }
  const size_t stride = static_cast<size_t>(s.width) * bpp;
  std::vector<unsigned char> raw((stride + 1) * s.height);
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK)
    return s.error = "bad image data", s;
  std::vector<unsigned char> prev(stride, 0), cur(stride);
  std::set<uint32_t> colours;
  for (int y = 0; y < s.height; ++y) {
    const unsigned char* line = &raw[y * (stride + 1)];
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<size_t>(bpp) ? cur[x - bpp] : 0, b = prev[x], c = x >= static_cast<size_t>(bpp) ? prev[x - bpp] : 0;
      const int f = line[0] == 1 ? a : line[0] == 2 ? b : line[0] == 3 ? (a + b) / 2 : line[0] == 4 ? paeth(a, b, c) : 0;
      cur[x] = static_cast<unsigned char>(line[1 + x] + f);
    }
    for (int x = 0; x < s.width; ++x) {
      const unsigned char* px = &cur[x * bpp];
      if (px[0] < 240 || px[1] < 240 || px[2] < 240) ++s.non_white;
      if (colours.size() < 1000) colours.insert((px[0] << 16) | (px[1] << 8) | px[2]);
    }
    prev = cur;
  }
  s.colours = static_cast<int>(colours.size());
  return s;
}

}  // namespace bitloom::test
