package org.tessera.classic.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tessera.classic.binary.ConnectedComponentsTest.parse;

import org.junit.jupiter.api.Test;

class BinaryOpsTest {

    @Test
    void fillHolesFillsEnclosedBackgroundOnly() {
        byte[] m = parse(
                ".....",
                ".###.",
                ".#.#.",
                ".###.",
                "....#"
        );
        byte[] filled = BinaryOps.fillHoles(m, 5, 5, Connectivity.FOUR, Integer.MAX_VALUE);
        assertArrayEquals(parse(
                ".....",
                ".###.",
                ".###.",
                ".###.",
                "....#"), filled);
        // a hole larger than maxHoleArea stays
        assertArrayEquals(m, BinaryOps.fillHoles(m, 5, 5, Connectivity.FOUR, 0));
        // a hole touching the border is not a hole
        byte[] open = parse(
                "###",
                "#.#",
                "#.#");
        assertArrayEquals(open, BinaryOps.fillHoles(open, 3, 3, Connectivity.FOUR, Integer.MAX_VALUE));
    }

    @Test
    void morphologyOnHandCheckedCases() {
        byte[] m = parse(
                ".......",
                ".#####.",
                ".#####.",
                ".#####.",
                ".......");
        byte[] eroded = BinaryOps.erode(m, 7, 5, BinaryOps.Element.SQUARE, 1);
        assertArrayEquals(parse(
                ".......",
                ".......",
                "..###..",
                ".......",
                "......."), eroded);
        // outside pixels are neutral for erosion
        byte[] full = parse("###", "###");
        assertArrayEquals(full, BinaryOps.erode(full, 3, 2, BinaryOps.Element.SQUARE, 1));
        assertArrayEquals(full, BinaryOps.erode(full, 3, 2, BinaryOps.Element.DISK, 1));
        byte[] dot = parse(
                ".....",
                ".....",
                "..#..",
                ".....",
                ".....");
        assertArrayEquals(parse(
                ".....",
                ".###.",
                ".###.",
                ".###.",
                "....."), BinaryOps.dilate(dot, 5, 5, BinaryOps.Element.SQUARE, 1));
        assertArrayEquals(parse(
                "..#..",
                ".###.",
                "#####",
                ".###.",
                "..#.."), BinaryOps.dilate(dot, 5, 5, BinaryOps.Element.DIAMOND, 2));
        assertArrayEquals(parse(
                ".....",
                "..#..",
                ".###.",
                "..#..",
                "....."), BinaryOps.dilate(dot, 5, 5, BinaryOps.Element.DISK, 1));
        byte[] dot7 = new byte[49];
        dot7[24] = 1;
        assertArrayEquals(parse(
                "...#...",
                ".#####.",
                ".#####.",
                "#######",
                ".#####.",
                ".#####.",
                "...#..."), BinaryOps.dilate(dot7, 7, 7, BinaryOps.Element.DISK, 3));
        byte[] disk3 = BinaryOps.dilate(dot7, 7, 7, BinaryOps.Element.DISK, 3);
        assertArrayEquals(dot7, erodeWithZeroBorder(disk3));
        // opening removes the isolated dot, closing fills a one-pixel gap
        assertArrayEquals(new byte[25], BinaryOps.open(dot, 5, 5, BinaryOps.Element.SQUARE, 1));
        byte[] gap = parse(
                ".........",
                ".........",
                "..##.##..",
                "..##.##..",
                ".........",
                ".........");
        assertArrayEquals(parse(
                ".........",
                ".........",
                "..#####..",
                "..#####..",
                ".........",
                "........."), BinaryOps.close(gap, 9, 6, BinaryOps.Element.SQUARE, 1));
        assertThrows(IllegalArgumentException.class, () -> BinaryOps.erode(m, 7, 5, BinaryOps.Element.SQUARE, -1));
    }

    private static byte[] erodeWithZeroBorder(byte[] disk3) {
        // embed in a 9x9 zero frame so the image border is background, erode, crop back
        byte[] big = new byte[81];
        for (int y = 0; y < 7; y++) {
            System.arraycopy(disk3, y * 7, big, (y + 1) * 9 + 1, 7);
        }
        byte[] e = BinaryOps.erode(big, 9, 9, BinaryOps.Element.DISK, 3);
        byte[] out = new byte[49];
        for (int y = 0; y < 7; y++) {
            System.arraycopy(e, (y + 1) * 9 + 1, out, y * 7, 7);
        }
        return out;
    }

    @Test
    void removeSmallObjects() {
        byte[] m = parse(
                "#..##",
                "...##");
        assertArrayEquals(parse(
                "...##",
                "...##"), BinaryOps.removeSmallObjects(m, 5, 2, Connectivity.EIGHT, 2));
    }
}
