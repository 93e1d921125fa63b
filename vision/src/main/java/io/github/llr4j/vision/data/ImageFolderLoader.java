package io.github.llr4j.vision.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a folder with one sub-folder per class (class names = sub-folder names, sorted) of
 * PNG/JPEG images read through {@code javax.imageio}. All images must have the size of the first
 * one; a differing size or an unreadable file is an error naming the file. {@code channels} 1
 * converts to grey with (R+G+B)/3; 3 keeps RGB (grey images are replicated).
 */
public final class ImageFolderLoader {

  private ImageFolderLoader() {}

  /** Loads {@code root}; {@code channels} must be 1 or 3. */
  public static ImageDataset load(Path root, int channels) throws IOException {
    if (channels != 1 && channels != 3)
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    if (!Files.isDirectory(root)) throw new IOException("image folder not found: " + root);
    List<Path> classes;
    try (Stream<Path> s = Files.list(root)) {
      classes = s.filter(Files::isDirectory).sorted().toList();
    }
    if (classes.isEmpty()) throw new IOException(root + ": no class sub-folders");
    List<String> names = new ArrayList<>();
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int h = -1, w = -1;
    for (int ci = 0; ci < classes.size(); ci++) {
      names.add(classes.get(ci).getFileName().toString());
      List<Path> files;
      try (Stream<Path> s = Files.list(classes.get(ci))) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        BufferedImage img = ImageFiles.read(f);
        if (h < 0) {
          h = img.getHeight();
          w = img.getWidth();
        } else if (img.getHeight() != h || img.getWidth() != w)
          throw new IOException(
              f + ": size " + img.getWidth() + "x" + img.getHeight() + " differs from the first"
                  + " image's " + w + "x" + h);
        float[] px = ImageFiles.pixels(img, channels);
        images.add(px);
        labels.add(ci);
      }
    }
    if (images.isEmpty()) throw new IOException(root + ": no images in the class sub-folders");
    int per = h * w * channels;
    float[] all = new float[images.size() * per];
    int[] lab = new int[images.size()];
    for (int i = 0; i < lab.length; i++) {
      System.arraycopy(images.get(i), 0, all, i * per, per);
      lab[i] = labels.get(i);
    }
    return new ImageDataset(all, lab, h, w, channels, names);
  }
}
