/**
 * Deterministic parameter initialisers. Each draws its values inside the variable's initialiser
 * with TF stateless random ops seeded by an explicit {@code long}, so no large constant enters the
 * graph and the same seed always gives the same values. {@link io.github.llr4j.core.nn.init.Seeds}
 * derives distinct per-layer seeds from one base seed.
 */
package io.github.llr4j.core.nn.init;
