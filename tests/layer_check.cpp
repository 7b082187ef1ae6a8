// Linked with one layer's whole archive and nothing above it (see tests/CMakeLists.txt):
// if any object of the layer used a symbol of a higher layer, this would not link.
int main() { return 0; }
