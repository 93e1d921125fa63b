/**
 * Positively scale-invariant (PSI) diagnostics of ReLU networks (Yi, Meng, Chen, Ma, Liu, arXiv
 * 1903.02237, on the basis paths of G-SGD, Meng et al. 2019): a ReLU network computes the same
 * function after a hidden unit's incoming weights are multiplied by c > 0 and its outgoing ones
 * divided by c, so flatness measured on weights changes along these rescalings while the values of
 * the basis paths (products of weights along input-output paths) do not. {@link
 * io.github.llr4j.core.diag.psi.BasisPaths} builds the basis and its values for plain ReLU MLPs and
 * CNNs (a channel is a unit; {@link io.github.llr4j.core.diag.psi.ReluNetLayout}), {@link
 * io.github.llr4j.core.diag.psi.FoldedNetwork} reads a model's variables as such a network with
 * batch norm folded into the layer before it, {@link
 * io.github.llr4j.core.diag.psi.PsiFlatness} measures the loss around the weights under relative
 * perturbations of the basis-path values and the ratio of the largest to the smallest value.
 */
package io.github.llr4j.core.diag.psi;
