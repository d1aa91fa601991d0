package org.tessera.cli;

/** Parsing of size options. */
final class Sizes {
    private Sizes() {}

    /** Parses "WxH" into {width, height}. */
    static int[] parseWxH(String s, String option) {
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[1].trim());
                if (w > 0 && h > 0) return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new BadInputException(option + " must be WIDTHxHEIGHT with positive integers, got '" + s + "'");
    }

    /** Parses "HxW" (COCO's size order) into {height, width}. */
    static int[] parseHxW(String s, String option) {
        int[] a = parseWxH(s, option);
        return a;
    }
}
