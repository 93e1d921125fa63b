/**
 * Flatness diagnostics on any core {@link io.github.llr4j.core.nn.Model}: Hessian-vector products
 * (finite differences of two gradients, or exact double back-propagation where TF-Java has the
 * second-order gradients), top Hessian eigenvalues by power iteration with deflation, the trace by
 * Hutchinson's estimator, the eigenvalue density by stochastic Lanczos quadrature
 * ({@link io.github.llr4j.core.diag.SpectralDensity}), loss surfaces along filter-normalised directions, epsilon-sharpness and
 * the angle between the gradient and the top eigenvector (spec section 9). Everything runs in
 * inference mode and restores the weights bit for bit afterwards.
 */
package io.github.llr4j.core.diag;
