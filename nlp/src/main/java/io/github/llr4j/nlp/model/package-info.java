/**
 * Transformer encoder for text classification ({@link io.github.llr4j.nlp.model.TransformerSpec}
 * builds a core {@link io.github.llr4j.core.nn.Model}): embeddings, multi-head self-attention
 * layers with the padding mask, GELU feed-forward, pre- or post-layer-norm, [CLS] or masked mean
 * pooling and a classification head; plus a masked-language-model head for pretraining.
 */
package io.github.llr4j.nlp.model;
