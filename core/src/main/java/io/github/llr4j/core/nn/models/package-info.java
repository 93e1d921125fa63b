/**
 * Small model specs built from {@link io.github.llr4j.core.nn.layers}: {@link
 * io.github.llr4j.core.nn.models.Mlp} and {@link io.github.llr4j.core.nn.models.SmallCnn}, for
 * tests, examples and benchmarks.
 */
package io.github.llr4j.core.nn.models;
