package org.tessera.train;

import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.label.LabelMap;
import org.tessera.data.Dataset;
import org.tessera.data.formats.LabelMapFolder;
import org.tessera.data.synthetic.SyntheticScene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes SyntheticScene renders as a label-map folder (images/*.png + labels/*.png) and reads it back. */
final class Scenes {
    static final List<String> NAMES = List.of("none", "disc", "square", "triangle", "sky", "ground");

    static Dataset folder(Path root, int count, int size, long seed) throws IOException {
        for (int i = 0; i < count; i++) {
            SyntheticScene s = SyntheticScene.render(size, size, 4, seed + i);
            Images.writePng(Image.of8(size, size, 3, s.rgb()), root.resolve("images").resolve(String.format("s%03d.png", i)));
            LabelMaps.writePng(new LabelMap(size, size, s.semantic(), 255, null), root.resolve("labels").resolve(String.format("s%03d.png", i)));
        }
        return LabelMapFolder.read(root, LabelMapFolder.Options.classes(255, NAMES));
    }

    private Scenes() {
    }
}
