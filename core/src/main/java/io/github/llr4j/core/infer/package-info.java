/**
 * Using a trained model: {@link io.github.llr4j.core.infer.Predictor} rebuilds a model in inference
 * mode (batch-norm moving statistics, no dropout), restores a training checkpoint into it, returns
 * class probabilities, and exports the inference graph as a TensorFlow SavedModel for serving.
 */
package io.github.llr4j.core.infer;
