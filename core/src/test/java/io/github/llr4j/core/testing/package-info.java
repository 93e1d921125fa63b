/**
 * Test helpers shared with the other modules through core's test-jar: {@link
 * io.github.llr4j.core.testing.GradientCheck} (symbolic vs finite-difference gradients) and {@link
 * io.github.llr4j.core.testing.TensorValues} (read and write float32 values in a session).
 */
package io.github.llr4j.core.testing;
