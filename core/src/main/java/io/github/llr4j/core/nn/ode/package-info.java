/**
 * Numerical-ODE helpers for networks read as discretisations of an ODE: roots of a real
 * polynomial ({@link io.github.llr4j.core.nn.ode.Polynomials}) and the root condition of a linear
 * multistep method ({@link io.github.llr4j.core.nn.ode.ZeroStability}). Pure Java, double
 * precision, no TensorFlow.
 */
package io.github.llr4j.core.nn.ode;
