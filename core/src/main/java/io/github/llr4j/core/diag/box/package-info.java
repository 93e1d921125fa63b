/**
 * Box-constrained smooth optimisation for diagnostics: {@link io.github.llr4j.core.diag.box.BoxLbfgs},
 * an L-BFGS-B minimiser (Byrd, Lu, Nocedal, Zhu 1995) written for this project, used by Keskar's
 * epsilon-sharpness to maximise the loss over a box around the weights. Plain Java on
 * {@code double[]}: the objective (a loss and its gradient) is supplied by the caller.
 */
package io.github.llr4j.core.diag.box;
