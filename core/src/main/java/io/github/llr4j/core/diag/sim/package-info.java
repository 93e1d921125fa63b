/**
 * Toy simulations of the LLR paper's kind (Chen, Jin, Shang, TNNLS 2025): noisy gradient descent
 * on a one-dimensional loss with a sharp and a flat minimum, plain or on a reshaped objective
 * {@code L0 f(L / L0)}, to measure how reshaping changes the escape from the sharp minimum. No
 * TensorFlow: the losses are closed-form and f' is the reshaper's host-side derivative.
 */
package io.github.llr4j.core.diag.sim;
