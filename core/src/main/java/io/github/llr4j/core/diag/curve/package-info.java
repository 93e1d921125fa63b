/**
 * Mode connectivity (Garipov, Izmailov, Podoprikhin, Vetrov, Wilson, "Loss Surfaces, Mode
 * Connectivity, and Fast Ensembling of DNNs", NeurIPS 2018): a quadratic Bezier curve between two
 * trained weight vectors whose middle control point is trained so that the loss stays low along
 * the whole curve, and the loss along it compared with the straight line between the two.
 */
package io.github.llr4j.core.diag.curve;
