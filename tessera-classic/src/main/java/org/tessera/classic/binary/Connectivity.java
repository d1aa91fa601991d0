package org.tessera.classic.binary;

/** Pixel adjacency: 4 (edges only) or 8 (edges and corners). */
public enum Connectivity {
    FOUR, EIGHT;

    /** 4 or 8. */
    public static Connectivity of(int n) {
        return switch (n) {
            case 4 -> FOUR;
            case 8 -> EIGHT;
            default -> throw new IllegalArgumentException("connectivity must be 4 or 8, got " + n);
        };
    }

    /** The other one (background connectivity dual to this foreground connectivity). */
    public Connectivity dual() {
        return this == FOUR ? EIGHT : FOUR;
    }
}
