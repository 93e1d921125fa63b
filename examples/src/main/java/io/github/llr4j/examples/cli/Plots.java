package io.github.llr4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts written as PNG with XChart (headless; no display needed). */
final class Plots {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** A curve: x values and y values of equal length. */
  record Curve(double[] x, double[] y) {}

  /** Writes one chart with the given curves (legend = map keys, in order) to {@code png}. */
  static void write(Path png, String title, String xLabel, String yLabel,
      LinkedHashMap<String, Curve> curves) {
    if (!png.getFileName().toString().toLowerCase().endsWith(".png")) {
      throw new IllegalArgumentException("plot file must end with .png, got " + png);
    }
    XYChart chart =
        new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel)
            .yAxisTitle(yLabel).build();
    for (Map.Entry<String, Curve> e : curves.entrySet()) {
      XYSeries s = chart.addSeries(e.getKey(), e.getValue().x(), e.getValue().y());
      s.setMarker(SeriesMarkers.NONE);
    }
    // XChart starts the x ticks at the data's minimum and prints it in full (-15.569608465144844)
    chart.getStyler().setXAxisDecimalPattern(xPattern(curves));
    try {
      Path dir = png.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }

  /** A tick pattern with three significant digits of the x range: 0 decimals for a range of 115, 2 for 2. */
  static String xPattern(Map<String, Curve> curves) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (Curve c : curves.values())
      for (double v : c.x())
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
    double range = hi - lo;
    int decimals = range > 0 ? Math.max(0, Math.min(12, 2 - (int) Math.floor(Math.log10(range)))) : 2;
    return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
  }

  /**
   * Writes a heat map of {@code values[i][j]} at {@code (x[i], y[j])} to {@code png} (e.g. a 2-D
   * loss surface); the axis labels are the grid values, rounded.
   */
  static void heatMap(Path png, String title, String xLabel, String yLabel, double[] x, double[] y,
      double[][] values) {
    if (!png.getFileName().toString().toLowerCase().endsWith(".png")) {
      throw new IllegalArgumentException("plot file must end with .png, got " + png);
    }
    org.knowm.xchart.HeatMapChart chart = new org.knowm.xchart.HeatMapChartBuilder().width(760).height(640)
        .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    java.util.List<Double> xs = new java.util.ArrayList<>(), ys = new java.util.ArrayList<>();
    for (double v : x) xs.add(Math.round(v * 100) / 100.0);
    for (double v : y) ys.add(Math.round(v * 100) / 100.0);
    java.util.List<Number[]> heat = new java.util.ArrayList<>();
    for (int i = 0; i < x.length; i++)
      for (int j = 0; j < y.length; j++) heat.add(new Number[] {i, j, values[i][j]});
    chart.addSeries("loss", xs, ys, heat);
    try {
      Path dir = png.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }

  /** {@code n} evenly spaced points from lo to hi inclusive. */
  static double[] grid(double lo, double hi, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * i / (n - 1);
    return out;
  }
}
