// The HTML report in a real browser: Debian's chromium, headless. What a page's DOM is
// after its scripts ran, the console messages it printed, and whether a screenshot of it
// has anything on it (the PNG decoded here with zlib).
#pragma once
#include <string>

namespace bitloom::test {

struct PageLoad {
  std::string dom;           // --dump-dom
  std::string console;       // every CONSOLE line chromium logged (errors and messages alike)
  bool loaded = false;
};

PageLoad load_page(const std::string& html_file);

struct Screenshot {
  int width = 0, height = 0;
  long long non_white = 0;   // pixels that are not (near) white
  int colours = 0;           // distinct colours (capped at 1000)
  std::string error;
};

Screenshot screenshot(const std::string& html_file, const std::string& png_out);

}  // namespace bitloom::test
