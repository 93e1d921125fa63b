/**
 * Pretrained encoders a text run starts from: {@link io.github.llr4j.nlp.pretrained.PretrainedSource}
 * resolves {@code hf:DIR}, {@code onnx:FILE}, {@code savedmodel:DIR} and {@code maven:NAME} (through
 * the {@link io.github.llr4j.nlp.pretrained.ModelCache}) with their tokenizer, and {@link
 * io.github.llr4j.nlp.pretrained.PretrainedWeights} copies the weights into a trainer's model.
 */
package io.github.llr4j.nlp.pretrained;
