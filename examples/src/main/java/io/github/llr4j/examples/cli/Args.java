package io.github.llr4j.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing of the command-line value formats shared by the commands; errors name the option. */
final class Args {

  private Args() {}

  /** {@code k=v} items to an ordered map; a repeated key or a missing '=' is an error. */
  static Map<String, String> keyValues(String option, List<String> items) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException(
            option + " must be key=value (e.g. a=2.5), got '" + item + "'");
      }
      String key = item.substring(0, eq).trim();
      if (out.put(key, item.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(option + " " + key + " must be given once, got it twice");
      }
    }
    return out;
  }

  /** A comma-separated list of finite numbers. */
  /** A comma-separated list of non-empty names, e.g. {@code sech,atan}. */
  static List<String> names(String option, String text) {
    List<String> out = new java.util.ArrayList<>();
    for (String part : text.split(",", -1)) {
      String t = part.trim();
      if (t.isEmpty()) throw new IllegalArgumentException(option + " must be a comma-separated list of names, got '" + text + "'");
      out.add(t);
    }
    return out;
  }

  static List<Double> numbers(String option, String text) {
    List<Double> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      out.add(finite(option, part));
    }
    return out;
  }

  /** A range {@code lo:hi} with lo < hi. */
  static double[] range(String option, String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(option + " must be lo:hi (e.g. 0:1.5), got '" + text + "'");
    }
    double lo = finite(option, parts[0]);
    double hi = finite(option, parts[1]);
    if (!(lo < hi)) {
      throw new IllegalArgumentException(option + " must have lo < hi, got '" + text + "'");
    }
    return new double[] {lo, hi};
  }

  static double finite(String option, String text) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must be a finite number, got '" + text.trim() + "'");
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(option + " must be a finite number, got '" + text.trim() + "'");
    }
    return v;
  }

  /** An image shape {@code HxWxC} of positive integers, as {height, width, channels}. */
  static int[] shape(String option, String text) {
    String[] p = text.trim().split("x");
    int[] out = new int[3];
    try {
      if (p.length != 3) throw new NumberFormatException();
      for (int i = 0; i < 3; i++) {
        out[i] = Integer.parseInt(p[i]);
        if (out[i] < 1) throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be HxWxC with positive integers (e.g. 28x28x1), got '"
          + text.trim() + "'");
    }
    return out;
  }
}
