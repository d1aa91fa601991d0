package org.tessera.classic.region;

import java.util.Arrays;

/**
 * Min-heap of pixels keyed by (value, age) on primitive arrays; equal values pop in insertion order (FIFO), as
 * scikit-image's watershed heap.
 */
final class PixelHeap {
    private double[] key = new double[1024];
    private long[] age = new long[1024];
    private int[] pix = new int[1024];
    private int[] tag = new int[1024];
    private int size;
    private int lastTag;
    private long counter;

    boolean isEmpty() {
        return size == 0;
    }

    void push(double k, int p) {
        push(k, p, 0);
    }

    /** Pushes pixel p with a caller-defined tag, returned by {@link #lastTag()} after it pops. */
    void push(double k, int p, int t) {
        if (size == key.length) {
            key = Arrays.copyOf(key, size * 2);
            age = Arrays.copyOf(age, size * 2);
            pix = Arrays.copyOf(pix, size * 2);
            tag = Arrays.copyOf(tag, size * 2);
        }
        int i = size++;
        long a = counter++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (less(k, a, key[parent], age[parent])) {
                move(parent, i);
                i = parent;
            } else {
                break;
            }
        }
        set(i, k, a, p, t);
    }

    /** Copies entry {@code from} into slot {@code to} (sift step). */
    private void move(int from, int to) {
        set(to, key[from], age[from], pix[from], tag[from]);
    }

    private void set(int i, double k, long a, int p, int t) {
        key[i] = k;
        age[i] = a;
        pix[i] = p;
        tag[i] = t;
    }

    /** The tag of the entry popped last. */
    int lastTag() {
        return lastTag;
    }

    /** Removes the smallest entry and returns its pixel. */
    int pop() {
        int top = pix[0];
        lastTag = tag[0];
        int n = --size;
        if (n > 0) {
            double k = key[n];
            long a = age[n];
            int p = pix[n];
            int t = tag[n];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= n) {
                    break;
                }
                int r = l + 1;
                int c = r < n && less(key[r], age[r], key[l], age[l]) ? r : l;
                if (less(key[c], age[c], k, a)) {
                    move(c, i);
                    i = c;
                } else {
                    break;
                }
            }
            set(i, k, a, p, t);
        }
        return top;
    }

    double peekKey() {
        return key[0];
    }

    private static boolean less(double k1, long a1, double k2, long a2) {
        return k1 < k2 || (k1 == k2 && a1 < a2);
    }
}
