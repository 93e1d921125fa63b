/**
 * Loss landscape reshaping (spec section 1-4): functions f applied to the mean mini-batch loss,
 * the normalised objective L0 * f(L / L0), the ways to obtain L0 and the schedules that switch the
 * reshaping on and off or vary its coefficients.
 */
package io.github.llr4j.core.reshape;
