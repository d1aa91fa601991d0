package org.tessera.train;

import java.util.List;

/**
 * The trainable architectures by name, with the meaning of the shared options ({@link TrainConfig#width()},
 * {@link TrainConfig#depth()}, {@link TrainConfig#batchNorm()}) for each:
 *
 * <ul>
 *   <li>{@code unet} — {@link UNet}: width = channels of the first stage (doubled per stage), depth = down-sampling
 *       stages (input multiple {@code 2^depth}), optional BN.</li>
 * </ul>
 */
public final class Architectures {
    /** The architecture names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("unet");

    private Architectures() {
    }

    /**
     * A new network (parameters not initialised).
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or invalid options
     */
    public static Network create(String arch, int inChannels, int numClasses, int width, int depth, boolean batchNorm) {
        return switch (arch == null ? "" : arch) {
            case "unet" -> new UNet(new UNet.Spec(inChannels, numClasses, width, depth, batchNorm));
            default -> throw new IllegalArgumentException("unknown architecture '" + arch + "'; available: " + String.join(", ", NAMES));
        };
    }

    /** Whether the architecture reads the depth option (its input multiple is then {@code 2^depth}). */
    public static boolean usesDepth(String arch) {
        return "unet".equals(arch) || "segnet".equals(arch);
    }
}
