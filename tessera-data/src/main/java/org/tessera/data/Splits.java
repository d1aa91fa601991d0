package org.tessera.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tessera.core.io.AtomicFiles;
import org.tessera.data.coco.CocoDataset;
import org.tessera.data.coco.CocoJson;

/**
 * Deterministic data-set splits. The same data set, fractions and seed always give the same split on every
 * machine and JVM: shuffling is a Fisher-Yates pass driven by {@link SplittableRandom}{@code (seed)}, and split sizes
 * are {@code floor(fraction * n)} with the remainder going to the earlier splits one by one (largest fractional part
 * first, ties to the earlier split).
 *
 * <p>Stratified splits group images by a key, the rarest category present in the image (by the number of images
 * containing it over the whole set; images without annotations form their own group), and split each group by the
 * fractions, so that rare classes reach every split when they have enough images.
 */
public final class Splits {
    private Splits() {}

    /** One split: its name and the sample indices (ascending). */
    public record Split(String name, int[] indices) {}

    /** Random split of all samples by {@code fractions} (summing to 1) into splits named {@code names}. */
    public static List<Split> random(Dataset d, List<String> names, double[] fractions, long seed) {
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return assemble(names, splitGroup(all, fractions, new SplittableRandom(seed)));
    }

    /** Stratified split (see the class comment). Reads every sample's annotations (or semantic maps) once. */
    public static List<Split> stratified(Dataset d, List<String> names, double[] fractions, long seed) throws IOException {
        int[] key = strataKeys(d);
        Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
        for (int i = 0; i < key.length; i++) groups.computeIfAbsent(key[i], k -> new ArrayList<>()).add(i);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<Integer>> parts = new ArrayList<>();
        for (int s = 0; s < fractions.length; s++) parts.add(new ArrayList<>());
        for (List<Integer> g : groups.values()) {
            int[] idx = g.stream().mapToInt(Integer::intValue).toArray();
            List<int[]> p = splitGroup(idx, fractions, rnd);
            for (int s = 0; s < p.size(); s++) for (int v : p.get(s)) parts.get(s).add(v);
        }
        List<int[]> arrays = new ArrayList<>();
        for (List<Integer> l : parts) arrays.add(l.stream().mapToInt(Integer::intValue).toArray());
        return assemble(names, arrays);
    }

    /**
     * K folds: fold f is the validation set of round f (the others its training set). Samples are shuffled with the
     * seed (stratified by the rarest present class when {@code stratified}) and dealt round-robin, so fold sizes differ
     * by at most one.
     */
    public static List<Split> kFold(Dataset d, int k, long seed, boolean stratified) throws IOException {
        if (k < 2 || k > d.size()) throw new IllegalArgumentException("k must be in 2.." + d.size() + ", got " + k);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) folds.add(new ArrayList<>());
        int deal = 0;
        if (stratified) {
            int[] key = strataKeys(d);
            Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
            for (int i = 0; i < key.length; i++) groups.computeIfAbsent(key[i], x -> new ArrayList<>()).add(i);
            for (List<Integer> g : groups.values()) {
                int[] idx = g.stream().mapToInt(Integer::intValue).toArray();
                shuffle(idx, rnd);
                for (int v : idx) folds.get(deal++ % k).add(v);
            }
        } else {
            int[] idx = new int[d.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            shuffle(idx, rnd);
            for (int v : idx) folds.get(deal++ % k).add(v);
        }
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int[] a = folds.get(f).stream().mapToInt(Integer::intValue).toArray();
            Arrays.sort(a);
            out.add(new Split("fold" + f, a));
        }
        return out;
    }

    /** The complement of {@code fold} (the training indices of that round). */
    public static int[] complement(Dataset d, Split fold) {
        boolean[] in = new boolean[d.size()];
        for (int i : fold.indices()) in[i] = true;
        return java.util.stream.IntStream.range(0, d.size()).filter(i -> !in[i]).toArray();
    }

    /**
     * Writes each split as {@code dir/<name>.txt}, one sample file name per line in index order (the lists VOC's
     * ImageSets and YOLO's split .txt files use), atomically.
     */
    public static void writeLists(Dataset d, List<Split> splits, Path dir) throws IOException {
        for (Split s : splits) {
            StringBuilder b = new StringBuilder();
            for (int i : s.indices()) b.append(d.get(i).fileName()).append('\n');
            AtomicFiles.write(dir.resolve(s.name() + ".txt"), b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes each split as a COCO file {@code dir/<name>.json} (annotation ids of a COCO source kept). */
    public static void writeCoco(Dataset d, List<Split> splits, Path dir) throws IOException {
        for (Split s : splits) {
            CocoJson.write(ListDataset.subset(d, s.indices()), dir.resolve(s.name() + ".json"), d instanceof CocoDataset);
        }
    }

    // ------------------------------------------------------------------ internals

    private static int[] strataKeys(Dataset d) throws IOException {
        int n = d.size();
        int[][] present = new int[n][];
        Map<Integer, Integer> imagesWith = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Sample s = d.get(i);
            int[] cats;
            if (s.hasAnnotations()) {
                cats = s.annotations().stream().filter(a -> !a.iscrowd()).mapToInt(Annotation::categoryId).distinct().toArray();
            } else if (s.hasSemantic()) {
                long[] h = s.semantic().histogram();
                cats = java.util.stream.IntStream.range(0, h.length).filter(v -> h[v] > 0 && v != d.ignoreIndex()).toArray();
            } else {
                cats = new int[0];
            }
            present[i] = cats;
            for (int c : cats) imagesWith.merge(c, 1, Integer::sum);
        }
        int[] key = new int[n];
        for (int i = 0; i < n; i++) {
            int best = Integer.MIN_VALUE, bestCount = Integer.MAX_VALUE;
            for (int c : present[i]) {
                int cnt = imagesWith.get(c);
                if (cnt < bestCount || (cnt == bestCount && c < best)) {
                    best = c;
                    bestCount = cnt;
                }
            }
            key[i] = best;
        }
        return key;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static List<int[]> splitGroup(int[] idx, double[] fractions, SplittableRandom rnd) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0)) throw new IllegalArgumentException("fractions must be >= 0");
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("fractions sum to " + sum + ", not 1");
        int[] a = idx.clone();
        shuffle(a, rnd);
        int n = a.length;
        int[] size = new int[fractions.length];
        int used = 0;
        for (int s = 0; s < size.length; s++) {
            size[s] = (int) Math.floor(fractions[s] * n);
            used += size[s];
        }
        Integer[] order = new Integer[size.length];
        for (int s = 0; s < order.length; s++) order[s] = s;
        Arrays.sort(order, (x, y) -> {
            double fx = fractions[x] * n - size[x], fy = fractions[y] * n - size[y];
            return fx != fy ? Double.compare(fy, fx) : Integer.compare(x, y);
        });
        for (int r = 0; used < n; r++, used++) size[order[r % order.length]]++;
        List<int[]> out = new ArrayList<>();
        int p = 0;
        for (int s = 0; s < size.length; s++) {
            int[] part = Arrays.copyOfRange(a, p, p + size[s]);
            Arrays.sort(part);
            out.add(part);
            p += size[s];
        }
        return out;
    }

    private static List<Split> assemble(List<String> names, List<int[]> parts) {
        if (names.size() != parts.size()) throw new IllegalArgumentException(names.size() + " names for " + parts.size() + " fractions");
        List<Split> out = new ArrayList<>();
        for (int s = 0; s < parts.size(); s++) {
            int[] a = parts.get(s).clone();
            Arrays.sort(a);
            out.add(new Split(names.get(s), a));
        }
        return out;
    }
}
