/**
 * Mode connectivity (Garipov, Izmailov, Podoprikhin, Vetrov, Wilson, "Loss Surfaces, Mode
 * Connectivity, and Fast Ensembling of DNNs", NeurIPS 2018): a quadratic Bezier curve between two
 * trained weight vectors whose middle control point is trained so that the loss stays low along
 * the whole curve, and the loss along it compared with the straight line between the two
 * ({@link io.github.llr4j.core.diag.curve.ModeConnectivity}); the ensemble of models sampled on
 * the curve ({@link io.github.llr4j.core.diag.curve.CurveEnsemble}); and, for ReLU MLPs, the
 * alignment of one end point to the other through positive scale invariance before connecting
 * them ({@link io.github.llr4j.core.diag.curve.ScaleAlignment}; Yuan and Xiao 2020 combine the two).
 */
package io.github.llr4j.core.diag.curve;
