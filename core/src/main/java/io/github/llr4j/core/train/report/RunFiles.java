package io.github.llr4j.core.train.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON output files of a folder that is not a training run (landscape and comparison reports),
 * each replaced atomically (temp file, fsync, rename); a training's own files are written by
 * {@link RunFolder}.
 */
public final class RunFiles {

  /** The pretty JSON mapper of {@link RunFolder}. */
  public static final ObjectMapper JSON = RunFolder.JSON;

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

  /** Writes {@code value} as pretty JSON to {@code name}, atomically. */
  public void writeJson(String name, Object value) {
    writeJson(dir.resolve(name), value);
  }

  /** Atomic, durable pretty JSON write to {@code file}. */
  public static void writeJson(Path file, Object value) {
    RunFolder.writeJson(file, value);
  }
}
