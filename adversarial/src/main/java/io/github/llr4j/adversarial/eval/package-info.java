/**
 * Robustness evaluation: clean and robust accuracy for several eps in one pass over a data set,
 * and accuracy under input noise (constant shift, Gaussian, uniform), on a model restored from a
 * training checkpoint in inference mode.
 */
package io.github.llr4j.adversarial.eval;
