package org.tessera.train;

/**
 * Training targets of a bottom-up (Panoptic-DeepLab style) model for one crop, computed from an instance map:
 * B. Cheng et al., "Panoptic-DeepLab: A Simple, Strong, and Fast Baseline for Bottom-Up Panoptic Segmentation",
 * CVPR 2020, section 3.2.
 *
 * <ul>
 *   <li><b>semantic</b>: the given per-pixel class (copied);</li>
 *   <li><b>center heat map</b>: for each instance, a 2-D Gaussian {@code exp(-((y-cy)^2 + (x-cx)^2) / (2 sigma^2))}
 *       centred on the pixel nearest to its centre of mass ({@code cy, cx} rounded half up, so the peak is exactly
 *       1), evaluated within {@code ceil(3 sigma)} pixels; the map is the maximum over instances (0 elsewhere);</li>
 *   <li><b>offsets</b>: on each instance pixel, the vector from the pixel to its instance's (unrounded) centre of mass,
 *       {@code (dy, dx) = (cy - y, cx - x)} in pixels; planes {@code [dy..., dx...]}; 0 elsewhere;</li>
 *   <li><b>weights</b>: {@code centerWeight} is 1 except on ignored pixels (0); {@code offsetWeight} is 1 on instance
 *       pixels that are not ignored, else 0.</li>
 * </ul>
 * The centre of mass is that of the instance's pixels inside the crop (targets are computed after augmentation).
 * Coordinates: x = column, y = row, pixel centres at integers, row-major arrays of {@code width * height}.
 *
 * @param width        crop width
 * @param height       crop height
 * @param semantic     class per pixel (unsigned 16-bit; the ignore index where ignored)
 * @param center       heat map in [0, 1]
 * @param centerWeight per-pixel weight of the heat-map loss
 * @param offset       2 planes: dy then dx (pixels)
 * @param offsetWeight per-pixel weight of the offset loss
 * @param instances    number of instances present in the crop
 */
public record CenterTargets(int width, int height, short[] semantic, float[] center, float[] centerWeight,
                            float[] offset, float[] offsetWeight, int instances) {

    /**
     * Computes the targets.
     *
     * @param instanceIds per pixel: 0 = no instance, otherwise an instance id (unsigned 16-bit, need not be consecutive)
     * @param semantic    per pixel class (unsigned 16-bit), {@code ignoreIndex} where ignored
     * @param ignoreIndex the ignored label (or -1 for none)
     * @param sigma       Gaussian standard deviation in pixels (8 in the paper for Cityscapes; &gt; 0)
     * @throws IllegalArgumentException on size mismatches or a non-positive sigma
     */
    public static CenterTargets of(short[] instanceIds, short[] semantic, int width, int height, int ignoreIndex,
                                   double sigma) {
        int n = width * height;
        if (width < 1 || height < 1 || instanceIds.length != n || semantic.length != n) {
            throw new IllegalArgumentException("center targets: " + width + "x" + height + " crop needs " + n
                    + " pixels, got instance ids " + instanceIds.length + " and semantic " + semantic.length);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("center targets: sigma must be > 0, got " + sigma);
        // compact ids and accumulate centres of mass
        int[] slot = new int[65536];
        java.util.Arrays.fill(slot, -1);
        int count = 0;
        double[] sy = new double[16], sx = new double[16];
        long[] area = new long[16];
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int id = instanceIds[p] & 0xFFFF;
                if (id == 0) continue;
                int k = slot[id];
                if (k < 0) {
                    k = slot[id] = count++;
                    if (k == area.length) {
                        sy = java.util.Arrays.copyOf(sy, 2 * k);
                        sx = java.util.Arrays.copyOf(sx, 2 * k);
                        area = java.util.Arrays.copyOf(area, 2 * k);
                    }
                }
                sy[k] += y;
                sx[k] += x;
                area[k]++;
            }
        }
        float[] cy = new float[count], cx = new float[count];
        for (int k = 0; k < count; k++) {
            cy[k] = (float) (sy[k] / area[k]);
            cx[k] = (float) (sx[k] / area[k]);
        }
        float[] heat = new float[n];
        int r = (int) Math.ceil(3 * sigma);
        double inv = 1.0 / (2 * sigma * sigma);
        for (int k = 0; k < count; k++) {
            int py = (int) Math.floor(cy[k] + 0.5), px = (int) Math.floor(cx[k] + 0.5);
            for (int y = Math.max(0, py - r); y <= Math.min(height - 1, py + r); y++) {
                int dy = y - py;
                for (int x = Math.max(0, px - r); x <= Math.min(width - 1, px + r); x++) {
                    int dx = x - px;
                    float g = (float) Math.exp(-(dy * dy + dx * dx) * inv);
                    int p = y * width + x;
                    if (g > heat[p]) heat[p] = g;
                }
            }
        }
        float[] off = new float[2 * n], ow = new float[n], cw = new float[n];
        short[] sem = semantic.clone();
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                boolean ignored = ignoreIndex >= 0 && (semantic[p] & 0xFFFF) == ignoreIndex;
                cw[p] = ignored ? 0f : 1f;
                int id = instanceIds[p] & 0xFFFF;
                if (id == 0) continue;
                int k = slot[id];
                off[p] = cy[k] - y;
                off[n + p] = cx[k] - x;
                ow[p] = ignored ? 0f : 1f;
            }
        }
        return new CenterTargets(width, height, sem, heat, cw, off, ow, count);
    }
}
