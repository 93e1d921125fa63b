package io.github.llr4j.vision.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decoding single PNG/JPEG files into [0, 1] float pixels in HWC order.
 *
 * <p>Pixels are the file's raw samples divided by their maximum (255 for 8 bits, 65535 for 16),
 * read from the {@link Raster}: no colour management. {@code BufferedImage.getRGB} would convert
 * a grey image from linear grey to sRGB (grey 128 becomes about 186), so the same picture saved
 * as grey and as RGB would give different inputs. Grey and grey+alpha images are one channel,
 * palette images are their palette's R, G, B, everything else with an RGB colour space gives its
 * first three bands; alpha is ignored (not composited). An embedded ICC profile is ignored too.
 *
 * <p>Size limit: a file whose header declares more than {@link #MAX_PIXELS} pixels is refused
 * before it is decoded (a 1 MB PNG of 20000x20000 would take 1.6 GB decoded).
 */
public final class ImageFiles {

  /** Largest width*height accepted: 4096x4096 (64 MB as 8-bit RGBA, 192 MB as float RGB). */
  public static final long MAX_PIXELS = 4096L * 4096L;

  private ImageFiles() {}

  /**
   * Decodes {@code file}; a missing, unreadable, corrupt or too large file is an IOException
   * naming it.
   */
  public static BufferedImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException(file + ": file not found");
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) throw new IOException(file + ": cannot open the file");
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) throw new IOException(file + ": not a readable PNG/JPEG image");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0), h = reader.getHeight(0);
        if (w * h > MAX_PIXELS)
          throw new IOException(file + ": " + w + "x" + h + " pixels is more than the limit of "
              + MAX_PIXELS + " (4096x4096); scale the image down first");
        return reader.read(0);
      } catch (IOException | RuntimeException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
        // ImageIO's messages ("Error skipping PNG metadata") do not say which file.
        throw new IOException(file + ": corrupt or unsupported " + reader.getFormatName()
            + " image (" + e.getMessage() + ")", e);
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Pixels of {@code img} as floats in [0, 1], {@code (y*w + x)*channels + c}, from the raw
   * samples (see the class comment). {@code channels} 1: a grey image's value, or the mean of R,
   * G and B; 3: R, G, B (a grey value is repeated).
   */
  public static float[] pixels(BufferedImage img, int channels) {
    if (channels != 1 && channels != 3)
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    int h = img.getHeight(), w = img.getWidth();
    float[] src = samples(img);
    int sc = src.length / (h * w);
    if (sc == channels) return src;
    float[] px = new float[h * w * channels];
    for (int i = 0; i < h * w; i++) {
      if (channels == 1) px[i] = (src[3 * i] + src[3 * i + 1] + src[3 * i + 2]) / 3f;
      else px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = src[i];
    }
    return px;
  }

  /** Whether {@link #pixels} reads {@code img} as one grey channel. */
  static boolean isGrey(BufferedImage img) {
    ColorModel cm = img.getColorModel();
    return !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  /** The image's own channels (1 grey or 3 RGB) as [0, 1] floats in HWC order. */
  private static float[] samples(BufferedImage img) {
    int h = img.getHeight(), w = img.getWidth();
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    if (cm instanceof IndexColorModel icm) {
      int n = icm.getMapSize();
      int[] rgb = new int[n];
      icm.getRGBs(rgb);
      float[] px = new float[h * w * 3];
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          int idx = r.getSample(x, y, 0);
          int c = idx < n ? rgb[idx] : 0;
          int o = (y * w + x) * 3;
          px[o] = ((c >> 16) & 0xff) / 255f;
          px[o + 1] = ((c >> 8) & 0xff) / 255f;
          px[o + 2] = (c & 0xff) / 255f;
        }
      return px;
    }
    int type = cm.getColorSpace().getType();
    int bands;
    if (type == ColorSpace.TYPE_GRAY) bands = 1;
    else if (type == ColorSpace.TYPE_RGB && r.getNumBands() >= 3) bands = 3;
    else
      throw new IllegalArgumentException("image must be grey, RGB or palette, got colour space type "
          + type + " with " + r.getNumBands() + " bands");
    float[] max = new float[bands];
    for (int b = 0; b < bands; b++) max[b] = (float) ((1L << r.getSampleModel().getSampleSize(b)) - 1);
    float[] px = new float[h * w * bands];
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        for (int b = 0; b < bands; b++)
          px[(y * w + x) * bands + b] = r.getSample(x, y, b) / max[b];
    return px;
  }

  /**
   * The pixels of {@code files}, each read, scaled to {@code height x width} and converted to
   * {@code channels}, one after the other ({@code [files, height, width, channels]}, values in
   * [0, 1]): a batch for a model's input.
   */
  public static float[] batch(List<Path> files, int height, int width, int channels) {
    float[] batch = new float[files.size() * height * width * channels];
    for (int i = 0; i < files.size(); i++) {
      try {
        float[] px = pixels(resize(read(files.get(i)), height, width), channels);
        System.arraycopy(px, 0, batch, i * px.length, px.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return batch;
  }

  /**
   * {@code img} scaled bilinearly to {@code width x height} (itself when it already has that
   * size), on the raw samples: a grey image stays grey (16 bits), anything else becomes 8-bit RGB.
   * Pixel centres are aligned ({@code src = (dst + 0.5) * scale - 0.5}, clamped at the edges).
   */
  public static BufferedImage resize(BufferedImage img, int height, int width) {
    if (height < 1 || width < 1)
      throw new IllegalArgumentException("height and width must be >= 1, got " + height + "x" + width);
    if (img.getHeight() == height && img.getWidth() == width) return img;
    boolean grey = isGrey(img);
    int c = grey ? 1 : 3;
    float[] src = pixels(img, c);
    int sh = img.getHeight(), sw = img.getWidth();
    BufferedImage out = new BufferedImage(width, height,
        grey ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_INT_RGB);
    WritableRaster wr = out.getRaster();
    float max = grey ? 65535f : 255f;
    for (int y = 0; y < height; y++) {
      double fy = clamp((y + 0.5) * sh / height - 0.5, sh - 1);
      int y0 = (int) fy, y1 = Math.min(y0 + 1, sh - 1);
      double ty = fy - y0;
      for (int x = 0; x < width; x++) {
        double fx = clamp((x + 0.5) * sw / width - 0.5, sw - 1);
        int x0 = (int) fx, x1 = Math.min(x0 + 1, sw - 1);
        double tx = fx - x0;
        for (int b = 0; b < c; b++) {
          double top = src[(y0 * sw + x0) * c + b] * (1 - tx) + src[(y0 * sw + x1) * c + b] * tx;
          double bottom = src[(y1 * sw + x0) * c + b] * (1 - tx) + src[(y1 * sw + x1) * c + b] * tx;
          wr.setSample(x, y, b, Math.round((top * (1 - ty) + bottom * ty) * max));
        }
      }
    }
    return out;
  }

  private static double clamp(double v, int hi) {
    return Math.max(0, Math.min(hi, v));
  }
}
