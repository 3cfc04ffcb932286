// Compiled by tests/CMakeLists.txt as a part of one layer, including one header of another
// (LAYER_PROBE_HEADER): the build must refuse a header of a layer the first does not link.
#include LAYER_PROBE_HEADER
