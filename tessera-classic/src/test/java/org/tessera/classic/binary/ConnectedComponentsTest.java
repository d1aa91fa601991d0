package org.tessera.classic.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    static byte[] parse(String... rows) {
        int w = rows[0].length();
        byte[] m = new byte[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = rows[y].charAt(x) == '#' ? (byte) 1 : 0;
            }
        }
        return m;
    }

    @Test
    void diagonalTouchDependsOnConnectivity() {
        byte[] m = parse(
                "#..#",
                ".#.#",
                "...."
        );
        Labeling four = ConnectedComponents.label(m, 4, 3, Connectivity.FOUR);
        assertEquals(3, four.count());
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 3, 0, 2, 0, 0, 0, 0}, four.labels());
        Labeling eight = ConnectedComponents.label(m, 4, 3, Connectivity.EIGHT);
        assertEquals(2, eight.count());
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0}, eight.labels());
        assertArrayEquals(new int[] {8, 2, 2}, eight.areas());
    }

    @Test
    void uShapeMergesLateAndKeepsRasterOrder() {
        byte[] m = parse(
                "#.#.#",
                "#.#.#",
                "###.#",
                "....#"
        );
        Labeling l = ConnectedComponents.label(m, 5, 4, Connectivity.FOUR);
        assertEquals(2, l.count());
        assertEquals(1, l.labels()[0]);
        assertEquals(1, l.labels()[2]);
        assertEquals(2, l.labels()[4]);
    }

    @Test
    void matchesFloodFillOnRandomMasks() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + rnd.nextInt(60), h = 1 + rnd.nextInt(60);
            double p = rnd.nextDouble();
            byte[] m = new byte[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = rnd.nextDouble() < p ? (byte) 1 : 0;
            }
            for (Connectivity c : Connectivity.values()) {
                assertArrayEquals(floodFill(m, w, h, c), ConnectedComponents.label(m, w, h, c).labels(),
                        "trial " + trial + " " + c);
            }
            byte[] gray = new byte[w * h];
            for (int i = 0; i < gray.length; i++) {
                gray[i] = (byte) rnd.nextInt(256);
            }
            assertArrayEquals(ConnectedComponents.label(BinaryOps.above(gray, 127.5), w, h, Connectivity.EIGHT).labels(),
                    ConnectedComponents.labelAbove(gray, w, h, 127.5, Connectivity.EIGHT).labels());
        }
    }

    /** Independent reference: BFS flood fill in raster order. */
    static int[] floodFill(byte[] m, int w, int h, Connectivity c) {
        int[] lab = new int[m.length];
        int n = 0;
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i] == 0 || lab[i] != 0) {
                continue;
            }
            lab[i] = ++n;
            q.add(i);
            while (!q.isEmpty()) {
                int p = q.poll(), x = p % w, y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if ((dx == 0 && dy == 0) || (c == Connectivity.FOUR && dx != 0 && dy != 0)) {
                            continue;
                        }
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                            continue;
                        }
                        int j = ny * w + nx;
                        if (m[j] != 0 && lab[j] == 0) {
                            lab[j] = n;
                            q.add(j);
                        }
                    }
                }
            }
        }
        return lab;
    }

    @Test
    void areaFilterRenumbers() {
        byte[] m = parse(
                "#..##",
                "...##",
                "#...."
        );
        Labeling l = ConnectedComponents.label(m, 5, 3, Connectivity.EIGHT);
        assertEquals(3, l.count());
        Labeling big = l.filterByArea(2, Integer.MAX_VALUE);
        assertEquals(1, big.count());
        assertEquals(1, big.labels()[3]);
        assertEquals(0, big.labels()[0]);
        assertEquals(4, big.areas()[1]);
        assertEquals(1, l.toLabelMap().get(0, 0));
        assertEquals(3, l.toLabelMap().get(0, 2));
    }

    @Test
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectedComponents.label(new byte[0], 0, 0, Connectivity.FOUR));
        assertTrue(e.getMessage().contains("empty image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConnectedComponents.label(new byte[5], 2, 2, Connectivity.FOUR));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(6));
    }
}
