package io.github.llr4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code llr4j <args>} started in a JVM of its own, as the cluster tests need real worker processes. */
final class Llr4jProcess {
  private Llr4jProcess() {}

  /** Starts it with {@code jvmOptions}; stdout and stderr go to {@code log}. */
  static Process start(List<String> args, Path log, String... jvmOptions) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    cmd.addAll(List.of(jvmOptions));
    cmd.add(io.github.llr4j.examples.Llr4j.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
