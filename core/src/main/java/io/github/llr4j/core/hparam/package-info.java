/**
 * Hyperparameters: values that may change during training (learning rate, reshaping coefficients,
 * the reshaping on/off flag, flood level, rho, eps). They are fed into the graph every step as
 * scalar placeholders through {@link io.github.llr4j.core.hparam.ScalarFeeds}, so a schedule never
 * rebuilds the graph.
 */
package io.github.llr4j.core.hparam;
