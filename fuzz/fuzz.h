/* fuzz — what every target of fuzz/ provides.
 *
 * Each fuzz_<target>.c defines LLVMFuzzerTestOneInput. Built with clang
 * and -fsanitize=fuzzer it is driven by libFuzzer; in the ordinary builds
 * it is linked with replay.c, which feeds it every file of the target's
 * corpus and regression folders, so those inputs run as plain tests. */
#ifndef ROUTEKAART_FUZZ_H
#define ROUTEKAART_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Runs one input. Returns 0; problems are crashes or sanitizer reports. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
