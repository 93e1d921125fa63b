package io.github.llr4j.nlp.hf;

import io.github.llr4j.nlp.model.TransformerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A pretrained BERT-family encoder read into memory: its configuration and its tensors under
 * Hugging Face names in PyTorch layout (Linear weights {@code [out, in]}), whatever the file
 * format ({@code model.safetensors} of a Hugging Face folder, or an ONNX export through
 * {@link io.github.llr4j.nlp.onnx.OnnxBert}). {@link #weights} maps them onto our variables.
 *
 * @param config the encoder's shape
 * @param tensors by Hugging Face name
 * @param source where they came from (for messages)
 */
public record PretrainedBert(BertConfig config, Map<String, SafeTensors.Tensor> tensors, String source) {

  /** A Hugging Face folder: {@code config.json} and {@code model.safetensors}. */
  public static PretrainedBert folder(Path dir) {
    Path config = dir.resolve("config.json");
    Path weights = dir.resolve("model.safetensors");
    for (Path f : new Path[] {config, weights})
      if (!Files.isRegularFile(f))
        throw new IllegalArgumentException("Hugging Face folder " + dir + " must contain " + f.getFileName()
            + ", got none");
    return new PretrainedBert(BertConfig.read(config), SafeTensors.read(weights), weights.toString());
  }

  /** Whether the file holds BERT's pooler (the dense layer of [CLS] pooling). */
  public boolean hasPooler() {
    return BertWeights.hasPooler(tensors);
  }

  /** [CLS] when the model has a pooler, else the masked mean (how poolerless encoders are used). */
  public TransformerSpec.Pooling defaultPooling() {
    return hasPooler() ? TransformerSpec.Pooling.CLS : TransformerSpec.Pooling.MEAN;
  }

  /** The encoder with {@code classes} outputs. */
  public TransformerSpec spec(int classes, TransformerSpec.Pooling pooling) {
    return config.spec(classes, pooling);
  }

  /** Values by our variable name (see {@link BertWeights}), checked against {@code spec}. */
  public Map<String, float[]> weights(TransformerSpec spec) {
    return BertWeights.map(tensors, spec, source);
  }
}
