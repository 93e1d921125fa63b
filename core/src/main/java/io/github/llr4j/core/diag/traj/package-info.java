/**
 * Optimizer trajectories seen through the Hessian (after Yuan and Xiao 2020, "experimental
 * exploration of the loss surface"): at recorded steps, the angle between the optimizer's actual
 * update (weights after the step minus before) and the top Hessian eigenvector at the weights
 * before it, with the top eigenvalue and the loss. Plain SGD on a quadratic steps along A w, so
 * its angle follows the eigen-decomposition of w; adaptive methods rescale coordinates and can step
 * nearly perpendicular to the direction of maximum curvature.
 */
package io.github.llr4j.core.diag.traj;
