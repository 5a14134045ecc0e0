// libFuzzer's driver entry point, defined in the toolchain's libclang_rt.fuzzer (linked by -sanitize=fuzzer).
// SwiftPM links an executable target's entry point as `main`, which displaces libFuzzer's own `main`, so
// each target's `main` hands the process arguments and its test function to the driver itself.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
