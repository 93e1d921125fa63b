/**
 * Numeric precision of a session's heavy arithmetic: float32, or bfloat16 through oneDNN's
 * mixed-precision graph rewrite with float32 variables, loss and reshaping; and the CPU feature
 * check that decides whether bfloat16 can run well on this machine.
 */
package io.github.llr4j.core.precision;
