package io.github.llr4j.core.nn;

/**
 * A model spec whose network is a plain chain that is positively scale-invariant per hidden unit
 * (a neuron or a convolution channel): Dense or standard convolution layers, each optionally with
 * a bias and a batch norm (default epsilon) right after it, then ReLU, max or average pooling,
 * flattening or global average pooling, and a final Dense layer; no residual connections, no
 * depthwise convolutions, no other activation. Its trainable variables, in order, are each layer's
 * kernel [, bias] [, gamma, beta]. Multiplying a hidden unit's incoming weights and bias (or its
 * batch norm's gamma and beta) by c > 0 and its outgoing weights by 1/c leaves the inference-mode
 * logits unchanged, which is what basis paths and PSI-flatness ({@code core.diag.psi}) need; a
 * spec implements this interface only when that holds.
 */
public interface ScaleInvariantChain extends ModelSpec {}
