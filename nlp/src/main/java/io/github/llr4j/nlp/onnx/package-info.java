/**
 * Reading ONNX model files in plain Java: a minimal protobuf wire-format reader ({@link
 * io.github.llr4j.nlp.onnx.ProtoReader}), the parts of {@code ModelProto} that hold weights and
 * graph structure ({@link io.github.llr4j.nlp.onnx.OnnxModel}) and the mapping of a BERT-family
 * export onto the llr4j encoder ({@link io.github.llr4j.nlp.onnx.OnnxBert}). Nothing here runs an
 * ONNX graph: the weights go into our own TensorFlow encoder.
 */
package io.github.llr4j.nlp.onnx;
