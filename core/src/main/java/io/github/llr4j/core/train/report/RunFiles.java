package io.github.llr4j.core.train.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The files of one run folder: {@code metrics.jsonl} (one JSON object per epoch, appended),
 * {@code summary.json} and {@code manifest.json} (each replaced atomically through a temp file).
 */
public final class RunFiles {

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINE = new ObjectMapper();

  private final Path dir;

  public RunFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Appends one epoch record as a line of metrics.jsonl. */
  public void appendMetrics(Map<String, Object> record) {
    try {
      Files.writeString(dir.resolve("metrics.jsonl"), LINE.writeValueAsString(record) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + dir.resolve("metrics.jsonl"), e);
    }
  }

  /** Writes {@code value} as pretty JSON to {@code name}, atomically (temp file, then rename). */
  public void writeJson(String name, Object value) {
    writeJson(dir.resolve(name), value);
  }

  /** Atomic pretty JSON write to {@code file}. */
  public static void writeJson(Path file, Object value) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
