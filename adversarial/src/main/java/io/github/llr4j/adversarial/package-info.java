/**
 * llr4j-adversarial: white-box attacks on any core {@link io.github.llr4j.core.nn.Model}
 * ({@code attack}), robustness evaluation ({@code eval}) and PGD adversarial training through the
 * core Trainer ({@code train}). Inputs live in a box [lo, hi] (default [0, 1]); normalisation
 * belongs inside the model, never in the attack.
 */
package io.github.llr4j.adversarial;
