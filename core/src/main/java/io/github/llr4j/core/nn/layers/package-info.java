/**
 * Float32 NHWC layers. Each layer is a final class whose constructor creates its variables once
 * (under a sub-scope named after the layer) and whose {@code apply(ModelContext, x)} builds the
 * forward ops; applying a layer several times shares its weights. Parameters are read through
 * {@link io.github.llr4j.core.nn.Params#read}. Stateless helpers live in {@link
 * io.github.llr4j.core.nn.layers.Activations} and {@link io.github.llr4j.core.nn.layers.Pooling}.
 */
package io.github.llr4j.core.nn.layers;
