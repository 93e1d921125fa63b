/**
 * Benchmarks behind {@code llr4j bench}: every variant is built once, then the variants' steps are
 * interleaved round-robin so machine drift (thermal, other processes) hits all of them alike and
 * ratios measured in one run stay meaningful.
 */
package io.github.llr4j.examples.bench;
