package io.github.llr4j.examples.cli;

import io.github.llr4j.examples.Llr4j;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the program in-process and captures its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Llr4j.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
