package io.github.llr4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One (method, seed) training of {@code compare}, and where its run folder is under a base folder. */
record CompareRun(String method, int seed) {

  /** Every method at seeds 1..seeds, seed-major: a study stopped part-way has every method at the seeds it reached. */
  static List<CompareRun> seedMajor(List<String> methods, int seeds) {
    List<CompareRun> out = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) for (String m : methods) out.add(new CompareRun(m, seed));
    return out;
  }

  Path dir(Path base) {
    return base.resolve(method).resolve("s" + seed);
  }

  /** Forward-backward passes per step relative to a plain run: SAM and ASAM take two. */
  int expectedCost() {
    return method.equals("sam") || method.equals("asam") ? 2 : 1;
  }

  @Override
  public String toString() {
    return method + " s" + seed;
  }
}
