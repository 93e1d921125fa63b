/**
 * Hugging Face BERT checkpoints in Java: the {@code model.safetensors} format
 * ({@link io.github.llr4j.nlp.hf.SafeTensors}), {@code config.json}
 * ({@link io.github.llr4j.nlp.hf.BertConfig}) and the name map with the PyTorch-to-TF transposes
 * ({@link io.github.llr4j.nlp.hf.BertWeights}) into a {@link io.github.llr4j.nlp.model.TransformerSpec}
 * encoder.
 */
package io.github.llr4j.nlp.hf;
