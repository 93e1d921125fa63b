/**
 * Test helpers shared with the other modules and with users through core's test-jar
 * ({@code llr4j-core}, classifier {@code tests}): {@link
 * io.github.llr4j.core.testing.GradientCheck} (symbolic vs finite-difference gradients), {@link
 * io.github.llr4j.core.testing.TensorValues} (read and write float32 values in a session), {@link
 * io.github.llr4j.core.testing.QuarticProblem} (a three-parameter problem with a closed-form
 * gradient), {@link io.github.llr4j.core.testing.GraphEval} (a reshaper's graph at host points) and
 * the contracts a component proves itself with by extending them: {@link
 * io.github.llr4j.core.testing.OptimizerContract} and {@link
 * io.github.llr4j.core.testing.ReshaperContract}.
 */
package io.github.llr4j.core.testing;
