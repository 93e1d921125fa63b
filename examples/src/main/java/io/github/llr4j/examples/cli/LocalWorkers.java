package io.github.llr4j.examples.cli;

import io.github.llr4j.core.dist.LocalPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --local-workers N}: starts N copies of this {@code llr4j} command (same JVM, class path
 * and arguments) as workers 0..N-1 of a localhost cluster on free ports, prints their output
 * (workers other than 0 prefixed with {@code [worker i]}) and waits. When one exits with an error,
 * the others stop by themselves within the collective timeout (their step fails naming the worker);
 * any still running after that plus a grace period are killed. The exit code is the first
 * non-zero one, else 0.
 */
final class LocalWorkers {
  private static final int GRACE_SECONDS = 30;
  /** The program's entry point, by name: a class reference would make cli and its parent package a cycle. */
  private static final String MAIN_CLASS = "io.github.llr4j.examples.Llr4j";

  private LocalWorkers() {}

  static int run(int n, List<String> originalArgs, int timeoutSeconds, PrintWriter out, PrintWriter err) {
    List<String> cluster = LocalPorts.addresses(n);
    List<String> base = withoutOption(originalArgs, "--local-workers");
    List<Process> processes = new ArrayList<>();
    List<Thread> pumps = new ArrayList<>();
    try {
      for (int rank = 0; rank < n; rank++) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN_CLASS);
        cmd.addAll(base);
        cmd.add("--cluster=" + String.join(",", cluster));
        cmd.add("--rank=" + rank);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        pumps.add(pump(p, rank == 0 ? "" : "[worker " + rank + "] ", out));
      }
      out.printf("started %d workers on %s%n", n, String.join(",", cluster));
      out.flush();
      return waitAll(processes, timeoutSeconds, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a worker process", e);
    } finally {
      for (Process p : processes) if (p.isAlive()) stop(p);
      for (Thread t : pumps) {
        try {
          t.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      out.flush();
    }
  }

  private static int waitAll(List<Process> processes, int timeoutSeconds, PrintWriter err) {
    int first = 0;
    long deadline = Long.MAX_VALUE;
    try {
      while (true) {
        boolean alive = false;
        for (int rank = 0; rank < processes.size(); rank++) {
          Process p = processes.get(rank);
          if (p.isAlive()) {
            alive = true;
            continue;
          }
          if (p.exitValue() != 0 && first == 0) {
            first = p.exitValue();
            err.printf("llr4j: worker %d exited with code %d; the others stop within %d s%n", rank, first,
                timeoutSeconds);
            err.flush();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds + GRACE_SECONDS);
          }
        }
        if (!alive) return first;
        if (System.nanoTime() > deadline) {
          for (int rank = 0; rank < processes.size(); rank++) {
            if (processes.get(rank).isAlive()) {
              err.printf("llr4j: worker %d did not stop within the timeout; killed%n", rank);
              stop(processes.get(rank));
            }
          }
          err.flush();
          return first;
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** SIGTERM first, so the worker's shutdown hooks delete its temporary folder; SIGKILL after 10 s. */
  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Thread pump(Process p, String prefix, PrintWriter out) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (out) {
            out.println(prefix + line);
            out.flush();
          }
        }
      } catch (IOException e) {
        // the process ended; its exit code reports the failure
      }
    }, "worker-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** {@code args} without {@code option} and its value (both {@code --opt V} and {@code --opt=V}). */
  static List<String> withoutOption(List<String> args, String option) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(option)) {
        i++;
        continue;
      }
      if (a.startsWith(option + "=")) continue;
      out.add(a);
    }
    return out;
  }
}
