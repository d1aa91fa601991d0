package org.tessera.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tessera.core.image.Image;
import org.tessera.core.image.ImageTransforms;
import org.tessera.core.instances.Instances;

/**
 * Sliced inference for small objects in large images, as SAHI's {@code get_sliced_prediction}: the image is cut
 * into overlapping tiles (step = tile size x (1 - overlap); the last tile of a row / column is moved back to end at
 * the image border, as SAHI's slicing), each tile is predicted, optionally the whole image too
 * ({@code perform_standard_pred}), detections are moved to image coordinates and merged by class-aware box NMS
 * (SAHI's {@code postprocess_type="NMS"}, {@code match_metric="IOU"}; SAHI's default is greedy NMM, which merges
 * instead of dropping). Instance models only.
 */
public final class Tiling {
    private Tiling() {}

    /**
     * @param tileWidth        tile width in pixels
     * @param tileHeight       tile height in pixels
     * @param overlap          overlap ratio between neighbouring tiles, in [0, 1) (SAHI default 0.2)
     * @param includeFullImage also predict the whole image (SAHI {@code perform_standard_pred}, default true)
     * @param mergeIou         NMS IoU threshold for the merge (SAHI default 0.5)
     * @param maxDetections    at most this many detections after the merge
     */
    public record Settings(int tileWidth, int tileHeight, double overlap, boolean includeFullImage, double mergeIou, int maxDetections) {
        public Settings {
            if (tileWidth <= 0 || tileHeight <= 0) throw new IllegalArgumentException("tile size must be positive: " + tileWidth + "x" + tileHeight);
            if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("overlap must be in [0, 1): " + overlap);
        }

        /** Square tiles with SAHI's defaults: overlap 0.2, the whole image too, IoU 0.5, 300 detections. */
        public static Settings of(int tileSize) {
            return new Settings(tileSize, tileSize, 0.2, true, 0.5, 300);
        }
    }

    /** Tile origins along one axis: SAHI's stepping with the last tile aligned to the end. */
    static int[] origins(int size, int tile, double overlap) {
        if (tile >= size) return new int[] {0};
        int step = Math.max(1, (int) (tile * (1 - overlap)));
        List<Integer> r = new ArrayList<>();
        for (int o = 0; ; o += step) {
            if (o + tile >= size) {
                r.add(size - tile);
                break;
            }
            r.add(o);
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Predicts an image tile by tile and merges the instances; see the class comment. */
    public static Prediction predict(Segmenter seg, Image image, Settings s) {
        if (seg.spec().task() != Task.INSTANCE) {
            throw new IllegalArgumentException(seg.id() + ": tiling needs an instance model, this one is " + seg.spec().task());
        }
        int W = image.width(), H = image.height();
        int tw = Math.min(s.tileWidth(), W), th = Math.min(s.tileHeight(), H);
        List<Image> tiles = new ArrayList<>();
        List<int[]> at = new ArrayList<>();
        for (int y : origins(H, th, s.overlap())) {
            for (int x : origins(W, tw, s.overlap())) {
                tiles.add(ImageTransforms.crop(image, x, y, tw, th));
                at.add(new int[] {x, y});
            }
        }
        if (s.includeFullImage() && tiles.size() > 1) {
            tiles.add(image);
            at.add(new int[] {0, 0});
        }
        List<Prediction> preds = seg.predictBatch(tiles);
        Instances.Builder b = Instances.builder(H, W);
        List<Integer> idx = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int t = 0; t < preds.size(); t++) {
            Prediction p = preds.get(t);
            Instances in = p.instances();
            int dx = at.get(t)[0], dy = at.get(t)[1];
            int[] ci = (int[]) in.attribute("class_index");
            String[] cn = (String[]) in.attribute("class_name");
            for (int i = 0; i < in.size(); i++) {
                double[] box = in.box(i);
                box[0] += dx;
                box[1] += dy;
                b.add(in.mask(i).paste(H, W, dx, dy), box, in.categoryId(i), in.score(i));
                idx.add(ci[i]);
                names.add(cn[i]);
            }
        }
        Instances all = b.attribute("class_index", idx.stream().mapToInt(Integer::intValue).toArray())
                .attribute("class_name", names.toArray(new String[0])).build();
        Instances merged = all.nms(s.mergeIou(), true).topK(s.maxDetections());
        return new Prediction(W, H, merged, Map.of(), Map.of(), null);
    }
}
