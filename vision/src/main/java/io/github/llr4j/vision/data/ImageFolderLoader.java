package io.github.llr4j.vision.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a folder with one sub-folder per class of PNG/JPEG images read through {@link ImageFiles}
 * (raw samples). All images must have the size of the first one; a differing size or an
 * unreadable file is an error naming the file. {@code channels} 1 converts to grey with
 * (R+G+B)/3; 3 keeps RGB (grey images are replicated). Hidden sub-folders (names starting with a
 * dot) are ignored.
 *
 * <p>Classes: without given class names, they are the sub-folder names, sorted, and an empty
 * class folder is refused (it would add an output that no example ever trains). With given
 * names (a test split loaded for a model trained on another folder), every sub-folder is mapped
 * to the class of the same name, never by position: a folder whose name is not a class is
 * refused, and a class without a folder (or with an empty one) simply has no examples.
 */
public final class ImageFolderLoader {

  private ImageFolderLoader() {}

  /** Loads {@code root} with its own sub-folders as the classes; {@code channels} must be 1 or 3. */
  public static ImageDataset load(Path root, int channels) throws IOException {
    return load(root, channels, null);
  }

  /**
   * Loads {@code root}, labelling each sub-folder by its position in {@code classNames} (null:
   * the sorted sub-folder names, see the class comment).
   */
  public static ImageDataset load(Path root, int channels, List<String> classNames)
      throws IOException {
    if (channels != 1 && channels != 3)
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    if (!Files.isDirectory(root)) throw new IOException("image folder not found: " + root);
    List<Path> folders;
    try (Stream<Path> s = Files.list(root)) {
      folders = s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    if (folders.isEmpty()) throw new IOException(root + ": no class sub-folders");
    List<String> names = new ArrayList<>();
    if (classNames == null) {
      for (Path f : folders) names.add(f.getFileName().toString());
    } else {
      names.addAll(classNames);
      for (Path f : folders)
        if (!names.contains(f.getFileName().toString()))
          throw new IOException(root + ": class folder '" + f.getFileName() + "' is not one of the"
              + " training classes " + names + "; remove it or train with it");
    }
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int h = -1, w = -1;
    for (Path folder : folders) {
      int label = names.indexOf(folder.getFileName().toString());
      List<Path> files;
      try (Stream<Path> s = Files.list(folder)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      if (files.isEmpty() && classNames == null)
        throw new IOException(folder + ": class folder is empty; remove it or add images (an empty"
            + " folder would be a class without examples)");
      for (Path f : files) {
        BufferedImage img = ImageFiles.read(f);
        if (h < 0) {
          h = img.getHeight();
          w = img.getWidth();
        } else if (img.getHeight() != h || img.getWidth() != w)
          throw new IOException(
              f + ": size " + img.getWidth() + "x" + img.getHeight() + " differs from the first"
                  + " image's " + w + "x" + h);
        images.add(ImageFiles.pixels(img, channels));
        labels.add(label);
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
