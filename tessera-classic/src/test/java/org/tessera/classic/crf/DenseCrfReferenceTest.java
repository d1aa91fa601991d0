package org.tessera.classic.crf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.image.Image;

/**
 * DenseCrf against Krähenbühl's reference implementation ({@code DenseCRF2D}, as vendored by pydensecrf): the
 * inputs and the reference marginals in {@code src/test/resources/crf-reference} were generated outside Tessera
 * (see the README there). Q must agree within {@value #Q_TOLERANCE} and the MAP labels exactly.
 */
class DenseCrfReferenceTest {
    /** Absolute tolerance on each marginal: both sides run the same float algorithm; measured max 4.8e-7. */
    static final float Q_TOLERANCE = 1e-5f;

    @ParameterizedTest
    @ValueSource(strings = {"l2_bilateral_5it", "l2_gaussian_5it", "l2_both_1it", "l21_both_5it", "l21_both_10it"})
    void agreesWithTheReferenceImplementation(String name) throws IOException {
        ByteBuffer in = resource(name + ".in");
        int w = in.getInt(), h = in.getInt(), m = in.getInt(), it = in.getInt();
        DenseCrfConfig c = new DenseCrfConfig();
        c.iterations = it;
        c.bilateralXy = in.getFloat();
        c.bilateralRgb = in.getFloat();
        c.bilateralWeight = in.getFloat();
        c.gaussianXy = in.getFloat();
        c.gaussianWeight = in.getFloat();
        int n = w * h;
        byte[] rgb = new byte[n * 3];
        in.get(rgb);
        float[] unary = new float[n * m];
        in.asFloatBuffer().get(unary);
        ByteBuffer ref = resource(name + ".q");
        float[] expected = new float[n * m];
        ref.asFloatBuffer().get(expected);

        float[] q = new DenseCrf(c).inferenceFromUnary(Image.of8(w, h, 3, rgb), unary, m);

        float maxDiff = 0;
        int labelDiffs = 0;
        for (int p = 0; p < n; p++) {
            for (int l = 0; l < m; l++) {
                maxDiff = Math.max(maxDiff, Math.abs(q[p * m + l] - expected[p * m + l]));
            }
            labelDiffs += argmax(q, p, m) != argmax(expected, p, m) ? 1 : 0;
        }
        System.out.printf("%s: %dx%d, %d labels, %d it.: max |dQ| = %.3g, MAP differences %d%n", name, w, h, m,
                it, maxDiff, labelDiffs);
        assertTrue(maxDiff <= Q_TOLERANCE, name + ": max |Q - Q_ref| = " + maxDiff);
        assertEquals(0, labelDiffs, name + ": MAP labels differ from the reference");
    }

    private static int argmax(float[] q, int p, int m) {
        int best = 0;
        for (int l = 1; l < m; l++) {
            if (q[p * m + l] > q[p * m + best]) {
                best = l;
            }
        }
        return best;
    }

    private static ByteBuffer resource(String name) throws IOException {
        try (InputStream s = DenseCrfReferenceTest.class.getResourceAsStream("/crf-reference/" + name)) {
            assertNotNull(s, "test resource /crf-reference/" + name + " is missing");
            return ByteBuffer.wrap(s.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
